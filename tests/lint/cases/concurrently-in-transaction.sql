-- case: an explicit BEGIN around CREATE INDEX CONCURRENTLY
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__index.sql
BEGIN;
CREATE INDEX CONCURRENTLY person_last_name_idx ON person (last_name);
COMMIT;
-- expect
V2__index.sql:2:1 concurrently-in-transaction ~ this migration opens a transaction with BEGIN

-- case: a migration forced into a transaction
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE INDEX person_last_name_idx ON person (last_name);
-- new V2__index.sql transaction
DROP INDEX CONCURRENTLY person_last_name_idx;
-- expect
V2__index.sql:1:1 concurrently-in-transaction ~ executeInTransaction

-- case: on its own, CONCURRENTLY is fine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__index.sql
CREATE INDEX CONCURRENTLY person_last_name_idx ON person (last_name);
-- expect
