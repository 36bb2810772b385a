-- case: PostgreSQL SET NOT NULL on a released nullable column
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email text);
-- new V2__required.sql
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- expect
V2__required.sql:1:1 set-not-null ~ making person.email (text) NOT NULL breaks the running release
V2__required.sql:1:1 not-null-scan

-- case: CHECK (c IS NOT NULL) NOT VALID still rejects the old release's NULL writes
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email text);
-- new V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- expect
V2__check.sql:1:1 set-not-null ~ adding CHECK (email IS NOT NULL) NOT VALID to make person.email (text) NOT NULL

-- case: MySQL MODIFY that adds NOT NULL
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
-- new V2__required.sql
ALTER TABLE person MODIFY email varchar(200) NOT NULL;
-- expect
V2__required.sql:1:1 set-not-null ~ person.email (varchar(200)) NOT NULL

-- case: a SQLite rebuild that makes a released column NOT NULL
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, email text);
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, email text NOT NULL);
INSERT INTO person_new SELECT id, coalesce(email, '') FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__rebuild.sql:3:1 set-not-null ~ rebuilding person with person.email (text) NOT NULL

-- case: a column that is already NOT NULL stays silent
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200) NOT NULL);
-- new V2__again.sql
ALTER TABLE person MODIFY email varchar(200) NOT NULL;

-- case: PostgreSQL column that is already NOT NULL
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200) NOT NULL);
-- new V2__again.sql
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- expect

-- case: after a released, validated CHECK the old release already writes no NULLs
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email text);
-- released V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- released V3__validate.sql
ALTER TABLE person VALIDATE CONSTRAINT person_email_nn;
-- new V4__required.sql
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- expect
