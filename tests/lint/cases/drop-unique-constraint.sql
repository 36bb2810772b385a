-- case: dropping a released unique constraint breaks the running release's upserts
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), CONSTRAINT person_email_key UNIQUE (email));
-- new V2__drop.sql
ALTER TABLE person DROP CONSTRAINT person_email_key;
-- expect
V2__drop.sql:1:1 drop-unique-constraint [warning] ~ dropping unique constraint person_email_key on person (email): the running release may rely on it

-- case: PostgreSQL: the message names ON CONFLICT
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), CONSTRAINT person_email_key UNIQUE (email));
-- new V2__drop.sql
ALTER TABLE person DROP CONSTRAINT person_email_key;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ its INSERT ... ON CONFLICT (email) now fails with "there is no unique or exclusion constraint matching the ON CONFLICT specification", as does ON CONFLICT ON CONSTRAINT person_email_key; and person now accepts the duplicates it refused

-- case: PostgreSQL: a key declared without a name is dropped by the name PostgreSQL gave it
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, tenant int, email varchar(200), UNIQUE (tenant, email));
CREATE TABLE team (id int, name text, PRIMARY KEY (id));
-- new V2__drop.sql
ALTER TABLE person DROP CONSTRAINT person_tenant_email_key;
ALTER TABLE team DROP CONSTRAINT team_pkey;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique constraint person_tenant_email_key on person (tenant, email)
V2__drop.sql:2:1 drop-unique-constraint ~ dropping the primary key of team (id)

-- case: dropping a released unique index
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
CREATE UNIQUE INDEX person_email_idx ON person (email);
-- new V2__drop.sql
DROP INDEX person_email_idx;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique index person_email_idx on person (email)

-- case: PostgreSQL: dropping a released unique index, even concurrently
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
CREATE UNIQUE INDEX person_email_idx ON person (email);
-- new V2__drop.sql
DROP INDEX CONCURRENTLY person_email_idx;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique index person_email_idx on person (email)

-- case: SQLite: the message names ON CONFLICT and INSERT OR REPLACE
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
CREATE UNIQUE INDEX person_email_idx ON person (email);
-- new V2__drop.sql
DROP INDEX person_email_idx;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint", and INSERT OR REPLACE adds a second row instead of replacing the one with the same email

-- case: MySQL: a UNIQUE KEY, a unique index and the primary key dropped by their index names
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int NOT NULL, email varchar(200), nick varchar(40), code varchar(10), PRIMARY KEY (id), UNIQUE KEY uq_email (email));
CREATE UNIQUE INDEX person_nick_idx ON person (nick);
CREATE UNIQUE INDEX person_code_idx ON person (code);
-- new V2__drop.sql
ALTER TABLE person DROP INDEX uq_email;
DROP INDEX person_nick_idx ON person;
ALTER TABLE person DROP KEY person_code_idx;
ALTER TABLE person DROP PRIMARY KEY;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique constraint uq_email on person (email): the running release may rely on it, its INSERT ... ON DUPLICATE KEY UPDATE and REPLACE now add a second row instead of updating the one with the same email, and INSERT IGNORE no longer skips it
V2__drop.sql:2:1 drop-unique-constraint ~ dropping unique index person_nick_idx on person (nick)
V2__drop.sql:3:1 drop-unique-constraint ~ dropping unique index person_code_idx on person (code)
V2__drop.sql:4:1 drop-unique-constraint ~ dropping the primary key of person (id)

-- case: SQLite: a rebuild that leaves a UNIQUE out of the new table
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, email text UNIQUE, nick text);
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, email text, nick text);
INSERT INTO person_new SELECT id, email, nick FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
V2__rebuild.sql:3:1 drop-unique-constraint ~ rebuilding person without unique constraint on person (email)

-- case: a key dropped and created again, or replaced by a new key on its columns first, is kept
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), nick varchar(40), CONSTRAINT person_email_key UNIQUE (email), CONSTRAINT person_nick_key UNIQUE (nick));
-- new V2__swap.sql
ALTER TABLE person DROP INDEX person_email_key;
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
CREATE UNIQUE INDEX person_nick_idx ON person (nick);
ALTER TABLE person DROP INDEX person_nick_key;
-- expect

-- case: PostgreSQL: a key dropped and created again, or replaced by a new key on its columns first, is kept
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), nick varchar(40), CONSTRAINT person_email_key UNIQUE (email), CONSTRAINT person_nick_key UNIQUE (nick));
-- new V2__swap.sql
ALTER TABLE person DROP CONSTRAINT person_email_key;
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
-- new V3__nick.sql
CREATE UNIQUE INDEX CONCURRENTLY person_nick_idx ON person (nick);
-- new V4__nick.sql
ALTER TABLE person DROP CONSTRAINT person_nick_key;
-- expect
V2__swap.sql:2:1 create-index-blocking [warning] ~ builds its index while holding an ACCESS EXCLUSIVE lock on person

-- case: SQLite: a rebuild that keeps its UNIQUE, or re-creates the unique index, is silent
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, email text UNIQUE, nick text);
CREATE UNIQUE INDEX person_nick_idx ON person (nick);
-- new V2__rebuild.sql
CREATE TABLE person_new (id integer primary key, email text UNIQUE, nick text, note text);
INSERT INTO person_new (id, email, nick) SELECT id, email, nick FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
CREATE UNIQUE INDEX person_nick_idx ON person (nick);
-- expect

-- case: keys of tables created in this release, and dropping other constraints and indexes, are not reported
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), age int, CONSTRAINT person_age_check CHECK (age >= 0));
CREATE INDEX person_email_idx ON person (email);
-- new V2__drop.sql
CREATE TABLE team (id int primary key, code varchar(10), CONSTRAINT team_code_key UNIQUE (code));
CREATE UNIQUE INDEX team_id_code_idx ON team (id, code);
DROP INDEX team_id_code_idx;
DROP INDEX CONCURRENTLY person_email_idx;
-- expect

-- case: SQLite: keys of tables created in this release, and dropping other indexes, are not reported
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
CREATE INDEX person_email_idx ON person (email);
-- new V2__drop.sql
CREATE TABLE team (id int primary key, code varchar(10));
CREATE UNIQUE INDEX team_code_idx ON team (code);
DROP INDEX team_code_idx;
DROP INDEX person_email_idx;
-- expect

-- case: MySQL: keys of tables created in this release, and dropping other constraints and indexes, are not reported
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), age int, CONSTRAINT person_age_check CHECK (age >= 0));
CREATE INDEX person_email_idx ON person (email);
-- new V2__drop.sql
CREATE TABLE team (id int primary key, code varchar(10), CONSTRAINT team_code_key UNIQUE (code));
CREATE UNIQUE INDEX team_id_code_idx ON team (id, code);
ALTER TABLE team DROP INDEX team_code_key;
DROP INDEX team_id_code_idx ON team;
DROP INDEX person_email_idx ON person;
ALTER TABLE person DROP CHECK person_age_check;
-- expect

-- case: a key whose column is dropped is drop-column's
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), CONSTRAINT person_email_key UNIQUE (email));
-- new V2__drop.sql
ALTER TABLE person DROP CONSTRAINT person_email_key;
ALTER TABLE person DROP COLUMN email;
-- expect
V2__drop.sql:2:1 drop-column

-- case: an allow covers the drop
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), CONSTRAINT person_email_key UNIQUE (email));
-- new V2__drop.sql
-- shiftway:allow drop-unique-constraint reason: no release upserts on person (email)
ALTER TABLE person DROP CONSTRAINT person_email_key;
-- expect

-- case: PostgreSQL: a unique index on expressions, dropped with no other key on its table, or replaced by one
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email text, nick text);
CREATE UNIQUE INDEX person_email_lower_idx ON person (lower(email));
CREATE UNIQUE INDEX person_nick_lower_idx ON person (lower(nick));
CREATE TABLE team (id int primary key, name text);
CREATE UNIQUE INDEX team_name_lower_idx ON team (lower(name));
-- new V2__drop.sql
DROP INDEX CONCURRENTLY person_email_lower_idx;
-- new V3__replace.sql
CREATE UNIQUE INDEX CONCURRENTLY team_name_lower_trim_idx ON team (lower(trim(name)));
-- new V4__drop.sql
DROP INDEX CONCURRENTLY team_name_lower_idx;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique index person_email_lower_idx on person (on expressions): the running release may rely on it, its INSERT ... ON CONFLICT on those expressions now fails
V3__replace.sql:1:1 add-unique-constraint ~ adding unique index team_name_lower_trim_idx on team (on expressions) may reject inserts

-- case: PostgreSQL: a key renamed with its index (ALTER INDEX ... RENAME) is dropped by its new name
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email text UNIQUE);
ALTER INDEX person_email_key RENAME TO person_email_uq;
-- new V2__drop.sql
ALTER TABLE person DROP CONSTRAINT person_email_uq;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique constraint person_email_uq on person (email)

-- case: MySQL: a UNIQUE KEY renamed (RENAME INDEX) is dropped by its new name
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), UNIQUE KEY uq_email (email));
ALTER TABLE person RENAME INDEX uq_email TO person_email_uq;
-- new V2__drop.sql
ALTER TABLE person DROP INDEX person_email_uq;
-- expect
V2__drop.sql:1:1 drop-unique-constraint ~ dropping unique constraint person_email_uq on person (email)
