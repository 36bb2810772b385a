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

-- case: renaming a released enum: the running release still names the type
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE app.sort_type AS ENUM ('Hot', 'New');
CREATE TABLE app.local_user (id int primary key, s app.sort_type NOT NULL);
-- new V2__rename.sql
ALTER TYPE app.sort_type RENAME TO post_sort_type;
ALTER TYPE app.post_sort_type ADD VALUE 'Old';
-- expect
V2__rename.sql:1:1 change-enum [error] ~ renaming enum app.sort_type to app.post_sort_type breaks the running release, which still names the type app.sort_type

-- case: renaming an enum of this release, or a released one back to its name, is silent
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
-- new V2__rename.sql
CREATE TYPE feeling AS ENUM ('happy', 'sad');
ALTER TYPE feeling RENAME TO feeling2;
ALTER TYPE mood RENAME TO mood_tmp;
ALTER TYPE mood_tmp RENAME TO mood;
-- expect
