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
