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
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique index unique_session_device on app.session_devices (device)

-- case: with a baseline the schema may exist: still a warning
-- dialect: postgres
-- config: baseline
-- released V1__init.sql
CREATE TABLE session_devices (id int primary key, device text);
-- new V2__drop.sql
DROP INDEX IF EXISTS session_devices.unique_session_device;
-- expect
V2__drop.sql:1:1 drop-index-blocking [warning]

-- case: DROP INDEX IF EXISTS of an index no migration created drops nothing
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE resource (id bigint PRIMARY KEY, sig varchar(128));
-- new V2__drop.sql
DROP INDEX IF EXISTS resource_signature_unique;
-- expect
V2__drop.sql:1:1 drop-index-blocking [info] ~ DROP INDEX IF EXISTS resource_signature_unique drops nothing and takes no lock: no earlier migration created an index of that name

-- case: the same drop inside a function the migration calls
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE resource (id bigint PRIMARY KEY, sig varchar(128));
-- new V2__drop.sql
CREATE FUNCTION cleanup() RETURNS void AS $$
BEGIN
  DROP INDEX IF EXISTS resource_signature_unique;
END $$ LANGUAGE plpgsql;
SELECT cleanup();
-- expect
V2__drop.sql:5:1 drop-index-blocking [info] ~ drops nothing and takes no lock

-- case: names PostgreSQL gives keys, constraints and unnamed indexes may exist: still a warning
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE resource (id bigint PRIMARY KEY, sig varchar(128) UNIQUE, code text, CONSTRAINT resource_code_uq UNIQUE (code));
CREATE INDEX ON resource (code);
-- new V2__drop.sql
DROP INDEX IF EXISTS resource_pkey;
DROP INDEX IF EXISTS resource_sig_key;
DROP INDEX IF EXISTS resource_code_uq;
DROP INDEX IF EXISTS resource_code_idx1;
-- expect
V2__drop.sql:1:1 drop-index-blocking [warning]
V2__drop.sql:2:1 drop-index-blocking [warning]
V2__drop.sql:3:1 drop-index-blocking [warning]
V2__drop.sql:4:1 drop-index-blocking [warning]

-- case: an index a released statement the model could not follow names may exist: still a warning
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE resource (id bigint PRIMARY KEY, sig varchar(128));
DO $$ BEGIN EXECUTE 'CREATE INDEX resource_signature_unique ON resource (sig)'; END $$;
-- new V2__drop.sql
DROP INDEX IF EXISTS resource_signature_unique;
-- expect
V2__drop.sql:1:1 drop-index-blocking [warning]

-- case: with a baseline an index no migration created may exist: still a warning
-- dialect: postgres
-- config: baseline
-- released V1__init.sql
CREATE TABLE resource (id bigint PRIMARY KEY, sig varchar(128));
-- new V2__drop.sql
DROP INDEX IF EXISTS resource_signature_unique;
-- expect
V2__drop.sql:1:1 drop-index-blocking [warning]
