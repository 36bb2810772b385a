-- case: SET search_path resolves unqualified names to the schema that holds them
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE app.person (id int primary key, last_name text);
-- new V2__drop.sql
SET search_path TO app, public;
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:2:1 drop-column ~ dropping app.person.last_name (text)

-- case: a new table that shadows a released one is a different object
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE public.person (id int primary key, last_name text);
-- new V2__shadow.sql
SET search_path TO app, public;
CREATE TABLE person (id int primary key, surname text);
ALTER TABLE person DROP COLUMN surname;
CREATE INDEX person_surname_idx ON person (id);
-- expect

-- case: the released table is still reachable by its qualified name after a shadowing CREATE
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE public.person (id int primary key, last_name text);
-- new V2__shadow.sql
SET search_path TO app, public;
CREATE TABLE person (id int primary key);
ALTER TABLE public.person DROP COLUMN last_name;
-- expect
V2__shadow.sql:3:1 drop-column ~ dropping public.person.last_name

-- case: the search_path a file sets ends with the file
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE app.person (id int primary key, last_name text);
CREATE TABLE public.person (id int primary key, nick text);
-- new V2__path.sql
SET search_path TO app;
-- new V3__drop.sql
ALTER TABLE person DROP COLUMN nick;
-- expect
V3__drop.sql:1:1 drop-column ~ dropping person.nick (text)

-- case: RESET search_path goes back to the default
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE app.person (id int primary key, last_name text);
CREATE TABLE public.person (id int primary key, nick text);
-- new V2__drop.sql
SET search_path = app;
RESET search_path;
ALTER TABLE person DROP COLUMN nick;
-- expect
V2__drop.sql:3:1 drop-column ~ dropping person.nick (text)

-- case: the configured schemas are the search_path migrations run with
-- dialect: postgres
-- config: schemas app,public
-- released V1__init.sql
CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
ALTER TABLE app.person DROP COLUMN last_name;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping app.person.last_name (text)

-- case: with configured schemas, a table in a later schema of the path is found
-- dialect: postgres
-- config: schemas app,public
-- released V1__init.sql
CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE public.legacy (id int primary key, note text);
-- new V2__drop.sql
ALTER TABLE legacy DROP COLUMN note;
CREATE TABLE legacy (id int primary key, note text);
ALTER TABLE legacy DROP COLUMN note;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping public.legacy.note (text)

-- case: set_config('search_path', ...), as pg_dump writes it, sets the path as SET does
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE app.person (id int primary key, last_name text);
CREATE TABLE public.person (id int primary key, nick text);
-- new V2__drop.sql
SELECT pg_catalog.set_config('search_path', 'app', false);
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:2:1 drop-column ~ dropping app.person.last_name (text)

-- case: a set_config of another setting, or with a computed value, leaves the path alone
-- dialect: postgres
-- released V1__init.sql
CREATE SCHEMA app;
CREATE TABLE app.person (id int primary key, last_name text);
CREATE TABLE public.person (id int primary key, nick text);
-- new V2__drop.sql
SELECT set_config('statement_timeout', '0', false);
SELECT set_config('search_path', current_setting('search_path'), false);
ALTER TABLE person DROP COLUMN nick;
-- expect
V2__drop.sql:3:1 drop-column ~ dropping person.nick (text)
