-- Release 4 (contract), MySQL/MariaDB: app v3 (release 3) stopped writing person's address
-- columns; app v3 and app v4 use address only.
DROP TRIGGER person_address_ins;
DROP TRIGGER person_address_upd;
DROP TRIGGER person_address_del;
ALTER TABLE person DROP COLUMN street;
ALTER TABLE person DROP COLUMN city;
