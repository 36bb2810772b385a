# Writes N Flyway-style migrations (V1..VN) and a few repeatables under DIR, and a manifest
# (one line per file, in the order Flyway applies them: path<TAB>version<TAB>description<TAB>script).
#   awk -v DIR=sql -v N=10000 -v REPEATABLES=5 -f gen_migrations.awk
# Every tenth migration starts a new group: a table, its index, rows, new columns, a child table
# with a foreign key, a view and a trigger, so the SQL is the kind a real project accumulates.
# Files above V2000 live in per-thousand subfolders (release_03/...), and every tenth of those
# one level deeper (release_03/data/...).
function emit(rel, version, desc, body,   path, dir) {
  path = DIR "/" rel
  dir = path; sub(/\/[^\/]*$/, "", dir)
  if (!(dir in made)) { system("mkdir -p '" dir "'"); made[dir] = 1 }
  printf "%s", body > path
  close(path)
  printf "%s\t%s\t%s\t%s\n", path, version, desc, rel > MANIFEST
}
BEGIN {
  if (N == "") N = 10000
  if (REPEATABLES == "") REPEATABLES = 5
  system("mkdir -p '" DIR "'")
  if (MANIFEST == "") MANIFEST = DIR "/../manifest.tsv"
  printf "" > MANIFEST
  for (i = 1; i <= N; i++) {
    g = int((i - 1) / 10) + 1
    t = "t" g
    k = i % 10
    if (k == 1) {
      d = "create_table_" t
      b = "-- Group " g ": the main table.\n" \
          "CREATE TABLE " t " (\n" \
          "    id INTEGER PRIMARY KEY,\n" \
          "    name TEXT NOT NULL,\n" \
          "    amount NUMERIC(12, 2) NOT NULL DEFAULT 0,\n" \
          "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n" \
          ");\n"
    } else if (k == 2) {
      d = "index_" t "_name"
      b = "CREATE INDEX " t "_name_idx ON " t " (name);\n"
    } else if (k == 3) {
      d = "seed_" t
      b = "INSERT INTO " t " (name, amount) VALUES\n" \
          "    ('alpha " g "', 10.50),\n" \
          "    ('beta " g "', 20.00),\n" \
          "    ('it''s " g "', 3.25);\n"
    } else if (k == 4) {
      d = "add_" t "_note"
      b = "ALTER TABLE " t " ADD COLUMN note TEXT;\n"
    } else if (k == 5) {
      d = "backfill_" t "_note"
      b = "UPDATE " t " SET note = 'migrated; see ticket #" g "' WHERE note IS NULL;\n"
    } else if (k == 6) {
      d = "create_" t "_items"
      b = "CREATE TABLE " t "_items (\n" \
          "    id INTEGER PRIMARY KEY,\n" \
          "    " t "_id INTEGER NOT NULL REFERENCES " t " (id),\n" \
          "    qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0)\n" \
          ");\n" \
          "CREATE INDEX " t "_items_fk ON " t "_items (" t "_id);\n"
    } else if (k == 7) {
      d = "seed_" t "_items"
      b = "/* one item per row of " t " */\n" \
          "INSERT INTO " t "_items (" t "_id, qty)\n" \
          "SELECT id, 2 FROM " t ";\n"
    } else if (k == 8) {
      d = "view_" t "_totals"
      b = "CREATE VIEW " t "_totals AS\n" \
          "SELECT p.id, p.name, sum(i.qty) AS qty\n" \
          "  FROM " t " p JOIN " t "_items i ON i." t "_id = p.id\n" \
          " GROUP BY p.id, p.name;\n"
    } else if (k == 9) {
      d = "add_" t "_status"
      b = "ALTER TABLE " t " ADD COLUMN status TEXT NOT NULL DEFAULT 'active';\n" \
          "CREATE INDEX " t "_status_idx ON " t " (status);\n"
    } else {
      d = "trigger_" t "_touch"
      b = "-- keep items in step with their parent\n" \
          "CREATE TRIGGER " t "_touch AFTER UPDATE OF status ON " t "\n" \
          "BEGIN\n" \
          "    UPDATE " t "_items SET qty = qty WHERE " t "_id = NEW.id;\n" \
          "END;\n" \
          "DELETE FROM " t " WHERE name = 'nobody';\n"
    }
    file = "V" i "__" d ".sql"
    if (i > 2000) {
      rel = sprintf("release_%02d/", int((i - 1) / 1000) + 1)
      if (k == 0) rel = rel "data/"
      file = rel file
    }
    desc = d; gsub(/_/, " ", desc)
    emit(file, i, desc, b)
  }
  for (r = 1; r <= REPEATABLES; r++) {
    d = "summary_view_" r
    b = "DROP VIEW IF EXISTS summary_" r ";\n" \
        "CREATE VIEW summary_" r " AS\n" \
        "SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM t" r ";\n"
    desc = d; gsub(/_/, " ", desc)
    emit("repeatable/R__" d ".sql", "", desc, b)
  }
}
