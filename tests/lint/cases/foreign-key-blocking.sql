-- case: NOT VALID, then VALIDATE in the same migration keeps the lock
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int);
-- new V2__fk.sql
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) NOT VALID;
ALTER TABLE person VALIDATE CONSTRAINT person_team_fk;
-- expect
V2__fk.sql:1:1 add-foreign-key
V2__fk.sql:2:1 foreign-key-blocking ~ validating foreign key person_team_fk in the same migration

-- case: VALIDATE in a later migration is the safe sequence
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int);
-- released V2__fk.sql
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) NOT VALID;
-- new V3__validate.sql
ALTER TABLE person VALIDATE CONSTRAINT person_team_fk;
-- expect

-- case: a foreign key on a table created in this release is fine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
-- new V2__create.sql
CREATE TABLE person (id int primary key, team_id int);
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id);
-- expect
