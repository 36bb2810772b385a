-- case: a PostgreSQL DO block that PL/pgSQL cannot read is reported, not guessed at
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__do.sql
DO $$ BEGIN PERFORM pg_sleep(0) END $$;
-- expect
V2__do.sql:1:1 unparsed-statement ~ a DO block's effect on the schema is not analysed (PL/pgSQL parser: syntax error

-- case: a statement with a syntax error
-- dialect: postgres
-- new V2__typo.sql
ALTR TABLE person ADD COLUMN x int;
-- expect
V2__typo.sql:1:1 unparsed-statement ~ syntax error

-- case: an ALTER the MySQL parser does not know
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__odd.sql
ALTER TABLE person FROBNICATE everything;
-- expect
V2__odd.sql:1:1 unparsed-statement ~ names released table person

-- case: SQLite statement SQLite itself rejects
-- dialect: sqlite
-- new V2__bad.sql
CREATE TABLE (;
-- expect
V2__bad.sql:1:1 unparsed-statement

-- case: statements that are understood stay silent
-- dialect: sqlite postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__ok.sql
INSERT INTO person (id) VALUES (1);
CREATE TABLE team (id int primary key);
-- expect

-- case: dynamic SQL in a DO block is a warning naming the block and the line
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__do.sql
DO $$
DECLARE t text := 'person';
BEGIN
  EXECUTE format('ALTER TABLE %I DROP COLUMN last_name', t);
END $$;
-- expect
V2__do.sql:1:1 unparsed-statement [warning] ~ dynamic SQL in the DO block at line 4 cannot be resolved: EXECUTE format('ALTER TABLE %I DROP COLUMN last_name', t)

-- case: dynamic SQL in a function the migration calls names the function and the body line
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__fn.sql
CREATE FUNCTION cleanup(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'ALTER TABLE ' || t || ' DROP COLUMN last_name';
END $$;
SELECT cleanup('person');
-- expect
V2__fn.sql:5:1 unparsed-statement [warning] ~ dynamic SQL in the function cleanup(), line 3 of its body, cannot be resolved

-- case: a DO block that only reads the catalog is analysed and silent
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__do.sql
DO $$
DECLARE n int;
BEGIN
  SELECT count(*) INTO n FROM pg_class WHERE relname = 'person';
  RAISE NOTICE 'found %', n;
END $$;
-- expect

-- case: TRUNCATE is analysed as data, never "could not analyse", also inside a called function
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE change_log (id int primary key);
-- new V2__truncate.sql
TRUNCATE TABLE change_log;
CREATE FUNCTION wipe() RETURNS void LANGUAGE plpgsql AS $$ BEGIN TRUNCATE TABLE change_log; END $$;
SELECT wipe();
-- expect

-- case: routines with SQL-standard bodies or in other languages are not read as PL/pgSQL
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__fn.sql
CREATE FUNCTION one() RETURNS int LANGUAGE sql RETURN 1;
CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 2; END;
CREATE FUNCTION three() RETURNS int LANGUAGE sql AS 'SELECT 3';
SELECT one(), two(), three();
-- expect

-- case: a LANGUAGE sql function the migration calls is read: its DDL counts
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int primary key, coupon text);
-- new V2__fn.sql
CREATE FUNCTION drop_coupon() RETURNS void LANGUAGE sql AS $$ ALTER TABLE orders DROP COLUMN coupon $$;
SELECT drop_coupon();
-- expect
V2__fn.sql:2:1 drop-column ~ dropping orders.coupon

-- case: a called function in a language lint cannot read is said so, never silence
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int primary key, coupon text);
-- new V2__fn.sql
CREATE FUNCTION tidy() RETURNS void LANGUAGE plpython3u AS $$ plpy.execute("ALTER TABLE orders DROP COLUMN coupon") $$;
SELECT tidy();
-- expect
V2__fn.sql:2:1 unparsed-statement ~ the function tidy() is in LANGUAGE plpython3u, which lint cannot read

-- case: a DO block in another language stays unparsed
-- dialect: postgres
-- new V2__do.sql
DO LANGUAGE plperl $$ print 1; $$;
-- expect
V2__do.sql:1:1 unparsed-statement ~ a DO block's effect on the schema is not analysed

-- case: a CREATE TABLE the parser refuses (newer PostgreSQL syntax) still creates a table of this release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE src (person_id int, community_id int);
-- new V2__actions.sql
CREATE TABLE community_actions AS SELECT person_id, community_id FROM (SELECT person_id, community_id FROM src) GROUP BY person_id, community_id;
ALTER TABLE community_actions ALTER COLUMN community_id SET NOT NULL;
-- expect
V2__actions.sql:1:1 unparsed-statement

-- case: a refused CREATE TABLE IF NOT EXISTS of a released table leaves the released table as it was
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE src (person_id int, community_id int);
-- new V2__actions.sql
CREATE TABLE IF NOT EXISTS src AS SELECT person_id, community_id FROM (SELECT person_id, community_id FROM src) GROUP BY person_id, community_id;
ALTER TABLE src ALTER COLUMN community_id SET NOT NULL;
-- expect
V2__actions.sql:1:1 unparsed-statement
V2__actions.sql:2:1 set-not-null
V2__actions.sql:2:1 not-null-scan

-- case: PostgreSQL: a name that differs from a known one only in case is another object, which the linter cannot tell apart: not analysed, and said so
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE "Users" (id int primary key, "Email" text);
-- new V2__case.sql
ALTER TABLE users ADD COLUMN nick text;
ALTER TABLE "Users" DROP COLUMN email;
ALTER TABLE "Users" ADD COLUMN email text;
CREATE TABLE IF NOT EXISTS users (id int primary key);
ALTER TABLE "Users" DROP COLUMN "Email";
-- expect
V2__case.sql:1:1 unparsed-statement [warning] ~ could not analyse this statement (PostgreSQL reads users and "Users" as two names, but the linter compares names without regard to case and cannot tell them apart)
V2__case.sql:2:1 unparsed-statement [warning] ~ PostgreSQL reads "Users".email and "Users"."Email" as two names
V2__case.sql:3:1 unparsed-statement [warning] ~ PostgreSQL reads "Users".email and "Users"."Email" as two names
V2__case.sql:4:1 unparsed-statement ~ PostgreSQL reads users and "Users" as two names
V2__case.sql:5:1 drop-column [error] ~ dropping Users.Email (text)

-- case: MySQL and SQLite compare names without regard to case, as the linter does
-- dialect: mysql sqlite
-- released V1__init.sql
CREATE TABLE Users (id int primary key, Email text);
-- new V2__case.sql
ALTER TABLE users DROP COLUMN email;
-- expect
V2__case.sql:1:1 drop-column [error] ~ breaks the running release, which still reads and writes
