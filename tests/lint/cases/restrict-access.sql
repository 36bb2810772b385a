-- case: REVOKE of a privilege on a released table
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int PRIMARY KEY, total int);
GRANT SELECT, INSERT ON orders TO app_user;
-- new V2__revoke.sql
REVOKE SELECT ON orders FROM app_user;
-- expect
V2__revoke.sql:1:1 restrict-access [warning] ~ REVOKE SELECT ON orders FROM app_user takes away what the running release may still do with orders

-- case: REVOKE on a table of this release is nothing to the running release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int PRIMARY KEY);
-- new V2__new.sql
CREATE TABLE audit (id int PRIMARY KEY);
REVOKE ALL ON audit FROM PUBLIC;
-- expect

-- case: row level security switched on without a policy
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE docs (id int PRIMARY KEY, owner text);
-- new V2__rls.sql
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
-- expect
V2__rls.sql:1:1 restrict-access [warning] ~ ENABLE ROW LEVEL SECURITY on docs with no policy in this release

-- case: row level security with a policy in the same release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE docs (id int PRIMARY KEY, owner text);
-- new V2__rls.sql
CREATE POLICY docs_owner ON docs USING (owner = current_user);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
-- expect

-- case: GRANT gives, never takes
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int PRIMARY KEY);
-- new V2__grant.sql
GRANT SELECT ON orders TO reporting;
-- expect
