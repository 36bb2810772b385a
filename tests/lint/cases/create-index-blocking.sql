-- case: CREATE INDEX on a released table without CONCURRENTLY
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__index.sql
CREATE INDEX person_last_name_idx ON person (last_name);
-- expect
V2__index.sql:1:1 create-index-blocking ~ creating index person_last_name_idx on person without CONCURRENTLY

-- case: CONCURRENTLY is fine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__index.sql
CREATE INDEX CONCURRENTLY person_last_name_idx ON person (last_name);
-- expect

-- case: an index on a table created in this release is fine
-- dialect: postgres
-- new V2__create.sql
CREATE TABLE invoice (id int primary key, person_id int);
CREATE INDEX invoice_person_idx ON invoice (person_id);
-- expect

-- case: other dialects build indexes online
-- dialect: sqlite mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name varchar(100));
-- new V2__index.sql
CREATE INDEX person_last_name_idx ON person (last_name);
-- expect

-- case: CREATE INDEX ON ONLY a partitioned parent reads no rows and is not a blocking build
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE measurement (id int, logdate date not null) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- new V2__index.sql
CREATE INDEX measurement_logdate_idx ON ONLY measurement (logdate);
CREATE INDEX CONCURRENTLY measurement_y2026_logdate_idx ON measurement_y2026 (logdate);
ALTER INDEX measurement_logdate_idx ATTACH PARTITION measurement_y2026_logdate_idx;
-- expect

-- case: the partition's own index built without CONCURRENTLY still blocks
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE measurement (id int, logdate date not null) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- new V2__index.sql
CREATE INDEX measurement_logdate_idx ON ONLY measurement (logdate);
CREATE INDEX measurement_y2026_logdate_idx ON measurement_y2026 (logdate);
-- expect
V2__index.sql:2:1 create-index-blocking ~ measurement_y2026

-- case: CREATE INDEX on a partitioned parent without ONLY builds on every partition; CONCURRENTLY is not offered
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE measurement (id int, logdate date not null) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- new V2__index.sql
CREATE INDEX measurement_logdate_idx ON measurement (logdate);
-- expect
V2__index.sql:1:1 create-index-blocking [warning] ~ creating index measurement_logdate_idx on partitioned table measurement builds it on every partition and blocks inserts, updates and deletes on them
