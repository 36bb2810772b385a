-- V2__rename_last_name_to_surname.sql: the expand step of a change `shiftway split` made safe for a rolling deploy.
-- The original migration:
--   ALTER TABLE person RENAME COLUMN last_name TO surname;
-- While this release rolls out, the previous release's app (N-1) and this release's app (N) share the database:
--   app N reads and writes surname only; app N-1 keeps using last_name; triggers copy each write of either column into the other
-- The contract step waits in contract/after_V2__contract_rename_last_name_to_surname.sql for the next release (`shiftway promote`).
-- shiftway:allow-file mixed-ddl-dml reason: the backfill only fills NULLs, so if it fails it can be run again by hand before `shiftway repair`

-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname varchar(100);
CREATE TRIGGER person_sync_surname_ins BEFORE INSERT ON person FOR EACH ROW SET NEW.surname = COALESCE(NEW.surname, NEW.last_name), NEW.last_name = COALESCE(NEW.last_name, NEW.surname);
CREATE TRIGGER person_sync_surname_upd BEFORE UPDATE ON person FOR EACH ROW SET NEW.last_name = IF(NEW.surname <=> OLD.surname OR NEW.surname <=> (NEW.last_name), NEW.last_name, NEW.surname), NEW.surname = IF(NEW.surname <=> OLD.surname AND NOT (NEW.last_name <=> OLD.last_name), NEW.last_name, NEW.surname);
-- backfill: on a large table run this in batches (e.g. by primary-key range) so no transaction holds row locks for long
UPDATE person SET surname = last_name WHERE surname IS NULL;
