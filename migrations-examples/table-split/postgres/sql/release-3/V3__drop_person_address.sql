-- Release 3 (contract): app v2 and app v3 use address only.
DROP TRIGGER person_address_sync_write ON person;
DROP TRIGGER address_person_sync ON address;
DROP FUNCTION person_address_sync();
DROP FUNCTION address_person_sync();
ALTER TABLE person DROP COLUMN street;
ALTER TABLE person DROP COLUMN city;
