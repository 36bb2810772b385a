#!/usr/bin/env bash
# Times reading the live catalog of a 1,000-table schema on each server, side by side in one run:
# `info` (connect, read the history); `lint --dialect D --since 1` (replay the migration, no
# connection); `lint --against-db` (connect, read the history, replay, read the catalog with
# Driver::ReadSchema and reconcile it with the replay, lint nothing new); `check --drift` (connect,
# read the history, replay, read the catalog, compare); `stats export` (connect, read every table's
# estimated rows and bytes, write the stats file). lint --against-db minus info and the offline
# replay is what the catalog read, the reconciliation and the table sizes cost; with BASE set to a
# build from before lint read the catalog, the two lint --against-db columns differ by the catalog
# read and the reconciliation alone. The goal is under 1 s, for the catalog read and for the export.
#
# usage: bash scripts/test-servers.sh -- bench/catalog.sh [path/to/shiftway]
#   SQLite always; PostgreSQL and MariaDB when SHIFTWAY_TEST_POSTGRES_URL / SHIFTWAY_TEST_MYSQL_URL
#   are set (scripts/test-servers.sh sets them; its servers run with fsync off).
# settings (environment): TABLES (default 1000), RUNS (default 5; the median is printed), BASE (a
#   second shiftway binary whose lint --against-db is timed in the same run, for a before/after).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shiftway=$(realpath "${1:-$here/../build/shiftway}")
base=${BASE:+$(realpath "$BASE")}
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

# Median wall time in ms of `shiftway ARGS...` (of $BASE when ARGS start with --base) over $runs
# runs; fails loudly on an unexpected exit.
median_ms() {
  local expect=$1
  shift
  local times=()
  local binary=$shiftway
  if [[ $1 == --base ]]; then
    binary=$base
    shift
  fi
  for _ in $(seq "$runs"); do
    local start rc=0
    start=$(now_ms)
    (cd "$work" && "$binary" "$@" > "$work/out.txt" 2>&1) || rc=$?
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
  local name=$1 dialect=$2
  shift 2
  (cd "$work" && "$shiftway" "$@" migrate > "$work/migrate.txt" 2>&1) || { cat "$work/migrate.txt" >&2; exit 1; }
  local info offline live drift stats before=""
  info=$(median_ms 0 "$@" info)
  # The schema option stays, for the search_path; the URL goes, so nothing connects.
  offline=$(median_ms 0 "${@:3}" lint --dialect "$dialect" --since 1)
  live=$(median_ms 0 "$@" lint --against-db)
  drift=$(median_ms 0 "$@" check --drift)
  stats=$(median_ms 0 "$@" stats export --output-file "$work/stats.json")
  # The file must hold every table, or the timing is of something else.
  local listed
  listed=$(jq '.tables | length' "$work/stats.json")
  if [[ $listed -ne $tables ]]; then
    echo "stats export listed $listed tables, expected $tables" >&2
    exit 1
  fi
  if [[ -n "$base" ]]; then before=" $(median_ms 0 --base "$@" lint --against-db) ms |"; fi
  printf '| %s | %d | %d ms | %d ms | %d ms | %d ms | %d ms | %d ms |%s\n' "$name" "$tables" "$info" "$offline" "$live" \
    "$drift" $((live - info - offline)) "$stats" "$before"
  (cd "$work" && "$shiftway" "$@" -cleanDisabled=false clean > /dev/null 2>&1) || true
}

header="| server | tables | info (connect + history) | lint --since 1 (replay, offline) | lint --against-db (+ catalog read + reconcile) | check --drift (+ catalog read + compare) | lint --against-db minus info and replay (catalog read, reconcile, table sizes) | stats export (connect + sizes + file) |"
rule="|---|---|---|---|---|---|---|---|"
if [[ -n "$base" ]]; then
  header+=" lint --against-db of BASE |"
  rule+="---|"
fi
echo "$header"
echo "$rule"
bench "SQLite $(sqlite3 --version | cut -d' ' -f1)" sqlite --url "sqlite:$work/bench.db" --locations "filesystem:$work/sql"
if [[ -n "${SHIFTWAY_TEST_POSTGRES_URL:-}" ]]; then
  bench PostgreSQL postgres --url "$SHIFTWAY_TEST_POSTGRES_URL" --schemas "$schema" --locations "filesystem:$work/sql"
fi
if [[ -n "${SHIFTWAY_TEST_MYSQL_URL:-}" ]]; then
  bench MariaDB mysql --url "$SHIFTWAY_TEST_MYSQL_URL" --schemas "$schema" --locations "filesystem:$work/sql"
fi
