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

-- case: a new ON DELETE CASCADE key does not reject the running release's deletes: it reaches into the table
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE networks (id int PRIMARY KEY);
CREATE TABLE identities (id int PRIMARY KEY, nid int);
CREATE TABLE sessions (id int PRIMARY KEY, nid int);
-- new V2__fk.sql
ALTER TABLE identities ADD CONSTRAINT identities_nid_fk FOREIGN KEY (nid) REFERENCES networks (id) ON DELETE CASCADE;
ALTER TABLE sessions ADD CONSTRAINT sessions_nid_fk FOREIGN KEY (nid) REFERENCES networks (id) ON DELETE SET NULL;
-- expect
V2__fk.sql:1:1 add-foreign-key ~ may reject writes from the running release, and its deletes from networks now delete the identities rows that reference them
V2__fk.sql:1:1 foreign-key-blocking
V2__fk.sql:2:1 add-foreign-key ~ and its deletes from networks now set (nid) to NULL in the sessions rows that reference them
V2__fk.sql:2:1 foreign-key-blocking
