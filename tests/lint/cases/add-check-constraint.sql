-- case: a check constraint on a released table
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int);
-- new V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_age_positive CHECK (age > 0);
-- expect
V2__check.sql:1:1 add-check-constraint ~ adding CHECK (age > 0) to person

-- case: PostgreSQL check constraint on a released table also scans it under a lock
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int);
-- new V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_age_positive CHECK (age > 0);
-- expect
V2__check.sql:1:1 add-check-constraint ~ adding CHECK (age > 0) to person
V2__check.sql:1:1 check-constraint-blocking

-- case: NOT VALID still applies to new writes
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int);
-- new V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_age_positive CHECK (age > 0) NOT VALID;
-- expect
V2__check.sql:1:1 add-check-constraint ~ NOT VALID still applies to new writes

-- case: checks on a table created in this release are fine
-- new V2__create.sql
CREATE TABLE invoice (id int primary key, total int CHECK (total >= 0));
-- expect

-- case: a SQLite rebuild that adds a check
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, age int);
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, age int CHECK (age > 0));
INSERT INTO person_new SELECT id, age FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__rebuild.sql:3:1 add-check-constraint
