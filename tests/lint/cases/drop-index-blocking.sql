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
