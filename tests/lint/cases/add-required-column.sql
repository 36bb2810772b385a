-- case: a NOT NULL column without a default on a released table
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email varchar(200) NOT NULL;
-- expect
V2__email.sql:1:1 add-required-column ~ adding person.email (varchar(200)) as NOT NULL without a default

-- case: with a default the old release's inserts still work
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email varchar(200) NOT NULL DEFAULT '';
-- expect

-- case: a nullable column is fine
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__email.sql
ALTER TABLE person ADD COLUMN email varchar(200);
-- expect

-- case: a required column on a table created in this release is fine
-- new V2__create.sql
CREATE TABLE invoice (id int primary key);
ALTER TABLE invoice ADD COLUMN total int NOT NULL;
-- expect
