-- case: a foreign key on a released column
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int);
-- new V2__fk.sql
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id);
-- expect
V2__fk.sql:1:1 add-foreign-key ~ adding a foreign key from person (team_id) to team

-- case: PostgreSQL foreign key without NOT VALID also locks both tables while it validates
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int);
-- new V2__fk.sql
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id);
-- expect
V2__fk.sql:1:1 add-foreign-key ~ adding a foreign key from person (team_id) to team
V2__fk.sql:1:1 foreign-key-blocking

-- case: a foreign key on a column added in this release is fine
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key);
-- new V2__fk.sql
ALTER TABLE person ADD COLUMN team_id int REFERENCES team (id);
-- expect

-- case: a SQLite rebuild that adds a foreign key to a released column
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE team (id integer primary key);
CREATE TABLE person (id integer primary key, team_id int);
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, team_id int REFERENCES team (id));
INSERT INTO person_new SELECT id, team_id FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__rebuild.sql:3:1 add-foreign-key ~ (team_id) to team
