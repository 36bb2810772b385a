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
