-- Release 5 (contract): drop the old column.
-- Neither app v4 (running during this rollout) nor app v5 reads or writes last_name any more.
-- Needs SQLite 3.35+, PostgreSQL, MySQL 8 or MariaDB 10.0+.
ALTER TABLE person DROP COLUMN last_name;
