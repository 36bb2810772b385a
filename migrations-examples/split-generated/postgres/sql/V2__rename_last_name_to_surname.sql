-- V2__rename_last_name_to_surname.sql: the expand step of a change `shiftway split` made safe for a rolling deploy.
-- The original migration:
--   ALTER TABLE person RENAME COLUMN last_name TO surname;
-- While this release rolls out, the previous release's app (N-1) and this release's app (N) share the database:
--   app N reads and writes surname only; app N-1 keeps using last_name; triggers copy each write of either column into the other
-- The contract step waits in contract/after_V2__contract_rename_last_name_to_surname.sql for the next release (`shiftway promote`).

-- shiftway:deprecate column person.last_name
-- shiftway:deprecate routine person_sync_surname
ALTER TABLE person ADD COLUMN surname varchar(100);
CREATE FUNCTION person_sync_surname() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.surname := COALESCE(NEW.surname, NEW.last_name);
    NEW.last_name := COALESCE(NEW.last_name, NEW.surname);
  ELSIF NEW.surname IS DISTINCT FROM OLD.surname THEN
    IF NEW.surname IS DISTINCT FROM (NEW.last_name) THEN
      NEW.last_name := NEW.surname;
    END IF;
  ELSIF NEW.last_name IS DISTINCT FROM OLD.last_name THEN
    NEW.surname := NEW.last_name;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER person_sync_surname BEFORE INSERT OR UPDATE ON person FOR EACH ROW EXECUTE FUNCTION person_sync_surname();
-- backfill: on a large table run this in batches (e.g. by primary-key range) so no transaction holds row locks for long
UPDATE person SET surname = last_name WHERE surname IS NULL;
