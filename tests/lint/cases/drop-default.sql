-- case: dropping the default of a released NOT NULL column
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE orders (id int primary key, status varchar(20) NOT NULL DEFAULT 'new');
-- new V2__nodefault.sql
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
-- expect
V2__nodefault.sql:1:1 drop-default ~ dropping the default of orders.status

-- case: MySQL MODIFY that leaves the default out drops it
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE orders (id int primary key, status varchar(20) NOT NULL DEFAULT 'new');
-- new V2__modify.sql
ALTER TABLE orders MODIFY status varchar(20) NOT NULL COMMENT 'order state';
-- expect
V2__modify.sql:1:1 drop-default ~ redefining orders.status without its DEFAULT ('new') drops it

-- case: MySQL MODIFY that repeats the default is fine
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE orders (id int primary key, status varchar(20) NOT NULL DEFAULT 'new');
-- new V2__modify.sql
ALTER TABLE orders MODIFY status varchar(20) NOT NULL DEFAULT 'new' COMMENT 'order state';
-- expect

-- case: a nullable column falls back to NULL
-- dialect: postgres mysql
-- released V1__init.sql
CREATE TABLE orders (id int primary key, note text DEFAULT 'none');
-- new V2__nodefault.sql
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
-- expect

-- case: a SQLite rebuild that drops a NOT NULL column's default
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE orders (id integer primary key, status text NOT NULL DEFAULT 'new');
-- new V2__rebuild.sql
CREATE TABLE orders_new (id integer primary key, status text NOT NULL);
INSERT INTO orders_new SELECT id, status FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
-- expect
V2__rebuild.sql:3:1 drop-default ~ rebuilding orders without the default of status

-- case: a default dropped to change the type and set again is judged by the final shape
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE site (id int primary key, listing text NOT NULL DEFAULT 'Local');
-- new V2__enum.sql
CREATE TYPE listing_enum AS ENUM ('All', 'Local');
ALTER TABLE site ALTER COLUMN listing DROP DEFAULT;
ALTER TABLE site ALTER COLUMN listing TYPE listing_enum USING listing::listing_enum;
ALTER TABLE site ALTER COLUMN listing SET DEFAULT 'Local';
-- expect
V2__enum.sql:3:1 change-column-type
V2__enum.sql:3:1 table-rewrite

-- case: a default dropped in one file and set again in a later file of the release is fine
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE site (id int primary key, listing text NOT NULL DEFAULT 'Local');
-- new V2__drop.sql
ALTER TABLE site ALTER COLUMN listing DROP DEFAULT;
-- new V3__set.sql
ALTER TABLE site ALTER COLUMN listing SET DEFAULT 'All';
-- expect
