-- Release 2: app v2 uses person.surname. This migration breaks app v1, which is still running
-- during the rollout and is what a rollback returns to. See README.md.
ALTER TABLE person RENAME COLUMN last_name TO surname;
