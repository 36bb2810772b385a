-- case: renaming a value of a released enum
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
-- new V2__rename.sql
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
-- expect
V2__rename.sql:1:1 change-enum ~ renaming value 'sad' of enum mood to 'blue'

-- case: adding a value is fine
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
-- new V2__add.sql
ALTER TYPE mood ADD VALUE 'calm';
-- expect

-- case: dropping a released enum type
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
-- new V2__drop.sql
DROP TYPE mood;
-- expect
V2__drop.sql:1:1 change-enum ~ dropping enum mood

-- case: MySQL enum column losing a value
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE ticket (id int primary key, state enum('open','closed','archived') NOT NULL DEFAULT 'open');
-- new V2__enum.sql
ALTER TABLE ticket MODIFY state enum('open','closed') NOT NULL DEFAULT 'open';
-- expect
V2__enum.sql:1:1 change-enum ~ removes or reorders values
V2__enum.sql:1:1 table-rewrite

-- case: MySQL enum column gaining a value at the end
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE ticket (id int primary key, state enum('open','closed') NOT NULL DEFAULT 'open');
-- new V2__enum.sql
ALTER TABLE ticket MODIFY state enum('open','closed','archived') NOT NULL DEFAULT 'open';
-- expect
