-- V2__rename_last_name_to_surname.sql: the expand step of a change `shiftway split` made safe for a rolling deploy.
-- The original migration:
--   ALTER TABLE person RENAME COLUMN last_name TO surname;
-- While this release rolls out, the previous release's app (N-1) and this release's app (N) share the database:
--   app N reads and writes surname only; app N-1 keeps using last_name; triggers copy each write of either column into the other
-- The contract step waits in contract/after_V2__contract_rename_last_name_to_surname.sql for the next release (`shiftway promote`).

-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname varchar(100);
-- backfill: on a large table run this in batches (e.g. by primary-key range) so no transaction holds row locks for long
UPDATE person SET surname = last_name;
CREATE TRIGGER person_sync_surname_ins AFTER INSERT ON person BEGIN UPDATE person SET surname = COALESCE(NEW.surname, NEW.last_name), last_name = COALESCE(NEW.last_name, NEW.surname) WHERE rowid = NEW.rowid; END;
CREATE TRIGGER person_sync_surname_old AFTER UPDATE OF last_name ON person WHEN NEW.last_name IS NOT OLD.last_name AND NEW.last_name IS NOT (NEW.surname) BEGIN UPDATE person SET surname = NEW.last_name WHERE rowid = NEW.rowid; END;
CREATE TRIGGER person_sync_surname_new AFTER UPDATE OF surname ON person WHEN NEW.surname IS NOT OLD.surname AND NEW.surname IS NOT (NEW.last_name) BEGIN UPDATE person SET last_name = NEW.surname WHERE rowid = NEW.rowid; END;
