-- case: dropping a released table
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP TABLE person;
-- expect
V2__drop.sql:1:1 drop-table ~ dropping table person breaks the running release

-- case: dropping a table created in this release is fine
-- new V2__tmp.sql
CREATE TABLE scratch (id int primary key);
-- new V3__drop.sql
DROP TABLE scratch;
-- expect

-- case: dropping a table the model never saw counts as released
-- new V2__drop.sql
DROP TABLE IF EXISTS legacy_orders;
-- expect
V2__drop.sql:1:1 drop-table ~ legacy_orders

-- case: dropping a table whose deprecation shipped in an earlier release is the contract step
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- released V2__deprecate.sql
-- shiftway:deprecate table person
CREATE TABLE people (id int primary key, last_name text);
-- new V3__drop.sql
DROP TABLE person;
-- expect

-- case: dropping a released table and creating it again still loses its data
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__recreate.sql
DROP TABLE person;
CREATE TABLE person (id int primary key, surname text);
ALTER TABLE person ADD COLUMN age int;
-- expect
V2__recreate.sql:1:1 drop-table
