-- case: DDL without a lock timeout, when the rule is enabled
-- dialect: postgres mysql
-- config: enable missing-lock-timeout
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN note text;
-- expect
V2__add.sql:1:1 missing-lock-timeout ~ without a lock

-- case: PostgreSQL SET lock_timeout first
-- dialect: postgres
-- config: enable missing-lock-timeout
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__add.sql
SET lock_timeout = '5s';
ALTER TABLE person ADD COLUMN note text;
-- expect

-- case: MySQL SET SESSION lock_wait_timeout first
-- dialect: mysql
-- config: enable missing-lock-timeout
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__add.sql
SET SESSION lock_wait_timeout = 5;
ALTER TABLE person ADD COLUMN note text;
-- expect

-- case: the rule is off by default
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN note text;
-- expect
