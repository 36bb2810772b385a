-- case: a foreign key dropped and re-created identically asks nothing new of the running release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int, CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id));
-- new V2__fk.sql
ALTER TABLE person DROP CONSTRAINT person_team_fk;
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id) NOT VALID;
-- expect

-- case: a foreign key re-created to another table is new
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE squad (id int primary key);
CREATE TABLE person (id int primary key, team_id int, CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id));
-- new V2__fk.sql
ALTER TABLE person DROP CONSTRAINT person_team_fk;
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES squad (id) NOT VALID;
-- expect
V2__fk.sql:2:1 add-foreign-key ~ to squad

-- case: MySQL: a foreign key dropped and re-created identically
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE team (id int primary key);
CREATE TABLE person (id int primary key, team_id int, CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id));
-- new V2__fk.sql
ALTER TABLE person DROP FOREIGN KEY person_team_fk;
ALTER TABLE person ADD CONSTRAINT person_team_fk FOREIGN KEY (team_id) REFERENCES team (id);
-- expect

-- case: a unique constraint dropped and re-created identically, or promoted from a unique index
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), nick varchar(50));
CREATE UNIQUE INDEX person_nick_key ON person (nick);
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
-- new V2__unique.sql
ALTER TABLE person DROP CONSTRAINT person_email_key;
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
ALTER TABLE person ADD CONSTRAINT person_nick_unique UNIQUE (nick);
-- expect

-- case: PostgreSQL: the same refuses nothing new, but each ADD CONSTRAINT builds its index under ACCESS EXCLUSIVE (ADD ... USING INDEX does not)
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), nick varchar(50), code int);
CREATE UNIQUE INDEX person_nick_key ON person (nick);
CREATE UNIQUE INDEX person_code_key ON person (code);
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
-- new V2__unique.sql
ALTER TABLE person DROP CONSTRAINT person_email_key;
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
ALTER TABLE person ADD CONSTRAINT person_nick_unique UNIQUE (nick);
ALTER TABLE person ADD CONSTRAINT person_code_key UNIQUE USING INDEX person_code_key;
-- expect
V2__unique.sql:2:1 create-index-blocking [warning] ~ builds its index while holding an ACCESS EXCLUSIVE lock on person
V2__unique.sql:3:1 create-index-blocking [warning] ~ adding a unique constraint on person (nick) builds its index

-- case: a unique constraint re-created on fewer columns is new; MySQL's upserts find their row through it
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), tenant int);
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email, tenant);
-- new V2__unique.sql
ALTER TABLE person DROP INDEX person_email_key;
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
-- expect
V2__unique.sql:2:1 add-unique-constraint ~ (email)

-- case: PostgreSQL: a unique constraint re-created on fewer columns is new, and ON CONFLICT on the old columns fails
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200), tenant int);
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email, tenant);
-- new V2__unique.sql
ALTER TABLE person DROP CONSTRAINT person_email_key;
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
-- expect
V2__unique.sql:1:1 drop-unique-constraint ~ dropping unique constraint person_email_key on person (email, tenant): the running release may rely on it, its INSERT ... ON CONFLICT (email, tenant) now fails with "there is no unique or exclusion constraint matching the ON CONFLICT specification", as does ON CONFLICT ON CONSTRAINT person_email_key (a key on some of its columns still refuses duplicates)
V2__unique.sql:2:1 add-unique-constraint ~ (email)
V2__unique.sql:2:1 create-index-blocking [warning] ~ builds its index while holding an ACCESS EXCLUSIVE lock on person

-- case: SQLite: a unique index dropped and re-created identically
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, email text);
CREATE UNIQUE INDEX person_email_key ON person (email);
-- new V2__unique.sql
DROP INDEX person_email_key;
CREATE UNIQUE INDEX person_email_key ON person (email);
-- expect

-- case: SQLite: a unique index on other columns is new
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, email text, nick text);
CREATE UNIQUE INDEX person_email_key ON person (email);
-- new V2__unique.sql
DROP INDEX person_email_key;
CREATE UNIQUE INDEX person_email_key ON person (nick);
-- expect
V2__unique.sql:1:1 drop-unique-constraint ~ dropping unique index person_email_key on person (email)
V2__unique.sql:2:1 add-unique-constraint ~ (nick)

-- case: a CHECK dropped and re-created identically; a different one is new
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int, CONSTRAINT person_age_check CHECK (age >= 0));
-- new V2__check.sql
ALTER TABLE person DROP CONSTRAINT person_age_check;
ALTER TABLE person ADD CONSTRAINT person_age_check CHECK (age >= 0) NOT VALID;
ALTER TABLE person ADD CONSTRAINT person_age_max CHECK (age < 200) NOT VALID;
-- expect
V2__check.sql:3:1 add-check-constraint ~ age < 200

-- case: MySQL: a CHECK dropped and re-created identically; a different one is new
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int, CONSTRAINT person_age_check CHECK (age >= 0));
-- new V2__check.sql
ALTER TABLE person DROP CHECK person_age_check;
ALTER TABLE person ADD CONSTRAINT person_age_check CHECK (age >= 0);
ALTER TABLE person ADD CONSTRAINT person_age_max CHECK (age < 200);
-- expect
V2__check.sql:3:1 add-check-constraint ~ age < 200

-- case: a table dropped and re-created with the same shape changes nothing the running release reads
-- dialect: postgres mysql sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
-- new V2__recreate.sql
DROP TABLE person;
CREATE TABLE person (id int primary key, last_name varchar(100));
-- expect
V2__recreate.sql:1:1 drop-table [warning] ~ deletes every row

-- case: a table dropped and re-created without a column is judged by what it lost
-- dialect: postgres mysql sqlite
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), age int);
-- new V2__recreate.sql
DROP TABLE IF EXISTS person;
CREATE TABLE person (id int primary key, last_name varchar(100));
-- expect
V2__recreate.sql:1:1 drop-table [warning] ~ deletes every row
V2__recreate.sql:1:1 drop-column ~ person.age

-- case: a table dropped and re-created with a narrower type and a new NOT NULL column
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
-- new V2__recreate.sql
DROP TABLE person;
CREATE TABLE person (id int primary key, last_name varchar(20), tenant int NOT NULL);
-- expect
V2__recreate.sql:1:1 drop-table [warning] ~ deletes every row
V2__recreate.sql:1:1 change-column-type ~ person.last_name
V2__recreate.sql:1:1 add-required-column ~ tenant

-- case: MySQL swap: RENAME TABLE a TO a_old, a_new TO a is judged by what a lost
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), age int);
-- new V2__swap.sql
CREATE TABLE person_new (id int primary key, last_name varchar(100));
INSERT INTO person_new (id, last_name) SELECT id, last_name FROM person;
RENAME TABLE person TO person_old, person_new TO person;
DROP TABLE person_old;
-- expect
V2__swap.sql:3:1 drop-column ~ person.age
V2__swap.sql:2:1 mixed-ddl-dml

-- case: MySQL swap into the same shape is silent
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
-- new V2__swap.sql
CREATE TABLE person_new (id int primary key, last_name varchar(100));
RENAME TABLE person TO person_old, person_new TO person;
-- expect

-- case: MariaDB CREATE OR REPLACE TABLE is judged by what the table lost
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100), age int);
-- new V2__replace.sql
CREATE OR REPLACE TABLE person (id int primary key, last_name varchar(100));
-- expect
V2__replace.sql:1:1 drop-column ~ person.age
V2__replace.sql:1:1 drop-table [warning] ~ replacing table person with CREATE OR REPLACE TABLE deletes every row in it, which the running release reads

-- case: MariaDB CREATE OR REPLACE TABLE of a released table with the same columns still deletes its rows
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
-- new V2__replace.sql
CREATE OR REPLACE TABLE person (id int primary key, last_name varchar(100));
-- expect
V2__replace.sql:1:1 drop-table [warning] ~ replacing table person with CREATE OR REPLACE TABLE deletes every row

-- case: MariaDB CREATE OR REPLACE TABLE of a table of this release is silent
-- dialect: mysql
-- new V2__replace.sql
CREATE TABLE audit (id int primary key, note text);
CREATE OR REPLACE TABLE audit (id int primary key);
-- expect

-- case: SELECT ... INTO creates a table of this release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__copy.sql
SELECT id, last_name INTO person_copy FROM person;
ALTER TABLE person_copy ADD COLUMN tenant int NOT NULL;
CREATE TABLE person_copy2 AS SELECT id FROM person;
ALTER TABLE person_copy2 ADD COLUMN tenant int NOT NULL;
-- expect

-- case: a primary key on NOT NULL columns that were already unique asks nothing new (Lemmy 192)
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE comment_like (id serial PRIMARY KEY, person_id int NOT NULL, comment_id int NOT NULL, UNIQUE (comment_id, person_id));
-- new V2__pk.sql
ALTER TABLE comment_like
    DROP COLUMN id,
    ADD PRIMARY KEY (person_id, comment_id),
    DROP CONSTRAINT comment_like_comment_id_person_id_key;
-- expect
V2__pk.sql:1:1 drop-column ~ comment_like.id
V2__pk.sql:1:1 create-index-blocking [warning] ~ adding a primary key on comment_like (person_id, comment_id) builds its index while holding an ACCESS EXCLUSIVE lock

-- case: a primary key on a unique but nullable column also makes it NOT NULL: reported
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE login_token (id serial, token text UNIQUE);
-- new V2__pk.sql
ALTER TABLE login_token ADD PRIMARY KEY (token);
-- expect
V2__pk.sql:1:1 add-unique-constraint ~ primary key on login_token (token)
V2__pk.sql:1:1 create-index-blocking [warning] ~ builds its index while holding an ACCESS EXCLUSIVE lock on login_token
