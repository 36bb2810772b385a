-- case: a NOT NULL column without a default on a released table
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email varchar(200) NOT NULL;
-- expect
V2__email.sql:1:1 add-required-column ~ adding person.email (varchar(200)) as NOT NULL without a default

-- case: with a default the old release's inserts still work
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email varchar(200) NOT NULL DEFAULT '';
-- expect

-- case: a nullable column is fine
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email varchar(200);
-- expect

-- case: a required column on a table created in this release is fine
-- new V2__create.sql
CREATE TABLE invoice (id int primary key);
ALTER TABLE invoice ADD COLUMN total int NOT NULL;
-- expect

-- case: added nullable, backfilled and made NOT NULL in one file is a new required column
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email varchar(200);
UPDATE person SET email = 'unknown';
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- expect
V2__email.sql:3:1 add-required-column ~ making person.email (varchar(200)) NOT NULL without a default, added earlier in this file, makes it a required new column
V2__email.sql:3:1 not-null-scan ~ SET NOT NULL on person.email scans every row

-- case: the three steps spread over the files of one release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN email varchar(200);
-- new V3__backfill.sql
UPDATE person SET email = 'unknown';
-- new V4__required.sql
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- expect
V4__required.sql:1:1 add-required-column ~ added in V2__add.sql, makes it a required new column
V4__required.sql:1:1 not-null-scan

-- case: a new NOT NULL column whose default is dropped later in the release is required
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email text NOT NULL DEFAULT '';
ALTER TABLE person ALTER COLUMN email DROP DEFAULT;
-- expect
V2__email.sql:2:1 add-required-column ~ dropping the default of person.email (text), added earlier in this file

-- case: made NOT NULL, but with a default in its final shape, the old inserts still work
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email text;
UPDATE person SET email = '';
ALTER TABLE person ALTER COLUMN email SET DEFAULT '';
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- expect
V2__email.sql:4:1 not-null-scan

-- case: a required column that the release drops again leaves nothing to break
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email text;
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- new V3__undo.sql
ALTER TABLE person DROP COLUMN email;
-- expect
V2__email.sql:2:1 not-null-scan

-- case: three steps on a table created in the same release are fine
-- dialect: postgres
-- new V2__create.sql
CREATE TABLE invoice (id int primary key);
ALTER TABLE invoice ADD COLUMN total int;
UPDATE invoice SET total = 0;
ALTER TABLE invoice ALTER COLUMN total SET NOT NULL;
-- expect

-- case: MySQL MODIFY ... NOT NULL of a column added in the release
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN email varchar(200);
-- new V3__required.sql
UPDATE person SET email = 'unknown';
ALTER TABLE person MODIFY email varchar(200) NOT NULL;
-- expect
V3__required.sql:2:1 add-required-column ~ making person.email (varchar(200)) NOT NULL without a default, added in V2__add.sql
V3__required.sql:2:1 mixed-ddl-dml

-- case: MySQL MODIFY ... NOT NULL DEFAULT keeps the old inserts working
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN email varchar(200);
-- new V3__required.sql
ALTER TABLE person MODIFY email varchar(200) NOT NULL DEFAULT '';
-- expect

-- case: SQLite rebuild that makes a column added earlier in the release NOT NULL
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN email text;
-- new V3__rebuild.sql
CREATE TABLE person_new (id integer primary key, last_name text, email text NOT NULL);
INSERT INTO person_new SELECT id, last_name, coalesce(email, '') FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V3__rebuild.sql:3:1 add-required-column ~ rebuilding person with person.email (text) NOT NULL without a default, added in V2__add.sql

-- case: SQLite rebuild that gives the new column a default is fine
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN email text;
-- new V3__rebuild.sql
CREATE TABLE person_new (id integer primary key, last_name text, email text NOT NULL DEFAULT '');
INSERT INTO person_new SELECT id, last_name, coalesce(email, '') FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
