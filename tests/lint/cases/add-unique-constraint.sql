-- case: a unique constraint on released columns
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
-- new V2__unique.sql
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
-- expect
V2__unique.sql:1:1 add-unique-constraint ~ adding a unique constraint on person (email)

-- case: PostgreSQL: a unique constraint on released columns, whose index is built under ACCESS EXCLUSIVE
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
-- new V2__unique.sql
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE (email);
-- expect
V2__unique.sql:1:1 add-unique-constraint ~ adding a unique constraint on person (email)
V2__unique.sql:1:1 create-index-blocking [warning] ~ adding a unique constraint on person (email) builds its index while holding an ACCESS EXCLUSIVE lock on person, blocking every query on it until the index is built

-- case: a unique index on a released table
-- dialect: sqlite mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
-- new V2__unique.sql
CREATE UNIQUE INDEX person_email_key ON person (email);
-- expect
V2__unique.sql:1:1 add-unique-constraint ~ unique index person_email_key

-- case: a unique index on a column added in this release is fine
-- dialect: sqlite mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
-- new V2__code.sql
ALTER TABLE person ADD COLUMN code varchar(20);
CREATE UNIQUE INDEX person_code_key ON person (code);
-- expect

-- case: PostgreSQL unique index on a new column still builds while blocking writes
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
-- new V2__code.sql
ALTER TABLE person ADD COLUMN code varchar(20);
CREATE UNIQUE INDEX person_code_key ON person (code);
-- expect
V2__code.sql:2:1 create-index-blocking

-- case: PostgreSQL UNIQUE USING INDEX only promotes an index that already enforces it
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key, email varchar(200));
CREATE UNIQUE INDEX CONCURRENTLY person_email_key ON person (email);
-- new V2__unique.sql
ALTER TABLE person ADD CONSTRAINT person_email_key UNIQUE USING INDEX person_email_key;
-- expect

-- case: an EXCLUDE constraint on a released table rejects conflicting rows, and cannot be built concurrently
-- dialect: postgres
-- released V1__init.sql
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (id int primary key, room int, during tsrange);
-- new V2__no_overlap.sql
ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
-- expect
V2__no_overlap.sql:1:1 add-unique-constraint ~ adding an exclusion constraint on booking (room, during) may reject inserts and updates from the running release, which does not expect conflicting rows to fail; PostgreSQL also builds its index holding an ACCESS EXCLUSIVE lock

-- case: an EXCLUDE constraint on a table of this release, or written in its CREATE TABLE, asks nothing of the running release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE room (id int primary key);
-- new V2__booking.sql
CREATE TABLE booking (id int primary key, room int, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&));
CREATE TABLE hold (id int primary key, room int, during tsrange);
ALTER TABLE hold ADD CONSTRAINT hold_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
-- expect

-- case: PostgreSQL: a materialized view created in this release, and indexes on it, are new (Lemmy's *_mview)
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE post (id int primary key, score int);
-- new V2__mview.sql
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
CREATE UNIQUE INDEX idx_post_mview_id ON post_mview (id);
-- new V3__again.sql
DROP MATERIALIZED VIEW post_mview;
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
CREATE UNIQUE INDEX idx_post_mview_id ON post_mview (id);
-- expect

-- case: PostgreSQL: a unique index on a released materialized view fails its REFRESH on duplicates
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE post (id int primary key, score int);
CREATE MATERIALIZED VIEW post_mview AS SELECT id, score FROM post;
-- new V2__index.sql
CREATE UNIQUE INDEX CONCURRENTLY idx_post_mview_score ON post_mview (score);
-- expect
V2__index.sql:1:1 add-unique-constraint [error] ~ adding unique index idx_post_mview_score on materialized view post_mview (score) makes the running release's REFRESH MATERIALIZED VIEW post_mview fail whenever its query returns duplicate (score) values

-- case: a primary key wider than the released one refuses no duplicate, but makes its new columns NOT NULL
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE account (id int PRIMARY KEY, plan varchar(20), region varchar(10) NOT NULL);
-- new V2__key.sql
ALTER TABLE account DROP PRIMARY KEY, ADD PRIMARY KEY (id, plan);
-- expect
V2__key.sql:1:1 add-unique-constraint [error] ~ adding a primary key on account (id, plan) makes plan NOT NULL, and the running release's writes of NULL to it now fail (the released key on (id) already keeps every key value unique)
V2__key.sql:1:1 drop-unique-constraint ~ dropping the primary key of account (id)

-- case: a unique constraint or index on a superset of a released key refuses nothing new
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE account (id int PRIMARY KEY, email varchar(100) NOT NULL, plan varchar(20), CONSTRAINT account_email_key UNIQUE (email));
-- new V2__key.sql
ALTER TABLE account ADD CONSTRAINT account_email_plan_key UNIQUE (email, plan);
CREATE UNIQUE INDEX account_id_plan ON account (id, plan);
-- expect

-- case: PostgreSQL: the same (its index build still locks the table), and a unique index built concurrently
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE account (id int PRIMARY KEY, email varchar(100) NOT NULL, plan varchar(20), CONSTRAINT account_email_key UNIQUE (email));
-- new V2__key.sql
ALTER TABLE account ADD CONSTRAINT account_email_plan_key UNIQUE (email, plan);
-- new V3__index.sql
CREATE UNIQUE INDEX CONCURRENTLY account_id_plan ON account (id, plan);
-- expect
V2__key.sql:1:1 create-index-blocking [warning] ~ builds its index while holding an ACCESS EXCLUSIVE lock on account
