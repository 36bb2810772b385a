-- case: dropping a released function
-- dialect: postgres
-- released V1__init.sql
CREATE FUNCTION full_name(first text, last text) RETURNS text LANGUAGE sql AS 'SELECT first || '' '' || last';
-- new V2__drop.sql
DROP FUNCTION full_name(text, text);
-- expect
V2__drop.sql:1:1 drop-routine ~ dropping function full_name

-- case: MySQL DROP FUNCTION
-- dialect: mysql
-- released V1__init.sql
CREATE FUNCTION answer() RETURNS int DETERMINISTIC RETURN 42;
-- new V2__drop.sql
DROP FUNCTION IF EXISTS answer;
-- expect
V2__drop.sql:1:1 drop-routine ~ dropping function answer

-- case: dropping and recreating a function in one migration redefines it
-- dialect: postgres
-- released V1__init.sql
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
-- new V2__redefine.sql
DROP FUNCTION answer();
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 43';
-- expect

-- case: dropping a function created in this release is fine
-- dialect: postgres
-- new V2__tmp.sql
CREATE FUNCTION tmp_helper() RETURNS int LANGUAGE sql AS 'SELECT 1';
DROP FUNCTION tmp_helper();
-- expect

-- case: DROP FUNCTION IF EXISTS of a function no migration of a complete history created is info
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
DROP FUNCTION IF EXISTS legacy_cleanup();
-- expect
V2__drop.sql:1:1 drop-routine [info] ~ dropping function legacy_cleanup if it exists

-- case: after CREATE EXTENSION a function may come from the extension, so it counts as released
-- dialect: postgres
-- released V1__init.sql
CREATE EXTENSION IF NOT EXISTS pgcrypto;
-- new V2__drop.sql
DROP FUNCTION IF EXISTS gen_random_bytes(integer);
-- expect
V2__drop.sql:1:1 drop-routine [warning]

-- case: dropping a trigger function with its trigger is not drop-routine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE post (id int primary key, score int);
CREATE FUNCTION post_score_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER post_score_sync BEFORE INSERT ON post FOR EACH ROW EXECUTE FUNCTION post_score_sync();
-- new V2__drop.sql
DROP FUNCTION post_score_sync CASCADE;
-- expect

-- case: dropping a released function that returns data is still drop-routine
-- dialect: postgres
-- released V1__init.sql
CREATE FUNCTION score_of(p int) RETURNS int LANGUAGE sql AS 'SELECT p';
-- new V2__drop.sql
DROP FUNCTION score_of(int);
-- expect
V2__drop.sql:1:1 drop-routine [warning]

-- case: PostgreSQL: a trigger function renamed (its trigger follows it), then dropped with its trigger under the new name, is not drop-routine (Lemmy's site_aggregates_person_insert)
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key);
CREATE TABLE site (users int);
CREATE FUNCTION site_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE site SET users = users + 1; RETURN NULL; END $$;
CREATE TRIGGER site_count_insert AFTER INSERT ON person FOR EACH ROW EXECUTE FUNCTION site_count_insert();
-- new V2__rename.sql
ALTER FUNCTION site_count_insert() RENAME TO site_aggregates_person_insert;
-- new V3__drop.sql
DROP FUNCTION site_aggregates_person_insert CASCADE;
-- expect

-- case: PostgreSQL: renaming a released function the app may call
-- dialect: postgres
-- released V1__init.sql
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
-- new V2__rename.sql
ALTER FUNCTION answer() RENAME TO the_answer;
-- new V3__drop.sql
DROP FUNCTION the_answer();
-- expect
V2__rename.sql:1:1 drop-routine [warning] ~ renaming function answer to the_answer breaks the running release if it calls answer
V3__drop.sql:1:1 drop-routine [warning] ~ dropping function the_answer

-- case: PostgreSQL: a function created and renamed in this release is new under its new name
-- dialect: postgres
-- new V1__create.sql
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
ALTER FUNCTION answer() RENAME TO the_answer;
-- new V2__drop.sql
DROP FUNCTION the_answer();
-- expect
