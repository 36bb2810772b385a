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
