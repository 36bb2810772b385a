#!/usr/bin/env bash
# Times reading the live catalog of a 1,000-table schema on each server: `check --drift` (connect,
# read the history, replay the applied migration, read the catalog with Driver::ReadSchema, compare)
# beside `lint --against-db` (connect, read the history, replay the applied migration, lint nothing
# new), side by side in one run. Their difference is what the catalog read and the comparison
# cost; the goal is under 1 s. Beside them, `stats export` (connect, read every table's estimated
# rows and bytes, write the stats file), whose goal is under 1 s too; `info` (connect, read the
# history) is what any command pays before its own work.
#
# usage: bash scripts/test-servers.sh -- bench/catalog.sh [path/to/shiftway]
#   SQLite always; PostgreSQL and MariaDB when SHIFTWAY_TEST_POSTGRES_URL / SHIFTWAY_TEST_MYSQL_URL
#   are set (scripts/test-servers.sh sets them; its servers run with fsync off).
# settings (environment): TABLES (default 1000), RUNS (default 5; the median is printed).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shiftway=$(realpath "${1:-$here/../build/shiftway}")
tables=${TABLES:-1000}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
schema="bench_catalog_$$"

# One migration creating $tables tables, each with five columns, a default, a primary key, a
# foreign key to the previous table and an index, and a view over every tenth table.
mkdir -p "$work/sql"
awk -v n="$tables" 'BEGIN {
  for (i = 1; i <= n; i++) {
    printf "CREATE TABLE t%d (id integer PRIMARY KEY, name varchar(100) NOT NULL DEFAULT %s, amount numeric(10,2), created_at timestamp, parent integer%s);\n", i, "'"'"'x'"'"'", (i > 1 ? sprintf(", CONSTRAINT t%d_parent_fk FOREIGN KEY (parent) REFERENCES t%d (id)", i, i - 1) : "")
    printf "CREATE INDEX t%d_name_idx ON t%d (name);\n", i, i
    if (i % 10 == 0) printf "CREATE VIEW v%d AS SELECT id, name FROM t%d;\n", i, i
  }
}' > "$work/sql/V1__tables.sql"

now_ms() { date +%s%3N; }

# Median wall time in ms of `shiftway ARGS...` over $runs runs; fails loudly on an unexpected exit.
median_ms() {
  local expect=$1
  shift
  local times=()
  for _ in $(seq "$runs"); do
    local start rc=0
    start=$(now_ms)
    (cd "$work" && "$shiftway" "$@" > "$work/out.txt" 2>&1) || rc=$?
    if [[ $rc -ne $expect ]]; then
      echo "unexpected exit $rc from shiftway $*:" >&2
      cat "$work/out.txt" >&2
      exit 1
    fi
    times+=($(($(now_ms) - start)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

bench() {
  local name=$1
  shift
  (cd "$work" && "$shiftway" "$@" migrate > "$work/migrate.txt" 2>&1) || { cat "$work/migrate.txt" >&2; exit 1; }
  local info replay drift stats
  info=$(median_ms 0 "$@" info)
  replay=$(median_ms 0 "$@" lint --against-db)
  drift=$(median_ms 0 "$@" check --drift)
  stats=$(median_ms 0 "$@" stats export --output-file "$work/stats.json")
  # The file must hold every table, or the timing is of something else.
  local listed
  listed=$(jq '.tables | length' "$work/stats.json")
  if [[ $listed -ne $tables ]]; then
    echo "stats export listed $listed tables, expected $tables" >&2
    exit 1
  fi
  printf '| %s | %d | %d ms | %d ms | %d ms | %d ms | %d ms |\n' "$name" "$tables" "$info" "$replay" "$drift" \
    $((drift - replay)) "$stats"
  (cd "$work" && "$shiftway" "$@" -cleanDisabled=false clean > /dev/null 2>&1) || true
}

echo "| server | tables | info (connect + history) | lint --against-db (+ replay) | check --drift (+ catalog read + compare) | difference: catalog read + compare | stats export (connect + sizes + file) |"
echo "|---|---|---|---|---|---|---|"
bench "SQLite $(sqlite3 --version | cut -d' ' -f1)" --url "sqlite:$work/bench.db" --locations "filesystem:$work/sql"
if [[ -n "${SHIFTWAY_TEST_POSTGRES_URL:-}" ]]; then
  bench PostgreSQL --url "$SHIFTWAY_TEST_POSTGRES_URL" --schemas "$schema" --locations "filesystem:$work/sql"
fi
if [[ -n "${SHIFTWAY_TEST_MYSQL_URL:-}" ]]; then
  bench MariaDB --url "$SHIFTWAY_TEST_MYSQL_URL" --schemas "$schema" --locations "filesystem:$work/sql"
fi
