-- case: NOT VALID check validated in the same migration
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int);
-- new V2__check.sql
ALTER TABLE person ADD CONSTRAINT person_age_positive CHECK (age > 0) NOT VALID;
ALTER TABLE person VALIDATE CONSTRAINT person_age_positive;
-- expect
V2__check.sql:1:1 add-check-constraint
V2__check.sql:2:1 check-constraint-blocking ~ validating check constraint person_age_positive

-- case: NOT VALID alone does not scan
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, age int);
-- new V2__check.sql
-- shiftway:allow add-check-constraint reason: app 4.2 already rejects non-positive ages
ALTER TABLE person ADD CONSTRAINT person_age_positive CHECK (age > 0) NOT VALID;
-- expect
