-- case: int to bigint is a widening that still rewrites
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, visits int);
-- new V2__bigint.sql
ALTER TABLE person ALTER COLUMN visits TYPE bigint;
-- expect
V2__bigint.sql:1:1 table-rewrite ~ changing person.visits from integer to bigint rewrites the table

-- case: a volatile default rewrites every row
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__uuid.sql
ALTER TABLE person ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- expect
V2__uuid.sql:1:1 table-rewrite ~ volatile default

-- case: a constant default does not rewrite on PostgreSQL 11+
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__flag.sql
ALTER TABLE person ADD COLUMN active boolean NOT NULL DEFAULT true;
-- expect

-- case: before PostgreSQL 11 any default rewrites
-- dialect: postgres
-- config: server-version 10
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__flag.sql
ALTER TABLE person ADD COLUMN active boolean NOT NULL DEFAULT true;
-- expect
V2__flag.sql:1:1 table-rewrite ~ before PostgreSQL 11

-- case: MySQL varchar widening across the 255-byte boundary copies the table
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(60) NOT NULL);
-- new V2__widen.sql
ALTER TABLE person MODIFY last_name varchar(100) NOT NULL;
-- expect
V2__widen.sql:1:1 table-rewrite ~ crosses the 255-byte length-prefix boundary

-- case: MySQL explicit ALGORITHM=COPY
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__copy.sql
ALTER TABLE person ADD COLUMN note text, ALGORITHM=COPY;
-- expect
V2__copy.sql:1:1 table-rewrite ~ ALGORITHM=COPY copies person

-- case: MySQL CONVERT TO CHARACTER SET
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(60));
-- new V2__charset.sql
ALTER TABLE person CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
-- expect
V2__charset.sql:1:1 table-rewrite ~ CONVERT TO CHARACTER SET

-- case: MySQL instant column add is fine
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN note text, ALGORITHM=INSTANT;
-- expect

-- case: PostgreSQL: VACUUM FULL, CLUSTER, REINDEX and SET LOGGED/UNLOGGED/TABLESPACE of a released table block it while they rewrite or rebuild (Lemmy's REINDEX TABLE post)
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);
CREATE INDEX account_email_idx ON account (email);
-- new V2__maintenance.sql
VACUUM FULL account;
VACUUM (FULL, ANALYZE) account;
CLUSTER account USING account_email_idx;
REINDEX TABLE account;
REINDEX INDEX account_email_idx;
ALTER TABLE account SET UNLOGGED;
ALTER TABLE account SET TABLESPACE pg_default;
-- expect
V2__maintenance.sql:1:1 table-rewrite [warning] ~ VACUUM FULL rewrites account under an ACCESS EXCLUSIVE lock, blocking every query on it until it is done
V2__maintenance.sql:2:1 table-rewrite ~ VACUUM FULL rewrites account
V2__maintenance.sql:3:1 table-rewrite ~ CLUSTER rewrites account in index order under an ACCESS EXCLUSIVE lock
V2__maintenance.sql:4:1 table-rewrite ~ REINDEX without CONCURRENTLY rebuilds the indexes of account blocking writes to account, and reads that use them, until it is done
V2__maintenance.sql:5:1 table-rewrite ~ REINDEX without CONCURRENTLY rebuilds index account_email_idx blocking writes to account, and reads that use it
V2__maintenance.sql:6:1 table-rewrite ~ ALTER TABLE account SET UNLOGGED rewrites it under an ACCESS EXCLUSIVE lock
V2__maintenance.sql:7:1 table-rewrite ~ SET TABLESPACE copies account to the new tablespace

-- case: PostgreSQL: plain VACUUM, REINDEX CONCURRENTLY, VACUUM (FULL false), and maintenance of a table of this release are fine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);
-- new V2__maintenance.sql
VACUUM account;
VACUUM (FULL false, ANALYZE) account;
REINDEX TABLE CONCURRENTLY account;
CREATE TABLE scratch (id int PRIMARY KEY);
VACUUM FULL scratch;
CLUSTER scratch USING scratch_pkey;
REINDEX TABLE scratch;
-- expect
