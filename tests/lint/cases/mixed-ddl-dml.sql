-- case: MySQL migration with DDL and data changes
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__mixed.sql
ALTER TABLE person ADD COLUMN surname text;
UPDATE person SET surname = last_name;
-- expect
V2__mixed.sql:2:1 mixed-ddl-dml ~ mixes DDL and data changes

-- case: transactional DDL elsewhere
-- dialect: postgres sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__mixed.sql
ALTER TABLE person ADD COLUMN surname text;
UPDATE person SET surname = last_name;
-- expect

-- case: MySQL data-only migration
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, surname text);
-- new V2__backfill.sql
UPDATE person SET surname = last_name WHERE surname IS NULL;
INSERT INTO person (id, last_name) VALUES (1, 'x');
-- expect
