-- Release 2 (expand): address moves to its own table. App v1 (still running) writes person's
-- columns; app v2 writes address. Triggers copy each write into the other shape.
-- shiftway:deprecate column person.street
-- shiftway:deprecate column person.city
CREATE TABLE address (
  person_id integer PRIMARY KEY REFERENCES person (id),
  street varchar(100),
  city varchar(100)
);

-- Copy what release 1 wrote. On a large table, copy in batches of ids.
INSERT INTO address (person_id, street, city) SELECT id, street, city FROM person WHERE street IS NOT NULL OR city IS NOT NULL;

-- app v1's writes -> address
CREATE TRIGGER person_address_ins AFTER INSERT ON person WHEN NEW.street IS NOT NULL OR NEW.city IS NOT NULL
BEGIN INSERT OR REPLACE INTO address (person_id, street, city) VALUES (NEW.id, NEW.street, NEW.city); END;
CREATE TRIGGER person_address_upd AFTER UPDATE OF street, city ON person
WHEN NEW.street IS NOT OLD.street OR NEW.city IS NOT OLD.city
BEGIN INSERT OR REPLACE INTO address (person_id, street, city) VALUES (NEW.id, NEW.street, NEW.city); END;
CREATE TRIGGER person_address_del AFTER DELETE ON person BEGIN DELETE FROM address WHERE person_id = OLD.id; END;

-- app v2's writes -> person (guarded, so the two directions never ping-pong)
CREATE TRIGGER address_person_ins AFTER INSERT ON address
BEGIN UPDATE person SET street = NEW.street, city = NEW.city WHERE id = NEW.person_id AND (street IS NOT NEW.street OR city IS NOT NEW.city); END;
CREATE TRIGGER address_person_upd AFTER UPDATE ON address
BEGIN UPDATE person SET street = NEW.street, city = NEW.city WHERE id = NEW.person_id AND (street IS NOT NEW.street OR city IS NOT NEW.city); END;
CREATE TRIGGER address_person_del AFTER DELETE ON address
BEGIN UPDATE person SET street = NULL, city = NULL WHERE id = OLD.person_id AND (street IS NOT NULL OR city IS NOT NULL); END;
