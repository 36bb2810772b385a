-- The contract step of V2__rename_last_name_to_surname.sql, written by `shiftway split`.
-- It belongs to the release AFTER the one that ships V2: by then every running app version uses only the new shape.
-- `shiftway promote` moves it into the first location with the next free version.

DROP TRIGGER person_sync_surname_ins;
DROP TRIGGER person_sync_surname_upd;
ALTER TABLE person DROP COLUMN last_name;
