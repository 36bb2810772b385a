-- Release 2 (expand): add the new column next to the old one.
-- It is nullable and has no default, because app v1 (still running during the rollout, and the
-- version a rollback returns to) does not know it and never writes it.
-- App v2 writes both last_name and surname, and still reads last_name.
-- The marker below tells the linter that last_name is on its way out, so that dropping it in a
-- later release is not reported.
-- shiftway:deprecate column person.last_name
ALTER TABLE person ADD COLUMN surname varchar(100);
