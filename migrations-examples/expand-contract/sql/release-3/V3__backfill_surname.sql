-- Release 3 (backfill): copy what app v1 wrote before it was gone.
-- App v2, still running during this rollout, writes both columns, so no row written from now on
-- needs the copy. App v3 reads surname and still writes both.
-- On a large table, run this in batches (for example by id range) to keep each transaction short.
UPDATE person SET surname = last_name WHERE surname IS NULL;
