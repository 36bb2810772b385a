-- case: without the live schema, a table no migration created is dropped by nothing
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- new V2__cleanup.sql
DROP TABLE IF EXISTS legacy;
-- expect
V2__cleanup.sql:1:1 drop-table [info]

-- case: the live database has the table, created out of band: it is released, and the drift is a finding
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name text);
CREATE TABLE legacy (id int primary key, note text);
-- new V2__cleanup.sql
DROP TABLE IF EXISTS legacy;
-- expect
V2__cleanup.sql:1:1 drop-table [error] ~ legacy
V2__cleanup.sql:1:1 released-schema-drift [warning] ~ the database differs from the schema its applied migrations produce: table legacy is in the database but no migration creates it; lint judged the new migrations against the database's schema

-- case: a column added out of band is released: dropping it breaks the running release
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name text, nickname text);
-- new V2__cleanup.sql
ALTER TABLE person DROP COLUMN IF EXISTS nickname;
-- expect
V2__cleanup.sql:1:1 drop-column [error] ~ nickname
V2__cleanup.sql:1:1 released-schema-drift [warning] ~ column person.nickname is in the database but no migration creates it

-- case: a migration that adds a column the database already has: the drift says it is there
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name text, nickname text);
-- new V2__nickname.sql
ALTER TABLE person ADD COLUMN nickname text;
-- expect
V2__nickname.sql:1:1 released-schema-drift [warning] ~ column person.nickname is in the database but no migration creates it

-- case: a column the database changed out of band is judged by its live type
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name varchar(50));
-- new V2__widen.sql
ALTER TABLE person ALTER COLUMN name TYPE varchar(100);
-- expect
V2__widen.sql:1:1 released-schema-drift [warning] ~ column person.name has type varchar(50) in the database, but the migrations give text

-- case: the same widening against the replayed type is a narrowing
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- new V2__widen.sql
ALTER TABLE person ALTER COLUMN name TYPE varchar(100);
-- expect
V2__widen.sql:1:1 change-column-type
V2__widen.sql:1:1 table-rewrite

-- case: an index dropped out of band is not there to drop
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
CREATE INDEX name_lookup ON person (name);
-- live
CREATE TABLE person (id int primary key, name text);
-- new V2__drop_index.sql
DROP INDEX IF EXISTS name_lookup;
-- expect
V2__drop_index.sql:1:1 drop-index-blocking [info]
V2__drop_index.sql:1:1 released-schema-drift [warning] ~ index name_lookup on person (name) is created by the migrations but missing from the database

-- case: a clean database: no drift, and the findings replay gives
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name text);
-- new V2__rename.sql
ALTER TABLE person RENAME COLUMN name TO full_name;
-- expect
V2__rename.sql:1:1 rename-column

-- case: [check] ignore keeps a difference out of the findings, and the live schema still wins
-- config: ignore legacy*
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name text);
CREATE TABLE legacy_audit (id int primary key);
-- new V2__cleanup.sql
DROP TABLE IF EXISTS legacy_audit;
-- expect
V2__cleanup.sql:1:1 drop-table [error]

-- case: after a baseline, objects no migration created are the baseline's, not drift
-- config: baseline
-- released V2__more.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name text);
CREATE TABLE legacy (id int primary key);
-- new V3__cleanup.sql
DROP TABLE legacy;
-- expect
V3__cleanup.sql:1:1 drop-table [error]

-- case: an allow-file accepts the drift for a release
-- released V1__init.sql
CREATE TABLE person (id int primary key, name text);
-- live
CREATE TABLE person (id int primary key, name text, nickname text);
-- new V2__add.sql
-- shiftway:allow-file released-schema-drift reason: the nickname column is added by V3
ALTER TABLE person ADD COLUMN email text;
-- expect
