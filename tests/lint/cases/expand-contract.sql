-- case: step 1 of the four-step rename: add the new column (app writes both, reads old)
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add_surname.sql
-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname text;
-- expect

-- case: step 2: backfill (app reads the new column)
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- released V2__add_surname.sql
-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname text;
-- new V3__backfill_surname.sql
UPDATE person SET surname = last_name WHERE surname IS NULL;
-- expect

-- case: step 4: drop the old column a release after the app stopped writing it
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- released V2__add_surname.sql
-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname text;
-- released V3__backfill_surname.sql
UPDATE person SET surname = last_name WHERE surname IS NULL;
-- new V4__drop_last_name.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect

-- case: without the deprecation marker the drop is still a breaking change
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- released V2__add_surname.sql
ALTER TABLE person ADD COLUMN surname text;
-- new V3__drop_last_name.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect
V3__drop_last_name.sql:1:1 drop-column ~ dropping person.last_name (text)

-- case: repeatable migrations are replayed after the versioned ones
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- released R__person_view.sql
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- released V2__more.sql
ALTER TABLE person ADD COLUMN surname text;
-- new R__person_view.sql
DROP VIEW person_names;
CREATE VIEW person_names AS SELECT id, last_name, surname FROM person;
-- expect
