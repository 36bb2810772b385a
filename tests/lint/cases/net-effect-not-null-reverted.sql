-- case: NOT NULL set and dropped again by a later file of the release leaves the column nullable; the scan still locks
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text);
-- new V2__require_nick.sql
ALTER TABLE person ALTER COLUMN nick SET NOT NULL;
-- new V3__revert.sql
ALTER TABLE person ALTER COLUMN nick DROP NOT NULL;
-- expect
V2__require_nick.sql:1:1 not-null-scan ~ SET NOT NULL on person.nick scans every row

-- case: NOT NULL set and kept by the release is still a break when a later file changes something else
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text);
-- new V2__require_nick.sql
ALTER TABLE person ALTER COLUMN nick SET NOT NULL;
-- new V3__other.sql
ALTER TABLE person ALTER COLUMN nick SET DEFAULT 'anon';
-- expect
V2__require_nick.sql:1:1 set-not-null ~ making person.nick (text) NOT NULL
V2__require_nick.sql:1:1 not-null-scan

-- case: MySQL: MODIFY ... NOT NULL reverted by MODIFY ... NULL in the next file
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick varchar(50));
-- new V2__require_nick.sql
ALTER TABLE person MODIFY nick varchar(50) NOT NULL;
-- new V3__revert.sql
ALTER TABLE person MODIFY nick varchar(50) NULL;
-- expect

-- case: a NOT NULL check added and dropped again in the release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text);
-- new V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_nick_nn CHECK (nick IS NOT NULL) NOT VALID;
-- new V3__revert.sql
ALTER TABLE person DROP CONSTRAINT person_nick_nn;
-- expect

-- case: a NOT NULL check added and kept
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text);
-- new V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_nick_nn CHECK (nick IS NOT NULL) NOT VALID;
-- expect
V2__check.sql:1:1 set-not-null ~ adding CHECK (nick IS NOT NULL) NOT VALID to make person.nick

-- case: SQLite: a rebuild with NOT NULL, rebuilt again without it in the next file
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE person (id integer primary key, nick text);
-- new V2__require_nick.sql
CREATE TABLE person_new (id integer primary key, nick text NOT NULL);
INSERT INTO person_new SELECT * FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- new V3__revert.sql
CREATE TABLE person_new (id integer primary key, nick text);
INSERT INTO person_new SELECT * FROM person;
DROP TABLE person;
ALTER TABLE person_new RENAME TO person;
-- expect
