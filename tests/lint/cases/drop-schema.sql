-- case: dropping a released schema
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA billing;
CREATE TABLE billing.invoice (id int primary key);
-- new V2__drop.sql
DROP SCHEMA billing CASCADE;
-- expect
V2__drop.sql:1:1 drop-schema ~ dropping schema billing with CASCADE

-- case: MySQL DROP DATABASE
-- dialect: mysql
-- released V1__init.sql
CREATE DATABASE billing;
-- new V2__drop.sql
DROP DATABASE billing;
-- expect
V2__drop.sql:1:1 drop-schema ~ dropping schema billing

-- case: dropping a schema created in this release is fine
-- dialect: postgres mysql
-- new V2__tmp.sql
CREATE SCHEMA scratch;
DROP SCHEMA scratch;
-- expect

-- case: DROP SCHEMA IF EXISTS of a schema no migration of a complete history created is info
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP SCHEMA IF EXISTS legacy CASCADE;
-- expect
V2__drop.sql:1:1 drop-schema [info] ~ dropping schema legacy if it exists changes nothing

-- case: with a baseline the schema counts as released
-- dialect: postgres
-- config: baseline
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP SCHEMA IF EXISTS legacy CASCADE;
-- expect
V2__drop.sql:1:1 drop-schema [error]
