-- case: DROP INDEX without CONCURRENTLY
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE INDEX person_last_name_idx ON person (last_name);
-- new V2__drop.sql
DROP INDEX person_last_name_idx;
-- expect
V2__drop.sql:1:1 drop-index-blocking ~ ACCESS EXCLUSIVE lock on person

-- case: DROP INDEX CONCURRENTLY is fine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE INDEX person_last_name_idx ON person (last_name);
-- new V2__drop.sql
DROP INDEX CONCURRENTLY person_last_name_idx;
-- expect

-- case: SQLite drops indexes without blocking readers for long
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE INDEX person_last_name_idx ON person (last_name);
-- new V2__drop.sql
DROP INDEX person_last_name_idx;
-- expect

-- case: DROP INDEX IF EXISTS table.index names a schema no migration created: it drops nothing
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE session_devices (id int primary key, device text);
CREATE UNIQUE INDEX unique_session_device ON session_devices (device);
-- new V2__drop.sql
DROP INDEX IF EXISTS session_devices.unique_session_device;
-- expect
V2__drop.sql:1:1 drop-index-blocking [info] ~ drops nothing and takes no lock: PostgreSQL reads session_devices as a schema

-- case: the same drop in a schema that exists still blocks
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE app.session_devices (id int primary key, device text);
CREATE UNIQUE INDEX unique_session_device ON app.session_devices (device);
-- new V2__drop.sql
DROP INDEX IF EXISTS app.unique_session_device;
-- expect
V2__drop.sql:1:1 drop-index-blocking [warning]

-- case: with a baseline the schema may exist: still a warning
-- dialect: postgres
-- config: baseline
-- released V1__init.sql
CREATE TABLE session_devices (id int primary key, device text);
-- new V2__drop.sql
DROP INDEX IF EXISTS session_devices.unique_session_device;
-- expect
V2__drop.sql:1:1 drop-index-blocking [warning]
