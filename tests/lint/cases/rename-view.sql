-- case: renaming a released view
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
ALTER VIEW person_names RENAME TO people_names;
-- expect
V2__rename.sql:1:1 rename-view ~ renaming view person_names to people_names

-- case: renaming a view created in this release is fine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__view.sql
CREATE VIEW person_tmp AS SELECT id FROM person;
ALTER VIEW person_tmp RENAME TO person_ids;
-- expect

-- case: MySQL: RENAME TABLE of a released view renames the view
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
RENAME TABLE person_names TO people_names;
-- expect
V2__rename.sql:1:1 rename-view [error] ~ renaming view person_names to people_names breaks the running release

-- case: MySQL: RENAME TABLE of a view of this release is silent, and the view keeps its columns
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
-- new V2__rename.sql
CREATE VIEW person_tmp AS SELECT id, last_name FROM person;
RENAME TABLE person_tmp TO person_names;
-- new V3__drop.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect
V3__drop.sql:1:1 drop-column ~ dropping person.last_name

-- case: PostgreSQL: ALTER TABLE ... RENAME TO of a released view renames the view
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
ALTER TABLE person_names RENAME TO people_names;
-- expect
V2__rename.sql:1:1 rename-view [error] ~ renaming view person_names to people_names breaks the running release
