-- case: an allow with a reason above the statement suppresses it
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE TABLE other (id int primary key);
-- new V2__drop.sql
CREATE TABLE audit (id int primary key);
-- shiftway:allow drop-column reason: last_name unused since 2.3
ALTER TABLE person DROP COLUMN last_name;
-- expect

-- case: an allow on the statement's own line
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
CREATE TABLE audit (id int primary key);
ALTER TABLE person DROP COLUMN last_name; -- shiftway:allow drop-column reason: unused since 2.3
-- expect

-- case: an allow above a line of two statements covers the first of them only
-- released V1__init.sql
CREATE TABLE person (id int primary key, fax text, pager text);
-- new V2__drop.sql
-- shiftway:allow drop-column reason: fax unused since 2.3
ALTER TABLE person DROP COLUMN fax; ALTER TABLE person DROP COLUMN pager;
-- expect
V2__drop.sql:2:37 drop-column ~ dropping person.pager

-- case: the same on MySQL
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, fax text, pager text);
-- new V2__drop.sql
-- shiftway:allow drop-column reason: fax unused since 2.3
ALTER TABLE person DROP COLUMN fax; ALTER TABLE person DROP COLUMN pager;
-- expect
V2__drop.sql:2:37 drop-column ~ dropping person.pager

-- case: an allow after two statements on their line covers the one just before it
-- released V1__init.sql
CREATE TABLE person (id int primary key, fax text, pager text);
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN fax; ALTER TABLE person DROP COLUMN pager; -- shiftway:allow drop-column reason: pager unused since 2.3
-- expect
V2__drop.sql:1:1 drop-column ~ dropping person.fax

-- case: an allow at the top of the file covers the first statement only
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__drop.sql
-- shiftway:allow drop-column reason: both columns unused since 2.3

ALTER TABLE person DROP COLUMN last_name;
ALTER TABLE person DROP COLUMN age;
-- expect
V2__drop.sql:4:1 drop-column ~ dropping person.age

-- case: an allow in the header for a later statement suppresses nothing and says how to cover the file
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__drop.sql
-- shiftway:allow drop-column reason: age unused since 2.3
CREATE TABLE audit (id int primary key);
ALTER TABLE person DROP COLUMN age;
-- expect
V2__drop.sql:1:1 unused-allow ~ shiftway:allow drop-column suppresses nothing here
V2__drop.sql:3:1 drop-column ~ dropping person.age

-- case: an allow-file in the header covers the whole file
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__drop.sql
-- shiftway:allow-file drop-column reason: both columns unused since 2.3

ALTER TABLE person DROP COLUMN last_name;
ALTER TABLE person DROP COLUMN age;
-- expect

-- case: one allow naming two rules covers both on its statement only
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
CREATE TABLE pet (id int primary key);
-- new V2__drop.sql
-- shiftway:allow drop-column, drop-table reason: unused since 2.3
DROP TABLE pet;
ALTER TABLE person DROP COLUMN age;
-- expect
V2__drop.sql:3:1 drop-column ~ dropping person.age

-- case: an allow without a reason suppresses nothing and is reported
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
CREATE TABLE audit (id int primary key);
-- shiftway:allow drop-column
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:2:1 allow-without-reason ~ has no reason
V2__drop.sql:3:1 drop-column

-- case: an allow for the wrong rule suppresses nothing and is reported
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
CREATE TABLE audit (id int primary key);
-- shiftway:allow drop-table reason: wrong rule
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:2:1 unused-allow ~ suppresses nothing here
V2__drop.sql:3:1 drop-column

-- case: an allow naming an unknown rule
-- new V2__x.sql
CREATE TABLE audit (id int primary key);
-- shiftway:allow no-such-rule reason: typo
CREATE TABLE audit2 (id int primary key);
-- expect
V2__x.sql:2:1 unused-allow ~ unknown rule 'no-such-rule'

-- case: a disabled rule reports nothing
-- config: disable drop-column
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect

-- case: shiftway:allow-file covers the whole file wherever it stands
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__drop.sql
CREATE TABLE audit (id int primary key);
ALTER TABLE person DROP COLUMN last_name;
-- shiftway:allow-file drop-column reason: both columns unused since 2.3
ALTER TABLE person DROP COLUMN age;
-- expect

-- case: an allow between statements covers the next statement only
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, age int);
-- new V2__drop.sql
CREATE TABLE audit (id int primary key);
-- shiftway:allow drop-column reason: last_name unused since 2.3
ALTER TABLE person DROP COLUMN last_name;
ALTER TABLE person DROP COLUMN age;
-- expect
V2__drop.sql:4:1 drop-column ~ dropping person.age

-- case: an allow-file that suppresses nothing says so for the file
-- new V2__x.sql
-- shiftway:allow-file drop-table reason: nothing to drop
CREATE TABLE audit (id int primary key);
-- expect
V2__x.sql:1:1 unused-allow ~ shiftway:allow-file drop-table suppresses nothing in this file

-- case: an allow-file without a reason suppresses nothing and is reported
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__drop.sql
CREATE TABLE audit (id int primary key);
-- shiftway:allow-file drop-column
ALTER TABLE person DROP COLUMN last_name;
-- expect
V2__drop.sql:2:1 allow-without-reason ~ has no reason
V2__drop.sql:3:1 drop-column
