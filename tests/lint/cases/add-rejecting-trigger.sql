-- case: a PostgreSQL trigger that raises when a column of this release is missing
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int PRIMARY KEY, total int);
-- new V2__currency.sql
ALTER TABLE orders ADD COLUMN currency text;
CREATE FUNCTION orders_require_currency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.currency IS NULL THEN
    RAISE EXCEPTION 'currency required';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER orders_currency BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION orders_require_currency();
-- expect
V2__currency.sql:9:1 add-rejecting-trigger [warning] ~ trigger orders_currency on orders can refuse a row (RAISE in orders_require_currency()) and may reject inserts of the running release

-- case: a trigger that fills in a value or raises a notice refuses nothing
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int PRIMARY KEY, total int, updated_at timestamptz);
-- new V2__touch.sql
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RAISE NOTICE 'touched %', NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
-- expect

-- case: a trigger on a table of this release is nothing to the running release
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE orders (id int PRIMARY KEY);
-- new V2__new.sql
CREATE TABLE invoices (id int PRIMARY KEY, currency text);
CREATE FUNCTION invoices_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$;
CREATE TRIGGER invoices_check BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_check();
-- expect

-- case: a MySQL trigger that SIGNALs
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE orders (id INT PRIMARY KEY, total INT);
-- new V2__currency.sql
ALTER TABLE orders ADD COLUMN currency CHAR(3) NULL;
CREATE TRIGGER orders_cur BEFORE INSERT ON orders FOR EACH ROW BEGIN IF NEW.currency IS NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'currency required'; END IF; END;
-- expect
V2__currency.sql:2:1 add-rejecting-trigger [warning] ~ trigger orders_cur on orders can refuse a row (SIGNAL) and may reject inserts of the running release

-- case: a MySQL trigger that only sets a value
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE orders (id INT PRIMARY KEY, total INT, updated_at DATETIME NULL);
-- new V2__touch.sql
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW SET NEW.updated_at = NOW();
-- expect

-- case: a SQLite trigger that RAISEs ABORT
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE o (id INTEGER PRIMARY KEY, total INTEGER);
-- new V2__cur.sql
ALTER TABLE o ADD COLUMN cur TEXT;
CREATE TRIGGER o_cur BEFORE INSERT ON o WHEN NEW.cur IS NULL BEGIN SELECT RAISE(ABORT, 'cur required'); END;
-- expect
V2__cur.sql:2:1 add-rejecting-trigger [warning] ~ trigger o_cur on o can refuse a row (RAISE) and may reject inserts of the running release

-- case: a SQLite trigger that RAISEs IGNORE skips the row without an error
-- dialect: sqlite
-- released V1__init.sql
CREATE TABLE o (id INTEGER PRIMARY KEY, total INTEGER);
-- new V2__skip.sql
CREATE TRIGGER o_skip BEFORE INSERT ON o WHEN NEW.total < 0 BEGIN SELECT RAISE(IGNORE); END;
-- expect
