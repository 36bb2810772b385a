-- case: renaming a released schema
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA billing;
-- new V2__rename.sql
ALTER SCHEMA billing RENAME TO accounting;
-- expect
V2__rename.sql:1:1 rename-schema ~ renaming schema billing to accounting

-- case: renaming a schema created in this release is fine
-- dialect: postgres
-- new V2__tmp.sql
CREATE SCHEMA scratch;
ALTER SCHEMA scratch RENAME TO scratch2;
-- expect
