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

-- case: MySQL before 8.0.16 parses CHECK and ignores it: nothing is rejected yet
-- dialect: mysql
-- config: server-version 5.7.44
-- released V1__init.sql
CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL DEFAULT 0);
-- new V2__check.sql
ALTER TABLE stock ADD CONSTRAINT stock_qty_nonneg CHECK (qty >= 0);
-- expect
V2__check.sql:1:1 add-check-constraint [info] ~ rejects nothing on MySQL 5.7.44, which parses CHECK and ignores it

-- case: MySQL 8.0.16 enforces it
-- dialect: mysql
-- config: server-version 8.0.16
-- released V1__init.sql
CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL DEFAULT 0);
-- new V2__check.sql
ALTER TABLE stock ADD CONSTRAINT stock_qty_nonneg CHECK (qty >= 0);
-- expect
V2__check.sql:1:1 add-check-constraint ~ adding CHECK (qty >= 0) to stock may reject inserts

-- case: MariaDB 10.2.1 and later enforce it
-- dialect: mysql
-- config: server-version 10.6.12-MariaDB
-- released V1__init.sql
CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL DEFAULT 0);
-- new V2__check.sql
ALTER TABLE stock ADD CONSTRAINT stock_qty_nonneg CHECK (qty >= 0);
-- expect
V2__check.sql:1:1 add-check-constraint ~ adding CHECK (qty >= 0) to stock may reject inserts

-- case: SQLite: rebuilding a released table as STRICT refuses values of another type, which SQLite stored until now
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, age integer, nick text);
-- new V2__strict.sql
CREATE TABLE person_new (id integer primary key, age integer, nick text) STRICT;
INSERT INTO person_new SELECT * FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__strict.sql:3:1 add-check-constraint [warning] ~ rebuilding person (via person_new) as a STRICT table makes SQLite refuse values that are not of their column's declared type

-- case: SQLite: a STRICT table rebuilt as STRICT, or a new STRICT table, asks nothing new
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, age integer, nick text) STRICT;
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, age integer, nick text, note text) STRICT;
INSERT INTO person_new (id, age, nick) SELECT id, age, nick FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
CREATE TABLE team (id integer primary key, name text) STRICT;
-- expect
