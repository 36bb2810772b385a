-- Release 3 (contract): app v2 and app v3 use address only.
DROP TRIGGER person_address_ins;
DROP TRIGGER person_address_upd;
DROP TRIGGER person_address_del;
DROP TRIGGER address_person_ins;
DROP TRIGGER address_person_upd;
DROP TRIGGER address_person_del;
ALTER TABLE person DROP COLUMN street;
ALTER TABLE person DROP COLUMN city;
