-- case: a released file whose checksum changed
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN note text;
-- modified V1__init.sql 1234 -987
-- expect
V1__init.sql:1:1 modified-released-migration ~ V1__init.sql was released with checksum 1234 and now has checksum -987

-- case: no modified files, nothing to report
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__add.sql
ALTER TABLE person ADD COLUMN note text;
-- expect
