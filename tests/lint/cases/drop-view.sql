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
