-- case: MySQL: a released column made INVISIBLE
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), nick varchar(40));
-- new V2__hide.sql
ALTER TABLE person ALTER COLUMN email SET INVISIBLE;
-- expect
V2__hide.sql:1:1 set-invisible [warning] ~ making person.email INVISIBLE hides it from the running release's SELECT * (which no longer returns email) and from its INSERT INTO person VALUES (...) without a column list, which now has one value too many and fails

-- case: MariaDB: MODIFY ... INVISIBLE, and an invisible column made VISIBLE
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), note text INVISIBLE);
-- new V2__hide.sql
ALTER TABLE person MODIFY email varchar(200) INVISIBLE;
ALTER TABLE person MODIFY COLUMN note text;
-- expect
V2__hide.sql:1:1 set-invisible ~ making person.email INVISIBLE
V2__hide.sql:2:1 set-invisible ~ making person.note VISIBLE adds it to the running release's SELECT * and to its INSERT INTO person VALUES (...) without a column list, which now has one value too few and fails

-- case: MySQL: an invisible column added, a column of this release hidden, or hidden and shown again, is fine
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), note text INVISIBLE);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN code varchar(10) INVISIBLE;
ALTER TABLE person ADD COLUMN tag varchar(10);
ALTER TABLE person ALTER COLUMN tag SET INVISIBLE;
ALTER TABLE person ALTER COLUMN email SET INVISIBLE;
ALTER TABLE person ALTER COLUMN email SET VISIBLE;
ALTER TABLE person MODIFY note text INVISIBLE;
-- expect
