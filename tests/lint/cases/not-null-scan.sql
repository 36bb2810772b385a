-- case: SET NOT NULL scans without a validated check
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email text);
-- new V2__nn.sql
-- shiftway:allow set-not-null reason: every writer sets email since release 3.1
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
-- expect
V2__nn.sql:2:1 not-null-scan ~ SET NOT NULL on person.email scans every row

-- case: with a released validated check PostgreSQL skips the scan
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email text);
ALTER TABLE person ADD CONSTRAINT person_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- released V2__validate.sql
ALTER TABLE person VALIDATE CONSTRAINT person_email_nn;
-- new V3__nn.sql
ALTER TABLE person ALTER COLUMN email SET NOT NULL;
ALTER TABLE person DROP CONSTRAINT person_email_nn;
-- expect
