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

-- case: PostgreSQL: an index on a released materialized view blocks its REFRESH, not its reads
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE post (id int primary key, score int);
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
-- new V2__index.sql
CREATE INDEX idx_post_mview_score ON post_mview (score);
-- new V3__fresh.sql
CREATE MATERIALIZED VIEW top_posts AS SELECT id FROM post WHERE score > 10;
CREATE INDEX idx_top_posts_id ON top_posts (id);
-- expect
V2__index.sql:1:1 create-index-blocking [warning] ~ creating index idx_post_mview_score on post_mview without CONCURRENTLY blocks the running release's REFRESH MATERIALIZED VIEW post_mview until the index is built (reads go on)

-- case: PostgreSQL: an index on a table or materialized view dropped and created again earlier in the same transaction blocks nobody
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE post (id int primary key, score int);
CREATE TABLE tag (id int primary key, name text);
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
CREATE UNIQUE INDEX idx_post_mview_id ON post_mview (id);
-- new V2__redo.sql
DROP MATERIALIZED VIEW post_mview;
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
CREATE UNIQUE INDEX idx_post_mview_id ON post_mview (id);
DROP TABLE tag;
CREATE TABLE tag (id int primary key, name text);
CREATE INDEX idx_tag_name ON tag (name);
-- expect
V2__redo.sql:4:1 drop-table ~ tag

-- case: PostgreSQL: an index in a later file than the re-created materialized view blocks the running release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE post (id int primary key, score int);
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
-- new V2__redo.sql
DROP MATERIALIZED VIEW post_mview;
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
-- new V3__index.sql
CREATE INDEX idx_post_mview_score ON post_mview (score);
-- expect
V3__index.sql:1:1 create-index-blocking ~ creating index idx_post_mview_score on post_mview without CONCURRENTLY blocks the running release's REFRESH MATERIALIZED VIEW post_mview

-- case: PostgreSQL: a file with CONCURRENTLY runs outside a transaction, so the re-created table is visible to the running release while its index builds
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE post (id int primary key, score int);
CREATE TABLE tag (id int primary key, name text);
-- new V2__redo.sql
DROP TABLE tag;
CREATE TABLE tag (id int primary key, name text);
CREATE INDEX idx_tag_name ON tag (name);
CREATE INDEX CONCURRENTLY idx_post_score ON post (score);
-- expect
V2__redo.sql:1:1 drop-table ~ tag
V2__redo.sql:3:1 create-index-blocking ~ creating index idx_tag_name on tag
