-- case: a PostgreSQL DO block is reported, not guessed at
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__do.sql
DO $$ BEGIN PERFORM pg_sleep(0) END $$;
-- expect
V2__do.sql:1:1 unparsed-statement ~ a DO block's effect on the schema is not analysed

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
