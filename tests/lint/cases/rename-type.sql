-- case: renaming a released domain: the running release still names the type
-- dialect: postgres
-- released V1__init.sql
CREATE DOMAIN app.email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE app.person (id int PRIMARY KEY, mail app.email NOT NULL);
-- new V2__rename.sql
ALTER DOMAIN app.email RENAME TO email_address;
-- expect
V2__rename.sql:1:1 rename-type [error] ~ renaming domain app.email to app.email_address breaks the running release, which still names the type app.email

-- case: renaming a released composite type
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE address AS (street text, city text);
CREATE TABLE person (id int PRIMARY KEY, home address);
-- new V2__rename.sql
ALTER TYPE address RENAME TO postal_address;
-- expect
V2__rename.sql:1:1 rename-type [error] ~ renaming composite type address to postal_address breaks the running release

-- case: moving a released domain to another schema
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA types;
CREATE DOMAIN email AS text;
-- new V2__move.sql
ALTER DOMAIN email SET SCHEMA types;
-- expect
V2__move.sql:1:1 rename-type [error] ~ moving domain email to schema types as types.email breaks the running release

-- case: a type of this release, or a released one renamed back, is silent
-- dialect: postgres
-- released V1__init.sql
CREATE DOMAIN email AS text;
-- new V2__rename.sql
CREATE TYPE address AS (street text, city text);
ALTER TYPE address RENAME TO postal_address;
CREATE DOMAIN code AS text;
ALTER DOMAIN code RENAME TO short_code;
ALTER DOMAIN email RENAME TO email_tmp;
ALTER DOMAIN email_tmp RENAME TO email;
-- expect

-- case: a column of a renamed domain keeps its type, so a later drop of the column is judged as usual
-- dialect: postgres
-- released V1__init.sql
CREATE DOMAIN email AS text;
CREATE TABLE person (id int PRIMARY KEY, mail email);
-- new V2__rename.sql
ALTER DOMAIN email RENAME TO email_address;
DROP DOMAIN email_address CASCADE;
-- expect
V2__rename.sql:1:1 rename-type [error] ~ renaming domain email to email_address
V2__rename.sql:2:1 drop-column [error] ~ person.mail
