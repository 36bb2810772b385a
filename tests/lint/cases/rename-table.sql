-- case: renaming a released table
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__rename.sql
ALTER TABLE person RENAME TO people;
-- expect
V2__rename.sql:1:1 rename-table ~ renaming table person to people breaks the running release

-- case: MySQL RENAME TABLE
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__rename.sql
RENAME TABLE person TO people;
-- expect
V2__rename.sql:1:1 rename-table ~ renaming table person to people

-- case: PostgreSQL SET SCHEMA moves the table away from the running release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE SCHEMA archive;
-- new V2__move.sql
ALTER TABLE person SET SCHEMA archive;
-- expect
V2__move.sql:1:1 rename-table ~ moving table person to archive.person

-- case: renaming a table created in this release is fine
-- new V2__create.sql
CREATE TABLE people_tmp (id int primary key);
ALTER TABLE people_tmp RENAME TO people;
-- expect

-- case: a table renamed and renamed back in the same release is where it was
-- released V1__init.sql
CREATE TABLE carts (id int PRIMARY KEY);
-- new V2__a.sql
ALTER TABLE carts RENAME TO carts_tmp;
-- new V3__b.sql
ALTER TABLE carts_tmp RENAME TO carts;
-- expect
