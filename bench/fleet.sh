#!/usr/bin/env bash
# Benchmark: a fleet migrate, against the shell loop users write today.
#
#   bash scripts/test-servers.sh -- bench/fleet.sh [path/to/shiftway]
#
# 1. Generates M migrations (default 20: a table, an index, a row and a column per group of four;
#    the same SQL on PostgreSQL and MariaDB).
# 2. PostgreSQL: PG_TARGETS schemas (default 500) on SHIFTWAY_TEST_POSTGRES_URL, named by a
#    control query. MariaDB: MY_TARGETS databases (default 100) on SHIFTWAY_TEST_MYSQL_URL, named
#    by URL in a --targets file. Each is migrated from empty three times, onto fresh names each
#    time, side by side in one run:
#      - `migrate --fleet --parallel 1`
#      - `migrate --fleet --parallel 8`
#      - a shell loop starting `shiftway migrate` once per target, one after another
#    Wall time and peak RSS come from GNU time -v (its "Maximum resident set size" is the largest
#    single process of the tree: for the fleet, the parent or one child, not their sum).
# 3. Checks every target's history holds M rows, drops everything it created, and writes a table
#    to bench/results/fleet.md (RESULTS=... to write elsewhere).
# Needs: bash, psql, mariadb (client), GNU time (/usr/bin/time), awk.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
shiftway=$(realpath "${1:-$repo/build/shiftway}")
M=${M:-20}
PG_TARGETS=${PG_TARGETS:-500}
MY_TARGETS=${MY_TARGETS:-100}
RESULTS=${RESULTS:-$here/results/fleet.md}
: "${SHIFTWAY_TEST_POSTGRES_URL:?run under scripts/test-servers.sh}"
: "${SHIFTWAY_TEST_MYSQL_URL:?run under scripts/test-servers.sh}"
[[ -x /usr/bin/time ]] || { echo "error: GNU time (/usr/bin/time) is not installed" >&2; exit 2; }
[[ -x "$shiftway" ]] || { echo "error: $shiftway is not executable; build first" >&2; exit 2; }
pg_url=$SHIFTWAY_TEST_POSTGRES_URL
my_url=$SHIFTWAY_TEST_MYSQL_URL
unset CI KUBERNETES_SERVICE_HOST
for v in $(env | awk -F= '/^(SHIFTWAY|FLYWAY)_/ {print $1}'); do unset "$v"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/shiftway-fleet-bench.XXXXXX")
tag="fb$$"
cleanup() {
  # One DROP per statement (psql reading stdin commits each): one transaction over every schema
  # runs out of lock slots.
  psql -qAt "$pg_url" -c "SELECT 'DROP SCHEMA ' || quote_ident(nspname) || ' CASCADE;' FROM pg_namespace WHERE nspname LIKE '${tag}%'" 2>/dev/null |
    psql -q "$pg_url" >/dev/null 2>&1 || true
  for d in $(my -N -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '${tag}%'" 2>/dev/null); do
    my -e "DROP DATABASE \`$d\`" || true
  done
  rm -rf "$work"
}
# The MariaDB client with the URL's credentials (mysql://user:password@host:port/db).
my() {
  local rest=${my_url#*://} cred host
  cred=${rest%%@*}
  host=${rest#*@}
  host=${host%%/*}
  MYSQL_PWD=${cred#*:} mariadb -u "${cred%%:*}" -h "${host%%:*}" -P "${host##*:}" --protocol=tcp "$@"
}
trap cleanup EXIT
cd "$work"
mkdir sql
for ((i = 1; i <= M; i++)); do
  case $((i % 4)) in
    1) echo "CREATE TABLE t$i (id INT PRIMARY KEY, name VARCHAR(40));" ;;
    2) echo "CREATE INDEX t$((i - 1))_name ON t$((i - 1)) (name);" ;;
    3) echo "INSERT INTO t$((i - 2)) (id, name) VALUES (1, 'one'), (2, 'two');" ;;
    0) echo "ALTER TABLE t$((i - 3)) ADD COLUMN note VARCHAR(100);" ;;
  esac > "sql/V${i}__step_$i.sql"
done

# measure LABEL COMMAND...: wall seconds and max RSS (KiB) into $LABEL.time
measure() {
  local label=$1
  shift
  /usr/bin/time -v -o "$label.time" "$@" > "$label.out" 2> "$label.err" || {
    echo "error: $label failed:" >&2
    tail -20 "$label.err" >&2
    exit 1
  }
}
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1.time"; }
rss() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1.time"; }

# PostgreSQL: a control table of schema names, one set of names per mode.
psql -q "$pg_url" -c "CREATE SCHEMA ${tag}_ctl; CREATE TABLE ${tag}_ctl.tenants (name text, mode text)"
for mode in p1 p8 loop; do
  psql -q "$pg_url" -c "INSERT INTO ${tag}_ctl.tenants SELECT '${tag}_${mode}_' || g, '$mode' FROM generate_series(1, $PG_TARGETS) g"
  echo "[fleet]
query = \"SELECT name FROM ${tag}_ctl.tenants WHERE mode = '$mode' ORDER BY name\"" > "pg_$mode.toml"
done
measure pg_p1 "$shiftway" --config pg_p1.toml --url "$pg_url" migrate --fleet --parallel 1
measure pg_p8 "$shiftway" --config pg_p8.toml --url "$pg_url" migrate --fleet --parallel 8
psql -qAt "$pg_url" -c "SELECT name FROM ${tag}_ctl.tenants WHERE mode = 'loop' ORDER BY name" > pg_loop.list
measure pg_loop bash -c 'while read -r s; do "$0" --url "$1" --schemas "$s" migrate > /dev/null || exit 1; done < pg_loop.list' \
  "$shiftway" "$pg_url"
bad=$(psql -qAt "$pg_url" -c "SELECT count(*) FROM ${tag}_ctl.tenants t WHERE (SELECT count(*) FROM pg_namespace WHERE nspname = t.name) = 0")
[[ $bad == 0 ]] || { echo "error: $bad PostgreSQL targets were not migrated" >&2; exit 1; }
for s in $(psql -qAt "$pg_url" -c "SELECT name FROM ${tag}_ctl.tenants ORDER BY random() LIMIT 20"); do
  n=$(psql -qAt "$pg_url" -c "SELECT count(*) FROM \"$s\".flyway_schema_history WHERE success AND type = 'SQL'")
  [[ $n == "$M" ]] || { echo "error: $s has $n history rows, not $M" >&2; exit 1; }
done

# MariaDB: databases named by URL, one --targets file per mode.
base=${my_url%/*}
for mode in p1 p8 loop; do
  : > "my_$mode.list"
  { echo "targets = ["; for ((i = 1; i <= MY_TARGETS; i++)); do
      my -e "CREATE DATABASE ${tag}_${mode}_$i"
      echo "$base/${tag}_${mode}_$i" >> "my_$mode.list"
      echo "  \"$base/${tag}_${mode}_$i\","
    done; echo "]"; } > "my_$mode.toml"
done
measure my_p1 "$shiftway" migrate --fleet --targets my_p1.toml --parallel 1
measure my_p8 "$shiftway" migrate --fleet --targets my_p8.toml --parallel 8
measure my_loop bash -c 'while read -r u; do "$0" --url "$u" migrate > /dev/null || exit 1; done < my_loop.list' "$shiftway"
for mode in p1 p8 loop; do
  n=$(my -N -e "SELECT count(*) FROM information_schema.tables WHERE table_schema LIKE '${tag}\_${mode}\_%' AND table_name = 'flyway_schema_history'")
  [[ $n == "$MY_TARGETS" ]] || { echo "error: $mode: $n MariaDB targets have a history, not $MY_TARGETS" >&2; exit 1; }
done

row() {  # db targets label p1 p8 loop
  local p1 p8 lp
  p1=$(wall "$1_p1"); p8=$(wall "$1_p8"); lp=$(wall "$1_loop")
  printf '| %s | %s x %s | %.2f s | %.2f s | %.2f s | %.2f | %.2f | %s / %s / %s |\n' "$2" "$3" "$M" "$p1" "$p8" "$lp" \
    "$(awk -v a="$lp" -v b="$p1" 'BEGIN {print a / b}')" "$(awk -v a="$lp" -v b="$p8" 'BEGIN {print a / b}')" \
    "$(rss "$1_p1")" "$(rss "$1_p8")" "$(rss "$1_loop")"
}
pg_version=$(psql -qAt "$pg_url" -c "SHOW server_version")
my_version=$(my -N -e "SELECT VERSION()")
{
  echo "# Fleet migrate: --parallel 1, --parallel 8 and a shell loop"
  echo
  echo "Written by \`bench/fleet.sh\` on $(date -u +%Y-%m-%d). Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(uname -r); load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Servers on loopback, started by scripts/test-servers.sh: PostgreSQL $pg_version, MariaDB $my_version (their settings are that script's)."
  echo "Each mode migrates fresh targets from empty with $M migrations each (V1..V$M: tables, indexes, rows, columns)."
  echo
  echo "| database | targets x migrations | --parallel 1 | --parallel 8 | shell loop | loop / parallel 1 | loop / parallel 8 | peak RSS KiB (p1 / p8 / loop) |"
  echo "|---|---|---|---|---|---|---|---|"
  row pg PostgreSQL "$PG_TARGETS"
  row my MariaDB "$MY_TARGETS"
  echo
  echo "Peak RSS is GNU time's \"Maximum resident set size\": the largest single process (the fleet's parent or one"
  echo "child, or one shiftway of the loop). With --parallel 8 up to 8 children are alive at once, each about that size."
  echo
  echo "Commands:"
  echo '```'
  echo "shiftway --config pg_p1.toml --url \$PG migrate --fleet --parallel 1   # [fleet] query = SELECT name FROM ...tenants"
  echo "shiftway --config pg_p8.toml --url \$PG migrate --fleet --parallel 8"
  echo "while read -r s; do shiftway --url \$PG --schemas \"\$s\" migrate; done < schemas"
  echo "shiftway migrate --fleet --targets my_p1.toml --parallel 1             # targets = [\"mysql://.../db1\", ...]"
  echo "shiftway migrate --fleet --targets my_p8.toml --parallel 8"
  echo "while read -r u; do shiftway --url \"\$u\" migrate; done < urls"
  echo '```'
} > "$RESULTS"
cat "$RESULTS"
