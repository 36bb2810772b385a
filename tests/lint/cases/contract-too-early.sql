-- case: deprecating and dropping a column in the same release
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__expand.sql
-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname text;
-- new V3__contract.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect
V3__contract.sql:1:1 contract-too-early ~ column person.last_name is deprecated in this release

-- case: the contract step a release after the deprecation is fine
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- released V2__expand.sql
-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname text;
-- new V3__contract.sql
ALTER TABLE person DROP COLUMN last_name;
-- expect
