-- case: a new version below the highest released one
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- released V3__more.sql
CREATE TABLE team (id int primary key);
-- new V2__late.sql
CREATE TABLE invoice (id int primary key);
-- expect
V2__late.sql:1:1 out-of-order-version ~ version 2 is below 3

-- case: versions compare numerically, trailing zeros ignored
-- max-released 1.10
-- new V1.9__late.sql
CREATE TABLE invoice (id int primary key);
-- new V1.10.0__same.sql
CREATE TABLE receipt (id int primary key);
-- new V1.11__next.sql
CREATE TABLE refund (id int primary key);
-- expect
V1.9__late.sql:1:1 out-of-order-version ~ version 1.9 is below 1.10
V1.10.0__same.sql:1:1 out-of-order-version ~ equals 1.10

-- case: new versions above the released ones are fine
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__next.sql
CREATE TABLE team (id int primary key);
-- new R__views.sql
CREATE VIEW team_ids AS SELECT id FROM team;
-- expect
