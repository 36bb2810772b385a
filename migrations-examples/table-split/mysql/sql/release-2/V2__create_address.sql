-- Release 2 (expand), MySQL/MariaDB: address moves to its own table, synced ONE WAY.
-- A trigger cannot write a table that the statement firing it uses (ERROR 1442), so triggers on
-- both tables cannot keep them in step. Triggers copy app v1's writes of person into address;
-- app v2 writes both shapes itself (person's columns and address) and reads address.
-- shiftway:deprecate column person.street
-- shiftway:deprecate column person.city
-- shiftway:allow-file mixed-ddl-dml reason: the copy is repeatable (INSERT IGNORE); if it fails, run it again by hand before shiftway repair
CREATE TABLE address (
  person_id integer PRIMARY KEY,
  street varchar(100),
  city varchar(100),
  CONSTRAINT address_person FOREIGN KEY (person_id) REFERENCES person (id)
);

-- app v1's writes -> address
CREATE TRIGGER person_address_ins AFTER INSERT ON person FOR EACH ROW
  INSERT INTO address (person_id, street, city) SELECT NEW.id, NEW.street, NEW.city FROM DUAL
  WHERE NEW.street IS NOT NULL OR NEW.city IS NOT NULL
  ON DUPLICATE KEY UPDATE street = VALUES(street), city = VALUES(city);
CREATE TRIGGER person_address_upd AFTER UPDATE ON person FOR EACH ROW
  INSERT INTO address (person_id, street, city) VALUES (NEW.id, NEW.street, NEW.city)
  ON DUPLICATE KEY UPDATE street = VALUES(street), city = VALUES(city);
CREATE TRIGGER person_address_del BEFORE DELETE ON person FOR EACH ROW
  DELETE FROM address WHERE person_id = OLD.id;

-- Copy what release 1 wrote, after the triggers exist. On a large table, copy in batches of ids.
INSERT IGNORE INTO address (person_id, street, city) SELECT id, street, city FROM person WHERE street IS NOT NULL OR city IS NOT NULL;
