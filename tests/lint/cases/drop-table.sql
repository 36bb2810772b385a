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
V2__recreate.sql:1:1 drop-table [warning] ~ and creating it again deletes every row in it
V2__recreate.sql:1:1 drop-column ~ person.last_name

-- case: DROP TABLE IF EXISTS of a table no migration of a complete history created is info
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP TABLE IF EXISTS legacy_orders;
-- expect
V2__drop.sql:1:1 drop-table [info] ~ dropping table legacy_orders if it exists changes nothing the running release uses

-- case: the same drop in a release that is the whole history (V1 is new) is info too
-- new V1__init.sql
DROP TABLE IF EXISTS legacy_orders;
CREATE TABLE person (id int primary key, last_name text);
-- expect
V1__init.sql:1:1 drop-table [info]

-- case: a table that an earlier migration dropped is gone for the running release as well
-- released V1__init.sql
CREATE TABLE scratch (id int primary key);
-- released V2__cleanup.sql
DROP TABLE scratch;
-- new V3__drop.sql
DROP TABLE IF EXISTS scratch;
-- expect
V3__drop.sql:1:1 drop-table [info]

-- case: a history that does not start at version 1 may have created the table
-- released V2__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V3__drop.sql
DROP TABLE IF EXISTS legacy_orders;
-- expect
V3__drop.sql:1:1 drop-table [error] ~ dropping table legacy_orders breaks the running release

-- case: with a baseline the table may predate the migrations, so it counts as released
-- config: baseline
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP TABLE IF EXISTS legacy_orders;
-- expect
V2__drop.sql:1:1 drop-table [error]

-- case: without IF EXISTS the migration expects the table, so it counts as released
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP TABLE legacy_orders;
-- expect
V2__drop.sql:1:1 drop-table [error]

-- case: a DO block the model cannot follow may have created the table it names
-- dialect: postgres
-- released V1__init.sql
DO $$ BEGIN EXECUTE 'CREATE TABLE legacy_orders (id int)'; END $$;
-- new V2__drop.sql
DROP TABLE IF EXISTS legacy_orders;
-- expect
V2__drop.sql:1:1 drop-table [error]

-- case: a function that a migration called may have created the table it names
-- dialect: postgres
-- released V1__init.sql
CREATE FUNCTION setup() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'CREATE TABLE legacy_orders (id int)'; END $$;
SELECT setup();
-- new V2__drop.sql
DROP TABLE IF EXISTS legacy_orders;
-- expect
V2__drop.sql:1:1 drop-table [error]

-- case: SELECT ... INTO creates the table it names
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
SELECT * INTO person_copy FROM person;
-- new V2__drop.sql
DROP TABLE IF EXISTS person_copy;
-- expect
V2__drop.sql:1:1 drop-table [error]

-- case: detaching a partition of a released table takes its rows out of it, and without CONCURRENTLY locks it
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE measurement (id int, logdate date NOT NULL, v int) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_2023 PARTITION OF measurement FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- new V2__archive.sql
ALTER TABLE measurement DETACH PARTITION measurement_2023;
-- new V3__archive_concurrently.sql
ALTER TABLE measurement DETACH PARTITION measurement_2024 CONCURRENTLY;
-- expect
V2__archive.sql:1:1 drop-table [warning] ~ detaching partition measurement_2023 takes its rows out of measurement: the running release no longer reads them through measurement, and its writes of rows that belonged there fail (no partition of measurement takes them); without CONCURRENTLY it also holds an ACCESS EXCLUSIVE lock on measurement
V3__archive_concurrently.sql:1:1 drop-table [warning] ~ them)

-- case: detaching a partition of a table this release created asks nothing of the running release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE other (id int);
-- new V2__partitions.sql
CREATE TABLE measurement (id int, logdate date NOT NULL) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_2023 PARTITION OF measurement FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
ALTER TABLE measurement DETACH PARTITION measurement_2023;
-- expect
