-- case: a MySQL executable comment runs: the drop inside it is reported
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
/*!50003 ALTER TABLE person DROP COLUMN last_name */;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.last_name

-- case: an executable comment without a version runs on every server
-- dialect: mysql
-- config: server-version 5.6
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
/*! ALTER TABLE person DROP COLUMN last_name */;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.last_name

-- case: part of a statement in an executable comment counts with the rest
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__drop.sql
ALTER TABLE person ADD COLUMN nick text /*!50100 , DROP COLUMN age */;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.age

-- case: a server older than the comment's version skips it
-- dialect: mysql
-- config: server-version 5.7.30
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
/*!80013 ALTER TABLE person DROP COLUMN last_name */;
/*!40101 SET NAMES utf8mb4 */;
-- expect

-- case: the version is compared as MySQL does: 8.0.30 runs /*!80013 but not /*!80031
-- dialect: mysql
-- config: server-version 8.0.30
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__drop.sql
/*!80013 ALTER TABLE person DROP COLUMN last_name */;
/*!80031 ALTER TABLE person DROP COLUMN age */;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.last_name

-- case: MariaDB's /*M! comments run on MariaDB only
-- dialect: mysql
-- config: server-version 8.0.30
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
/*M!100100 ALTER TABLE person DROP COLUMN last_name */;
-- expect

-- case: MariaDB's /*M! comments run on MariaDB
-- dialect: mysql
-- config: server-version 10.6.12-MariaDB
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
/*M!100100 ALTER TABLE person DROP COLUMN last_name */;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.last_name

-- case: a plain comment that looks like SQL does not run
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__x.sql
CREATE TABLE pet (id int primary key) /* ALTER TABLE person DROP COLUMN last_name */;
-- expect

-- case: a released table created in an executable comment is known
-- dialect: mysql
-- released V1__init.sql
/*!40101 CREATE TABLE person (id int primary key, last_name text) */;
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.last_name
