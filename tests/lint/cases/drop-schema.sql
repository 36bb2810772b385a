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
