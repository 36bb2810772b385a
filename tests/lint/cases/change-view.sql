-- case: CREATE OR REPLACE VIEW that adds a column at the end is silent
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__view.sql
DROP VIEW person_names;
CREATE VIEW person_names AS SELECT id, last_name, email FROM person;
-- expect

-- case: a view redefined without one of its columns
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_names AS SELECT id, last_name, email FROM person;
-- new V2__view.sql
DROP VIEW person_names;
CREATE VIEW person_names AS SELECT id, email FROM person;
-- expect
V2__view.sql:2:1 change-view [error] ~ view person_names loses column last_name (varchar(100)), which the running release may still read

-- case: a view column renamed by an alias
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__view.sql
DROP VIEW person_names;
CREATE VIEW person_names AS SELECT id, last_name AS surname FROM person;
-- expect
V2__view.sql:2:1 change-view ~ view person_names renames column last_name (varchar(100)) to surname

-- case: PostgreSQL and MySQL: CREATE OR REPLACE VIEW with a column of another kind
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int);
CREATE VIEW person_ages AS SELECT id, age FROM person;
-- new V2__view.sql
CREATE OR REPLACE VIEW person_ages AS SELECT id, CAST(age AS char(3)) AS age FROM person;
-- expect
V2__view.sql:1:1 change-view ~ view person_ages changes column age

-- case: SELECT * views are compared with the columns they had
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_all AS SELECT * FROM person;
-- new V2__view.sql
CREATE OR REPLACE VIEW person_all AS SELECT id, email FROM person;
-- expect
V2__view.sql:1:1 change-view ~ view person_all loses column last_name

-- case: PostgreSQL: ALTER VIEW ... RENAME COLUMN
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__view.sql
ALTER VIEW person_names RENAME COLUMN last_name TO surname;
-- expect
V2__view.sql:1:1 change-view ~ view person_names renames column last_name (text) to surname

-- case: a repeatable file that redefines a released view is compared with it
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
-- released R__views.sql
CREATE OR REPLACE VIEW person_names AS SELECT id, last_name, email FROM person;
-- new R__views.sql
CREATE OR REPLACE VIEW person_names AS SELECT id, last_name FROM person;
-- expect
R__views.sql:1:1 change-view ~ view person_names loses column email

-- case: a repeatable file that appends a column to a released view is silent
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
-- released R__views.sql
CREATE OR REPLACE VIEW person_names AS SELECT id, last_name FROM person;
-- new R__views.sql
CREATE OR REPLACE VIEW person_names AS SELECT id, last_name, email FROM person;
-- expect

-- case: redefined twice in the release: only the final shape counts
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__view.sql
DROP VIEW person_names;
CREATE VIEW person_names AS SELECT id FROM person;
-- new V3__view.sql
DROP VIEW person_names;
CREATE VIEW person_names AS SELECT id, last_name, email FROM person;
-- expect

-- case: a widened column type is silent
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__view.sql
CREATE OR REPLACE VIEW person_names AS SELECT id, CAST(last_name AS varchar(200)) AS last_name FROM person;
-- expect

-- case: MySQL: ALTER VIEW ... AS redefines the view and is compared with it
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_names AS SELECT id, last_name, email FROM person;
-- new V2__view.sql
ALTER ALGORITHM = MERGE DEFINER = `app`@`%` SQL SECURITY INVOKER VIEW person_names AS SELECT id, email FROM person;
-- expect
V2__view.sql:1:1 change-view ~ view person_names loses column last_name

-- case: MySQL: ALTER VIEW ... AS that appends a column is silent
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__view.sql
ALTER VIEW person_names (id, last_name, email) AS SELECT id, last_name, email FROM person;
-- expect

-- case: PostgreSQL: ALTER TABLE ... RENAME COLUMN of a released view renames the view's column
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
ALTER TABLE person_names RENAME COLUMN last_name TO surname;
-- expect
V2__rename.sql:1:1 change-view ~ view person_names renames column last_name (text) to surname
