#!/usr/bin/env bash
# Peak memory of `lint` and `migrate` on one large migration file, per dialect, side by side.
#
#   bench/memory.sh [path/to/shiftway]
#
# Generates two files of SIZE_MB (default 200) MB into a temporary directory (removed at the end,
# never committed):
#   small  one CREATE TABLE and then short INSERTs, one per line (about 4 million statements);
#   huge   one CREATE TABLE and then HUGE (default 4) multi-row INSERTs of SIZE_MB / HUGE MB each.
# and runs, under GNU time (`/usr/bin/time -v`), `shiftway lint --dialect D` on each file for
# postgres, mysql and sqlite, and `shiftway migrate` on SQLite (a fresh database file each time)
# and, when SHIFTWAY_TEST_POSTGRES_URL / SHIFTWAY_TEST_MYSQL_URL are set (run it under
# `scripts/test-servers.sh -- bench/memory.sh`), on PostgreSQL and MariaDB, each in a fresh schema.
# Prints one row per dialect and file: peak RSS of lint and of migrate in MB, the exit codes, and
# the largest statement's size, so the ratio peak / largest statement can be read off. For SQLite
# the last column is the sqlite3 command-line client's peak on the very same file (`sqlite3 DB
# BEGIN ".read FILE" COMMIT`, a fresh database, one transaction as shiftway runs it): what SQLite
# itself needs to compile and run the statements.
#
# Environment: SIZE_MB, HUGE (number of huge INSERTs), KEEP=1 keeps the temporary directory,
# SKIP_LINT=1 measures migrate only, SKIP_CLIENT=1 skips the sqlite3 client, KINDS and DIALECTS pick a subset ("huge", "mysql sqlite").
# MariaDB refuses a statement above its max_allowed_packet (16 MB by default): measure it with
# HUGE=16 (12.5 MB statements).
set -euo pipefail

BIN=${1:-build/shiftway}
BIN=$(readlink -f "$BIN")
SIZE_MB=${SIZE_MB:-200}
HUGE=${HUGE:-4}
[[ -x /usr/bin/time ]] || { echo "memory.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
[[ -x "$BIN" ]] || { echo "memory.sh: no shiftway binary at $BIN" >&2; exit 2; }

TMP=$(mktemp -d)
cleanup() { [[ "${KEEP:-0}" == 1 ]] && echo "kept $TMP" >&2 || rm -rf "$TMP"; }
trap cleanup EXIT

# Short INSERTs, one per line, until the file holds SIZE_MB MB.
gen_small() {
  awk -v bytes=$((SIZE_MB * 1024 * 1024)) 'BEGIN {
    s = "CREATE TABLE person (id integer PRIMARY KEY, name varchar(100), note varchar(100));\n"
    printf "%s", s; n = length(s)
    for (i = 1; n < bytes; i++) {
      s = sprintf("INSERT INTO person (id, name, note) VALUES (%d, '\''name %d'\'', '\''a short note'\'');\n", i, i)
      printf "%s", s; n += length(s)
    }
  }'
}

# HUGE multi-row INSERTs, one row per line, SIZE_MB / HUGE MB each.
gen_huge() {
  awk -v bytes=$((SIZE_MB * 1024 * 1024)) -v huge="$HUGE" 'BEGIN {
    s = "CREATE TABLE person (id integer PRIMARY KEY, name varchar(100), note varchar(100));\n"
    printf "%s", s; n = length(s)
    per = int(bytes / huge); id = 0
    for (k = 0; k < huge; k++) {
      printf "INSERT INTO person (id, name, note) VALUES\n"
      m = 0
      while (m < per) {
        id++
        s = sprintf("(%d, '\''name %d'\'', '\''a short note'\'')", id, id)
        m += length(s) + 2
        printf "%s%s\n", s, (m < per ? "," : ";")
      }
    }
  }'
}

# Peak RSS in MB of a command, and its exit code: "MB RC". Output goes to $TMP/last.log.
peak() {
  local rc=0
  /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$TMP/last.log" 2>&1 || rc=$?
  local kb
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")
  echo "$((kb / 1024)) $rc"
}

# The largest statement of a generated file, in MB (the files end every statement with ";\n").
largest() {
  awk 'BEGIN { RS = ";\n" } { if (length($0) > max) max = length($0) } END { printf "%.1f", max / 1048576 }' "$1"
}

printf 'machine: %s cores, %s, %s\n' "$(nproc)" "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
  "$(uname -r)"
printf 'shiftway: %s\n' "$("$BIN" --version 2>&1 | head -1)"
printf '%-9s %-6s %9s %12s %8s %13s %8s %10s\n' dialect file "file MB" "largest MB" "lint MB" "migrate MB" "rc l/m" \
  "sqlite3 MB"

for kind in ${KINDS:-small huge}; do
  mkdir -p "$TMP/$kind"
  "gen_$kind" >"$TMP/$kind/V1__$kind.sql"
  file="$TMP/$kind/V1__$kind.sql"
  size=$(($(stat -c %s "$file") / 1048576))
  big=$(largest "$file")
  for dialect in ${DIALECTS:-postgres mysql sqlite}; do
    lint_mb=- lint_rc=-
    if [[ "${SKIP_LINT:-0}" != 1 ]]; then
      read -r lint_mb lint_rc < <(peak "$BIN" lint --dialect "$dialect" --fail-on never "$file")
    fi
    mig_mb=-
    mig_rc=-
    url=
    case $dialect in
      sqlite) url="sqlite:$TMP/$kind.db"; rm -f "$TMP/$kind.db" ;;
      postgres) [[ -n "${SHIFTWAY_TEST_POSTGRES_URL:-}" ]] && url=$SHIFTWAY_TEST_POSTGRES_URL ;;
      mysql) [[ -n "${SHIFTWAY_TEST_MYSQL_URL:-}" ]] && url=$SHIFTWAY_TEST_MYSQL_URL ;;
    esac
    if [[ -n "$url" ]]; then
      extra=()
      if [[ $dialect == postgres ]]; then
        schema="mem_$kind"
        extra=(--schemas "$schema")
        "$BIN" --url "$url" "${extra[@]}" clean --clean-disabled=false >/dev/null 2>&1 || true
      elif [[ $dialect == mysql ]]; then
        "$BIN" --url "$url" clean --clean-disabled=false >/dev/null 2>&1 || true
      fi
      read -r mig_mb mig_rc < <(peak "$BIN" --url "$url" "${extra[@]}" --locations "filesystem:$TMP/$kind" migrate)
      if [[ $mig_rc != 0 ]]; then
        echo "migrate failed on $dialect/$kind:" >&2
        tail -5 "$TMP/last.log" >&2
      fi
      [[ $dialect == sqlite ]] && rm -f "$TMP/$kind.db"
    fi
    # SQLite's own client on the very same file, into a fresh database: what SQLite itself needs.
    client_mb=-
    if [[ $dialect == sqlite && "${SKIP_CLIENT:-0}" != 1 ]] && command -v sqlite3 >/dev/null; then
      rm -f "$TMP/client.db"
      # In one transaction, as shiftway runs the file: 3 million autocommitted INSERTs would take hours.
      read -r client_mb client_rc < <(peak sqlite3 "$TMP/client.db" "BEGIN" ".read $file" "COMMIT")
      [[ $client_rc == 0 ]] || client_mb="$client_mb (rc $client_rc)"
      rm -f "$TMP/client.db"
    fi
    printf '%-9s %-6s %9s %12s %8s %13s %8s %10s\n' "$dialect" "$kind" "$size" "$big" "$lint_mb" "$mig_mb" \
      "$lint_rc/$mig_rc" "$client_mb"
  done
  rm -rf "${TMP:?}/$kind"
done
