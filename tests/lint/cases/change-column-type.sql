-- case: narrowing a released varchar
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
-- new V2__narrow.sql
ALTER TABLE person ALTER COLUMN last_name TYPE varchar(50);
-- expect
V2__narrow.sql:1:1 change-column-type ~ narrowing person.last_name from varchar(100) to varchar(50)
V2__narrow.sql:1:1 table-rewrite

-- case: changing the type family
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, age text);
-- new V2__type.sql
ALTER TABLE person ALTER COLUMN age TYPE integer USING age::integer;
-- expect
V2__type.sql:1:1 change-column-type ~ changing person.age from text to integer
V2__type.sql:1:1 table-rewrite

-- case: widening varchar is compatible and does not rewrite
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(50));
-- new V2__widen.sql
ALTER TABLE person ALTER COLUMN last_name TYPE varchar(100);
ALTER TABLE person ALTER COLUMN last_name TYPE text;
-- expect

-- case: MySQL MODIFY to a narrower type
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100) NOT NULL);
-- new V2__narrow.sql
ALTER TABLE person MODIFY last_name varchar(50) NOT NULL;
-- expect
V2__narrow.sql:1:1 change-column-type ~ narrowing person.last_name from varchar(100) to varchar(50)
V2__narrow.sql:1:1 table-rewrite

-- case: MySQL widening within the same length-prefix size
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(20) NOT NULL);
-- new V2__widen.sql
ALTER TABLE person MODIFY COLUMN last_name varchar(60) NOT NULL;
-- expect

-- case: a SQLite rebuild that changes a released column's type
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, age text);
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, age integer);
INSERT INTO person_new SELECT id, CAST(age AS integer) FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__rebuild.sql:3:1 change-column-type ~ changing person.age from text to integer

-- case: changing a column of a table created in this release is fine
-- dialect: postgres
-- new V2__create.sql
CREATE TABLE person (id int primary key, age text);
ALTER TABLE person ALTER COLUMN age TYPE int USING 0;
-- expect

-- case: MySQL column of a table created in this release
-- dialect: mysql
-- new V2__create.sql
CREATE TABLE person (id int primary key, age text);
ALTER TABLE person MODIFY age int;
-- expect

-- case: SQLite rebuild from UUID to TEXT keeps what SQLite stores
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE token (id UUID PRIMARY KEY, flow_id UUID NOT NULL, note VARCHAR(100));
-- new V2__rebuild.sql
CREATE TABLE token_new (id TEXT PRIMARY KEY, flow_id TEXT NOT NULL, note VARCHAR(50));
INSERT INTO token_new SELECT id, flow_id, note FROM token;
DROP TABLE token;
ALTER TABLE token_new RENAME TO token;
-- expect

-- case: SQLite rebuild from INTEGER to TEXT changes what SQLite stores
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE token (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL);
-- new V2__rebuild.sql
CREATE TABLE token_new (id INTEGER PRIMARY KEY, amount TEXT NOT NULL);
INSERT INTO token_new SELECT id, amount FROM token;
DROP TABLE token;
ALTER TABLE token_new RENAME TO token;
-- expect
V2__rebuild.sql:3:1 change-column-type ~ changing token.amount from integer to text

-- case: MySQL BOOLEAN is TINYINT(1), and INTEGER is INT
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, active tinyint(1) NOT NULL DEFAULT 0, age integer);
-- new V2__modify.sql
ALTER TABLE person MODIFY active BOOLEAN NOT NULL DEFAULT 0, MODIFY age INT;
-- expect

-- case: MySQL BOOLEAN to VARCHAR is still a change of kind
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, active boolean);
-- new V2__modify.sql
ALTER TABLE person MODIFY active varchar(5);
-- expect
V2__modify.sql:1:1 change-column-type ~ changing person.active from boolean to varchar(5)
V2__modify.sql:1:1 table-rewrite
