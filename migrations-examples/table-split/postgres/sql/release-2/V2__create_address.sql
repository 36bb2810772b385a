-- Release 2 (expand): address moves to its own table. App v1 (still running) writes person's
-- columns; app v2 writes address. Triggers copy each write into the other shape.
-- shiftway:deprecate column person.street
-- shiftway:deprecate column person.city
-- shiftway:deprecate routine person_address_sync
-- shiftway:deprecate routine address_person_sync
CREATE TABLE address (
  person_id integer PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
  street varchar(100),
  city varchar(100)
);

-- Copy what release 1 wrote. On a large table, copy in batches of ids.
INSERT INTO address (person_id, street, city) SELECT id, street, city FROM person WHERE street IS NOT NULL OR city IS NOT NULL;

-- app v1's writes -> address (a deleted person's address goes by ON DELETE CASCADE)
CREATE FUNCTION person_address_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.street IS NULL AND NEW.city IS NULL AND TG_OP = 'INSERT' THEN
    RETURN NEW;
  END IF;
  INSERT INTO address (person_id, street, city) VALUES (NEW.id, NEW.street, NEW.city)
  ON CONFLICT (person_id) DO UPDATE SET street = EXCLUDED.street, city = EXCLUDED.city
  WHERE address.street IS DISTINCT FROM EXCLUDED.street OR address.city IS DISTINCT FROM EXCLUDED.city;
  RETURN NEW;
END $$;
CREATE TRIGGER person_address_sync_write AFTER INSERT OR UPDATE OF street, city ON person
  FOR EACH ROW EXECUTE FUNCTION person_address_sync();

-- app v2's writes -> person (guarded, so the two directions never ping-pong)
CREATE FUNCTION address_person_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Only app v2's own deletes; a cascade from a deleted person has nothing left to update.
    IF pg_trigger_depth() = 1 THEN
      UPDATE person SET street = NULL, city = NULL
      WHERE id = OLD.person_id AND (street IS NOT NULL OR city IS NOT NULL);
    END IF;
    RETURN OLD;
  END IF;
  UPDATE person SET street = NEW.street, city = NEW.city
  WHERE id = NEW.person_id AND (street IS DISTINCT FROM NEW.street OR city IS DISTINCT FROM NEW.city);
  RETURN NEW;
END $$;
CREATE TRIGGER address_person_sync AFTER INSERT OR UPDATE OR DELETE ON address
  FOR EACH ROW EXECUTE FUNCTION address_person_sync();
