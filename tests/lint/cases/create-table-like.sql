-- case: MySQL: a gh-ost style swap through CREATE TABLE ... LIKE is judged by what the table lost
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50), email varchar(100));
-- new V2__swap.sql
CREATE TABLE _person_new LIKE person;
ALTER TABLE _person_new DROP COLUMN nick;
INSERT INTO _person_new (id, email) SELECT id, email FROM person;
RENAME TABLE person TO _person_old, _person_new TO person;
DROP TABLE _person_old;
-- expect
V2__swap.sql:3:1 mixed-ddl-dml
V2__swap.sql:4:1 drop-column ~ rebuilding person (via _person_new) without person.nick (varchar(50))

-- case: MySQL: a LIKE swap that keeps every column and adds a nullable one changes nothing the running release uses
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50) NOT NULL DEFAULT 'anon', email varchar(100));
CREATE INDEX person_email ON person (email);
-- new V2__swap.sql
CREATE TABLE _person_new LIKE person;
ALTER TABLE _person_new ADD COLUMN extra int NULL;
INSERT INTO _person_new (id, nick, email) SELECT id, nick, email FROM person;
RENAME TABLE person TO _person_old, _person_new TO person;
DROP TABLE _person_old;
DROP INDEX person_email ON person;
-- expect
V2__swap.sql:3:1 mixed-ddl-dml

-- case: MySQL: CREATE TABLE ... LIKE copies NOT NULL and defaults, so a swap that drops a default is seen
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50) NOT NULL DEFAULT 'anon');
-- new V2__swap.sql
CREATE TABLE person_new LIKE person;
ALTER TABLE person_new ALTER COLUMN nick DROP DEFAULT;
RENAME TABLE person TO person_old, person_new TO person;
-- expect
V2__swap.sql:3:1 drop-default ~ rebuilding person without the default of nick

-- case: a LIKE copy of a table the history never created has unknown columns, and the swap is a rename
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50));
-- new V2__swap.sql
CREATE TABLE person_new LIKE legacy_person;
RENAME TABLE person TO person_old, person_new TO person;
-- expect
V2__swap.sql:2:1 rename-table ~ renaming table person to person_old

-- case: PostgreSQL: a swap through CREATE TABLE (LIKE ... INCLUDING ALL) is judged by what the table lost
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50), email varchar(100));
-- new V2__swap.sql
CREATE TABLE person_new (LIKE person INCLUDING ALL);
ALTER TABLE person_new DROP COLUMN nick;
INSERT INTO person_new (id, email) SELECT id, email FROM person;
ALTER TABLE person RENAME TO person_old;
ALTER TABLE person_new RENAME TO person;
DROP TABLE person_old;
-- expect
V2__swap.sql:4:1 drop-column ~ rebuilding person (via person_new) without person.nick (varchar(50))

-- case: PostgreSQL: LIKE without INCLUDING DEFAULTS leaves the defaults out, which a NOT NULL column needs
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50) NOT NULL DEFAULT 'anon');
-- new V2__swap.sql
CREATE TABLE person_new (LIKE person INCLUDING INDEXES);
INSERT INTO person_new SELECT * FROM person;
ALTER TABLE person RENAME TO person_old;
ALTER TABLE person_new RENAME TO person;
DROP TABLE person_old;
-- expect
V2__swap.sql:3:1 drop-default ~ rebuilding person without the default of nick

-- case: PostgreSQL: LIKE ... INCLUDING ALL keeps the defaults, and its index names are PostgreSQL's
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50) NOT NULL DEFAULT 'anon', email varchar(100));
CREATE INDEX person_email_idx ON person (email);
-- new V2__swap.sql
CREATE TABLE person_new (LIKE person INCLUDING ALL);
INSERT INTO person_new SELECT * FROM person;
ALTER TABLE person RENAME TO person_old;
ALTER TABLE person_new RENAME TO person;
DROP TABLE person_old;
DROP INDEX person_new_email_idx;
-- expect
