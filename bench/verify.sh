#!/usr/bin/env bash
# Times `shiftway verify` on 1,000 generated queries over 10 new migrations, on each database, next
# to `shiftway lint` of the same migrations in the same run (the ratio says what preparing the
# queries costs on top of the static rules).
#
# The set: V1 creates 20 tables of 8 columns; V2..V11 (the new release) each add a nullable column
# to one table, and V6 renames a column that 25 of the queries read (so they break at V6 and are not
# prepared again). The queries: 1,000 SELECTs, UPDATEs and INSERTs spread over the 20 tables, with
# the dialect's placeholders.
#
# usage: bench/verify.sh [path/to/shiftway]
#   SQLite always; PostgreSQL and MariaDB when SHIFTWAY_TEST_POSTGRES_URL / SHIFTWAY_TEST_MYSQL_URL
#   are set (bash scripts/test-servers.sh -- bench/verify.sh), which are then the scratch servers.
#   RUNS=N repeats each timing N times and keeps the best (default 3).
# goals (docs/verify.md): under 2 s on SQLite, under 10 s on PostgreSQL and MariaDB.
# needs: python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shiftway=$(realpath "${1:-$here/../build/shiftway}")
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
os.makedirs(f"{work}/sql")
tables, cols = 20, 8
with open(f"{work}/sql/V1__tables.sql", "w") as f:
    for t in range(tables):
        cs = ", ".join(f"c{c} varchar(50)" for c in range(cols))
        f.write(f"CREATE TABLE t{t} (id integer PRIMARY KEY, {cs});\n")
for v in range(2, 12):
    with open(f"{work}/sql/V{v}__step.sql", "w") as f:
        if v == 6:
            f.write("ALTER TABLE t5 RENAME COLUMN c7 TO c7_renamed;\n")
        else:
            f.write(f"ALTER TABLE t{v} ADD COLUMN added_{v} varchar(50);\n")
for dialect, ph in (("sqlite", lambda i: "?"), ("postgres", lambda i: f"${i}"), ("mysql", lambda i: "?")):
    with open(f"{work}/queries.{dialect}.sql", "w") as f:
        for q in range(1000):
            t = q % tables
            kind = q % 3
            if t == 5 and (q // 20) % 2 == 0:
                f.write(f"SELECT id, c7 FROM t5 WHERE id = {ph(1)};\n")  # breaks at V6
            elif kind == 0:
                f.write(f"SELECT id, c{q % cols}, c{(q + 1) % cols} FROM t{t} WHERE id = {ph(1)};\n")
            elif kind == 1:
                f.write(f"UPDATE t{t} SET c{q % cols} = {ph(1)} WHERE id = {ph(2)};\n")
            else:
                f.write(f"INSERT INTO t{t} (id, c0, c1) VALUES ({ph(1)}, {ph(2)}, {ph(3)});\n")
PY

now_ms() { date +%s%3N; }

# Best wall time of $runs runs of the command, in ms; the command's output goes to $work/last.
best_ms() {
  local best=0 i start end rc
  for ((i = 0; i < runs; i++)); do
    start=$(now_ms)
    rc=0
    (cd "$work" && "$@" >"$work/last" 2>"$work/last.err") || rc=$?
    end=$(now_ms)
    if [[ $rc -gt 1 ]]; then
      echo "error: exited $rc: $*" >&2
      cat "$work/last.err" >&2
      exit 1
    fi
    if ((best == 0 || end - start < best)); then best=$((end - start)); fi
  done
  echo "$best"
}

printf '%-10s %8s %8s %10s %8s %9s %s\n' database lint_ms verify_ms ratio breaks prepares goal
bench_one() {  # name dialect goal_ms [--scratch-url URL]
  local name=$1 dialect=$2 goal=$3
  shift 3
  local lint_ms verify_ms breaks prepares
  lint_ms=$(best_ms "$shiftway" lint --dialect "$dialect" --since 1 --fail-on never)
  verify_ms=$(best_ms "$shiftway" --output json verify --dialect "$dialect" --since 1 --fail-on never \
    --queries "queries.$([[ $dialect == mariadb ]] && echo mysql || echo "$dialect").sql" "$@")
  breaks=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verify"]["breaks"])' "$work/last")
  # Prepares done: every query at the release, then each step's minus the ones skipped.
  prepares=$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["verify"]; print(v["queries"] * (1 + v["migrations"]) - v["skippedPrepares"])' "$work/last")
  printf '%-10s %8d %8d %9.1fx %8s %9s %s\n' "$name" "$lint_ms" "$verify_ms" \
    "$(python3 -c "print($verify_ms / max($lint_ms, 1))")" "$breaks" "$prepares" \
    "$([[ $verify_ms -lt $goal ]] && echo "under $((goal / 1000)) s" || echo "OVER $((goal / 1000)) s")"
}

bench_one sqlite sqlite 2000
if [[ -n "${SHIFTWAY_TEST_POSTGRES_URL:-}" ]]; then
  bench_one postgres postgres 10000 --scratch-url "$SHIFTWAY_TEST_POSTGRES_URL"
fi
if [[ -n "${SHIFTWAY_TEST_MYSQL_URL:-}" ]]; then
  bench_one mariadb mariadb 10000 --scratch-url "$SHIFTWAY_TEST_MYSQL_URL"
fi
echo "1000 queries, 10 new migrations, 20 tables; best of $runs; wall time of the whole command (process start, scratch database, lint included)"
echo "prepares: at most this many were sent, of 11,000 without skipping (a broken query is not prepared again)"
