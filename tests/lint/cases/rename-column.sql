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

-- case: a column swapped in place (renamed away, added again under its name, copied back, the copy dropped) with a type that stores the same values is fine (Kratos's session_token_length on SQLite)
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE sessions (id integer PRIMARY KEY, token text);
-- new V2__swap.sql
ALTER TABLE sessions RENAME COLUMN token TO old_token;
ALTER TABLE sessions ADD COLUMN token varchar(39) NULL;
UPDATE sessions SET token = old_token WHERE true;
ALTER TABLE sessions DROP COLUMN old_token;
-- expect

-- case: the same swap on PostgreSQL, to a type the running release can write, is fine too (one transaction)
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE sessions (id integer PRIMARY KEY, token varchar(39));
-- new V2__swap.sql
ALTER TABLE sessions RENAME COLUMN token TO old_token;
ALTER TABLE sessions ADD COLUMN token varchar(64) NULL;
UPDATE sessions SET token = old_token WHERE true;
ALTER TABLE sessions DROP COLUMN old_token;
-- expect

-- case: a swap that narrows the type, makes the column NOT NULL, or does not copy the data back is judged as a rename and a drop
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE sessions (id integer PRIMARY KEY, token text, code text, note text);
-- new V2__swap.sql
ALTER TABLE sessions RENAME COLUMN token TO old_token;
ALTER TABLE sessions ADD COLUMN token varchar(39) NULL;
UPDATE sessions SET token = old_token WHERE true;
ALTER TABLE sessions DROP COLUMN old_token;
ALTER TABLE sessions RENAME COLUMN code TO old_code;
ALTER TABLE sessions ADD COLUMN code text NOT NULL DEFAULT '';
UPDATE sessions SET code = old_code WHERE true;
ALTER TABLE sessions DROP COLUMN old_code;
ALTER TABLE sessions RENAME COLUMN note TO old_note;
ALTER TABLE sessions ADD COLUMN note text;
ALTER TABLE sessions DROP COLUMN old_note;
-- expect
V2__swap.sql:1:1 rename-column ~ renaming sessions.token (text) to old_token
V2__swap.sql:4:1 drop-column ~ which still reads and writes token (renamed to old_token earlier in this release)
V2__swap.sql:5:1 rename-column ~ renaming sessions.code (text) to old_code
V2__swap.sql:8:1 drop-column ~ which still reads and writes code (renamed to old_code earlier in this release)
V2__swap.sql:9:1 rename-column ~ renaming sessions.note (text) to old_note
V2__swap.sql:11:1 drop-column ~ which still reads and writes note (renamed to old_note earlier in this release)

-- case: MySQL commits each DDL statement, so between the swap's statements the running release finds no column: a rename and a drop
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE sessions (id integer PRIMARY KEY, token varchar(39));
-- new V2__swap.sql
ALTER TABLE sessions RENAME COLUMN token TO old_token;
ALTER TABLE sessions ADD COLUMN token varchar(64) NULL;
UPDATE sessions SET token = old_token WHERE true;
ALTER TABLE sessions DROP COLUMN old_token;
-- expect
V2__swap.sql:1:1 rename-column ~ renaming sessions.token (varchar(39)) to old_token
V2__swap.sql:3:1 mixed-ddl-dml
V2__swap.sql:4:1 drop-column ~ which still reads and writes token (renamed to old_token earlier in this release)

-- case: on SQLite and PostgreSQL the swap split over two files is a rename and a drop (the running release runs between them)
-- dialect: sqlite postgres
-- released V1__init.sql
CREATE TABLE sessions (id integer PRIMARY KEY, token text);
-- new V2__away.sql
ALTER TABLE sessions RENAME COLUMN token TO old_token;
-- new V3__back.sql
ALTER TABLE sessions ADD COLUMN token text;
UPDATE sessions SET token = old_token WHERE true;
ALTER TABLE sessions DROP COLUMN old_token;
-- expect
V2__away.sql:1:1 rename-column ~ renaming sessions.token (text) to old_token

-- case: a swap in place in the other order (a copy added and filled, the column dropped, the copy renamed to its name) is fine too (Kratos's code_address_type on SQLite)
-- dialect: sqlite postgres
-- released V1__init.sql
CREATE TABLE codes (id integer PRIMARY KEY, address_type char(36));
-- new V2__swap.sql
ALTER TABLE codes ADD COLUMN address_type_old VARCHAR(36);
UPDATE codes SET address_type_old = address_type;
ALTER TABLE codes DROP COLUMN address_type;
ALTER TABLE codes RENAME COLUMN address_type_old TO address_type;
-- expect

-- case: the other order without the copy loses the data: a drop
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE codes (id integer PRIMARY KEY, address_type char(36));
-- new V2__swap.sql
ALTER TABLE codes ADD COLUMN address_type_old VARCHAR(36);
ALTER TABLE codes DROP COLUMN address_type;
ALTER TABLE codes RENAME COLUMN address_type_old TO address_type;
-- expect
V2__swap.sql:2:1 drop-column ~ dropping codes.address_type (char(36))
