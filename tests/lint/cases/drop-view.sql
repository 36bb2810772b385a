-- case: dropping a released view
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__drop.sql
DROP VIEW person_names;
-- expect
V2__drop.sql:1:1 drop-view ~ dropping view person_names

-- case: dropping and recreating a view in one migration redefines it
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__redefine.sql
DROP VIEW person_names;
CREATE VIEW person_names AS SELECT id, last_name, 1 AS version FROM person;
-- expect

-- case: dropping a view created in this release is fine
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__view.sql
CREATE VIEW person_tmp AS SELECT id FROM person;
DROP VIEW person_tmp;
-- expect

-- case: DROP VIEW IF EXISTS of a view no migration of a complete history created is info
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP VIEW IF EXISTS legacy_people;
-- expect
V2__drop.sql:1:1 drop-view [info] ~ dropping view legacy_people if it exists

-- case: MySQL: dropping a table a released view reads breaks the view
-- dialect: mysql sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- released V2__deprecate.sql
-- shiftway:deprecate table person
CREATE TABLE people (id int primary key, last_name varchar(100));
-- new V3__drop.sql
DROP TABLE person;
-- expect
V3__drop.sql:1:1 drop-view ~ dropping table person breaks view person_names, which reads it

-- case: MySQL: renaming a table a released view reads breaks the view
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
RENAME TABLE person TO people;
-- expect
V2__rename.sql:1:1 rename-table
V2__rename.sql:1:1 drop-view ~ renaming table person breaks view person_names

-- case: SQLite rewrites views on a rename; the view is not broken
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
ALTER TABLE person RENAME TO people;
-- expect
V2__rename.sql:1:1 rename-table

-- case: the view is redefined in the same migration: not reported
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE TABLE people (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- released V2__deprecate.sql
-- shiftway:deprecate table person
-- new V3__drop.sql
DROP TABLE person;
CREATE OR REPLACE VIEW person_names AS SELECT id, last_name FROM people;
-- expect

-- case: PostgreSQL: DROP TABLE ... CASCADE drops the released views that read it
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- released V2__deprecate.sql
-- shiftway:deprecate table person
-- new V3__drop.sql
DROP TABLE person CASCADE;
-- expect
V3__drop.sql:1:1 drop-view ~ dropping table person CASCADE also drops view person_names

-- case: PostgreSQL: without CASCADE the drop fails instead, nothing silent
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- released V2__deprecate.sql
-- shiftway:deprecate table person
-- new V3__drop.sql
DROP TABLE person;
-- expect

-- case: PostgreSQL: a view the migration dropped before the CASCADE is reported once, at its drop (Lemmy 65)
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- released V2__deprecate.sql
-- shiftway:deprecate table person
-- new V3__drop.sql
DROP VIEW IF EXISTS person_names CASCADE;
DROP TABLE IF EXISTS person CASCADE;
-- expect
V3__drop.sql:1:1 drop-view ~ dropping view person_names
