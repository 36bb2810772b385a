-- case: rename of a released column
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__rename.sql
ALTER TABLE person RENAME COLUMN last_name TO surname;
-- expect
V2__rename.sql:1:1 rename-column ~ renaming person.last_name (text) to surname breaks the running release, which still reads and writes last_name

-- case: rename of a column created in this release is fine
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN nick text;
-- new V3__rename.sql
ALTER TABLE person RENAME COLUMN nick TO nickname;
-- expect

-- case: rename of a column in a table created in this release is fine
-- new V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
ALTER TABLE person RENAME COLUMN last_name TO surname;
-- expect

-- case: a table the model never saw counts as released
-- new V2__rename.sql
ALTER TABLE legacy RENAME COLUMN a TO b;
-- expect
V2__rename.sql:1:1 rename-column ~ renaming legacy.a to b

-- case: MySQL CHANGE with a new name is a rename
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100) NOT NULL);
-- new V2__rename.sql
ALTER TABLE person CHANGE last_name surname varchar(100) NOT NULL;
-- expect
V2__rename.sql:1:1 rename-column ~ renaming person.last_name (varchar(100)) to surname

-- case: a column renamed and renamed back in the same release is where it was
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- new V2__ren.sql
ALTER TABLE users RENAME COLUMN email TO email_address;
-- new V3__idx.sql
CREATE INDEX CONCURRENTLY users_email_idx ON users (email_address);
-- new V4__back.sql
ALTER TABLE users RENAME COLUMN email_address TO email;
-- expect

-- case: renamed twice: the first rename is the break, the second renames a name the running release never used
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- new V2__ren.sql
ALTER TABLE users RENAME COLUMN email TO email_address;
-- new V3__ren.sql
ALTER TABLE users RENAME COLUMN email_address TO mail;
-- expect
V2__ren.sql:1:1 rename-column ~ renaming users.email (text) to email_address

-- case: renamed away and a new column takes the name: still a rename
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- new V2__ren.sql
ALTER TABLE users RENAME COLUMN email TO email_address;
ALTER TABLE users ADD COLUMN email text;
-- expect
V2__ren.sql:1:1 rename-column ~ renaming users.email (text) to email_address
