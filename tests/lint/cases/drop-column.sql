-- case: dropping a released column
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.last_name (text) breaks the running release

-- case: dropping a column added in this release is fine
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN nickname text;
-- new V3__drop.sql
ALTER TABLE person DROP COLUMN nickname;
-- expect

-- case: a SQLite-style rebuild that leaves a released column out drops it
-- dialect: sqlite postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__rebuild.sql
CREATE TABLE person_new (id int primary key, last_name text);
INSERT INTO person_new (id, last_name) SELECT id, last_name FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__rebuild.sql:3:1 drop-column ~ rebuilding person (via person_new) without person.age

-- case: a rebuild that renames the old table away first is judged the same way
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__rebuild.sql
ALTER TABLE person RENAME TO person_old;
CREATE TABLE person (id int primary key, last_name text);
INSERT INTO person (id, last_name) SELECT id, last_name FROM person_old;
DROP TABLE person_old;
-- expect
V2__rebuild.sql:1:1 drop-column ~ without person.age

-- case: a rebuild that keeps every released column and adds a nullable one is fine
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__rebuild.sql
PRAGMA foreign_keys = OFF;
CREATE TABLE person_new (id int primary key, last_name text, email text);
INSERT INTO person_new (id, last_name) SELECT id, last_name FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
PRAGMA foreign_keys = ON;
-- expect

-- case: DROP COLUMN IF EXISTS of a column no migration of a complete history created is info
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN IF EXISTS nickname;
-- expect
V2__drop.sql:1:1 drop-column [info] ~ dropping column person.nickname if it exists

-- case: DROP COLUMN IF EXISTS of a released column is still an error
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN IF EXISTS last_name;
-- expect
V2__drop.sql:1:1 drop-column [error]

-- case: a DO block's DDL is analysed like the statement itself
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__do.sql
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'last_name') THEN
    ALTER TABLE person DROP COLUMN last_name;
  END IF;
END $$;
-- expect
V2__do.sql:1:1 drop-column ~ dropping person.last_name (text) breaks the running release

-- case: EXECUTE of a string literal in a DO block is analysed
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__do.sql
DO $$ BEGIN EXECUTE 'ALTER TABLE person DROP COLUMN last_name'; END $$;
-- expect
V2__do.sql:1:1 drop-column ~ dropping person.last_name (text)

-- case: a function the migration creates and calls is analysed at the call
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__fn.sql
CREATE OR REPLACE FUNCTION drop_last_name() RETURNS void AS $$
BEGIN
  ALTER TABLE person DROP COLUMN last_name;
END;
$$ LANGUAGE plpgsql;
SELECT drop_last_name();
-- expect
V2__fn.sql:6:1 drop-column ~ dropping person.last_name (text)

-- case: a procedure the migration creates and CALLs, through PERFORM of a helper, is analysed
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__proc.sql
CREATE FUNCTION helper() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE person DROP COLUMN last_name; END $$;
CREATE PROCEDURE contract() LANGUAGE plpgsql AS $$ BEGIN PERFORM helper(); END $$;
CALL contract();
-- expect
V2__proc.sql:3:1 drop-column ~ dropping person.last_name (text)

-- case: a function that is created but never called changes nothing yet
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__fn.sql
CREATE FUNCTION drop_last_name() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE person DROP COLUMN last_name; END $$;
-- expect

-- case: DDL inside a function on a table the same body creates is fine
-- dialect: postgres
-- new V2__fn.sql
CREATE FUNCTION setup() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE scratch (id int, note text);
  ALTER TABLE scratch DROP COLUMN note;
END $$;
SELECT setup();
-- expect

-- case: a released column renamed, then dropped under its new name: the running release knows the old name
-- dialect: postgres mysql sqlite
-- released V1__init.sql
CREATE TABLE account (id integer PRIMARY KEY, note text);
-- new V2__rename.sql
ALTER TABLE account RENAME COLUMN note TO notes;
-- new V3__drop.sql
ALTER TABLE account DROP COLUMN notes;
-- expect
V2__rename.sql:1:1 rename-column ~ renaming account.note (text) to notes
V3__drop.sql:1:1 drop-column [error] ~ dropping account.notes (text) breaks the running release, which still reads and writes note (renamed to notes earlier in this release)
