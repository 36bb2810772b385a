-- case: a foreign key dropped and re-created with another ON DELETE action is not identical
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int, CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id));
-- new V2__fk.sql
ALTER TABLE person DROP CONSTRAINT person_team_fk;
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE NOT VALID;
-- expect
V2__fk.sql:2:1 add-foreign-key [error] ~ re-creating the foreign key from person (team_id) to team with ON DELETE CASCADE (was NO ACTION) changes what the running release's deletes and updates of team do to person

-- case: a foreign key re-created with the same actions (RESTRICT rejects what NO ACTION rejects) is silent
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int, CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE SET NULL);
-- new V2__fk.sql
ALTER TABLE person DROP CONSTRAINT person_team_fk;
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE SET NULL ON UPDATE RESTRICT NOT VALID;
-- expect

-- case: MySQL: a foreign key re-created with another ON UPDATE action is not identical
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int, CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE);
-- new V2__fk.sql
ALTER TABLE person DROP FOREIGN KEY person_team_fk;
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE ON UPDATE SET NULL;
-- expect
V2__fk.sql:2:1 add-foreign-key ~ with ON UPDATE SET NULL (was NO ACTION)

-- case: MySQL: a foreign key re-created with the same actions is silent
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int, CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE);
-- new V2__fk.sql
ALTER TABLE person DROP FOREIGN KEY person_team_fk;
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) ON DELETE CASCADE;
-- expect

-- case: SQLite: a rebuild that changes a foreign key's ON DELETE action is not identical
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE team (id integer primary key);
CREATE TABLE person (id integer primary key, team_id integer REFERENCES team (id));
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, team_id integer REFERENCES team (id) ON DELETE CASCADE);
INSERT INTO person_new SELECT id, team_id FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__rebuild.sql:3:1 add-foreign-key ~ with ON DELETE CASCADE (was NO ACTION)

-- case: SQLite: a rebuild that keeps the foreign key as it was is silent
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE team (id integer primary key);
CREATE TABLE person (id integer primary key, team_id integer REFERENCES team (id) ON DELETE CASCADE);
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, team_id integer REFERENCES team (id) ON DELETE CASCADE, note text);
INSERT INTO person_new SELECT id, team_id, NULL FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect

-- case: MySQL: dropping a column a released view reads breaks the view
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_names AS SELECT p.id, p.last_name FROM person p;
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:1:1 drop-column
V2__drop.sql:1:1 drop-view [error] ~ dropping column person.last_name breaks view person_names, which reads it: the view stays and every query on it fails

-- case: MySQL: renaming a column a released view reads breaks the view
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
ALTER TABLE person CHANGE last_name surname varchar(100);
-- expect
V2__rename.sql:1:1 rename-column
V2__rename.sql:1:1 drop-view ~ renaming column person.last_name breaks view person_names

-- case: MySQL: a SELECT * view lists its columns when it is created, so any dropped column breaks it
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_all AS SELECT * FROM person;
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN email;
-- expect
V2__drop.sql:1:1 drop-column
V2__drop.sql:1:1 drop-view ~ dropping column person.email breaks view person_all

-- case: MySQL: a column no view reads, or a view redefined in the same migration, is only drop-column
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), email varchar(200));
CREATE VIEW person_names AS SELECT id, last_name FROM person;
CREATE VIEW person_mail AS SELECT id, email FROM person;
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN email;
CREATE OR REPLACE VIEW person_mail AS SELECT id FROM person;
-- expect
V2__drop.sql:1:1 drop-column
V2__drop.sql:2:1 change-view ~ view person_mail loses column email

-- case: SQLite: renaming a column that a released view shows renames the view's column too
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
-- new V2__rename.sql
ALTER TABLE person RENAME COLUMN last_name TO surname;
-- expect
V2__rename.sql:1:1 rename-column
V2__rename.sql:1:1 drop-view ~ renaming column person.last_name to surname also renames column last_name of view person_names (SQLite rewrites the view)

-- case: SQLite: a view that shows the column under an alias keeps its columns
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, last_name text);
CREATE VIEW person_names AS SELECT id, last_name AS name FROM person;
-- new V2__rename.sql
ALTER TABLE person RENAME COLUMN last_name TO surname;
-- expect
V2__rename.sql:1:1 rename-column

-- case: PostgreSQL: DROP COLUMN ... CASCADE drops the released views that read the column
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, email text);
CREATE VIEW person_names AS SELECT id, last_name FROM person;
CREATE VIEW person_mail AS SELECT id, email FROM person;
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN last_name CASCADE;
-- expect
V2__drop.sql:1:1 drop-column
V2__drop.sql:1:1 drop-view ~ dropping column person.last_name CASCADE also drops view person_names, which reads it

-- case: PostgreSQL: without CASCADE the drop fails instead, and a rename keeps the view's columns
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, email text);
CREATE VIEW person_names AS SELECT id, last_name, email FROM person;
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN last_name;
ALTER TABLE person RENAME COLUMN email TO mail;
-- expect
V2__drop.sql:1:1 drop-column
V2__drop.sql:2:1 rename-column

-- case: PostgreSQL: DROP SEQUENCE ... CASCADE drops the defaults that read it
-- dialect: postgres
-- released V1__init.sql
CREATE SEQUENCE ticket_no;
CREATE TABLE ticket (id int primary key, no bigint NOT NULL DEFAULT nextval('ticket_no'::regclass), note text DEFAULT 'x');
-- new V2__drop.sql
DROP SEQUENCE ticket_no CASCADE;
-- expect
V2__drop.sql:1:1 drop-default [error] ~ dropping sequence ticket_no CASCADE also drops the default of ticket.no (nextval('ticket_no'::regclass)), and the running release inserts rows without no, which will now fail the NOT NULL

-- case: PostgreSQL: a serial column's default reads its own sequence
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE ticket (id serial primary key, note text);
-- new V2__drop.sql
DROP SEQUENCE IF EXISTS ticket_id_seq CASCADE;
-- expect
V2__drop.sql:1:1 drop-default ~ dropping sequence ticket_id_seq CASCADE also drops the default of ticket.id

-- case: PostgreSQL: DROP FUNCTION ... CASCADE drops the defaults that call it (the trigger that runs a trigger function goes with it, as an explicit DROP TRIGGER does)
-- dialect: postgres
-- released V1__init.sql
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TABLE ticket (id int primary key, code text NOT NULL DEFAULT next_code(), updated timestamptz);
CREATE TRIGGER ticket_touch BEFORE UPDATE ON ticket FOR EACH ROW EXECUTE FUNCTION touch();
-- new V2__drop.sql
DROP FUNCTION next_code() CASCADE;
DROP FUNCTION touch() CASCADE;
-- expect
V2__drop.sql:1:1 drop-default ~ dropping function next_code CASCADE also drops the default of ticket.code
V2__drop.sql:1:1 drop-routine ~ dropping function next_code breaks the running release if it calls next_code

-- case: PostgreSQL: a trigger dropped before its function goes with it, nothing taken by CASCADE
-- dialect: postgres
-- released V1__init.sql
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
CREATE TABLE ticket (id int primary key, updated timestamptz);
CREATE TRIGGER ticket_touch BEFORE UPDATE ON ticket FOR EACH ROW EXECUTE FUNCTION touch();
-- new V2__drop.sql
DROP TRIGGER ticket_touch ON ticket;
DROP FUNCTION touch() CASCADE;
-- expect

-- case: PostgreSQL: DROP TYPE ... CASCADE drops the columns of that type
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE person (id int primary key, m mood, ms mood[]);
-- new V2__drop.sql
DROP TYPE mood CASCADE;
-- expect
V2__drop.sql:1:1 change-enum ~ dropping enum mood
V2__drop.sql:1:1 drop-column ~ dropping type mood CASCADE also drops person.m (mood)
V2__drop.sql:1:1 drop-column ~ dropping type mood CASCADE also drops person.ms (mood[])

-- case: PostgreSQL: a sequence or function of this release dropped with CASCADE takes nothing released
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE ticket (id int primary key);
-- new V2__add.sql
CREATE SEQUENCE ticket_no;
ALTER TABLE ticket ADD COLUMN no bigint DEFAULT nextval('ticket_no');
-- new V3__drop.sql
ALTER TABLE ticket DROP COLUMN no;
DROP SEQUENCE ticket_no CASCADE;
-- expect
V2__add.sql:2:1 table-rewrite
