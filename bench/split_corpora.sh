#!/usr/bin/env bash
# Re-runs `shiftway split` on the real breaking changes of the corpora and checks each split
# against the original change on the real database (the oracle of tests/e2e/catalog.h):
#
#   bash scripts/test-servers.sh -- bash bench/split_corpora.sh CORPORA [SET...]
#
# For each file Vn of a set that lint flags with rename-column, drop-column, change-column-type,
# set-not-null or add-required-column against V(n-1): copy V1..Vn into a work directory, split Vn
# (--since V(n-1)), and when split writes the steps, migrate the original set to Vn on one schema
# and V1..V(n-1), the expand, `promote` and the contract on another, then compare the two catalog
# dumps. Each case ends as one of:
#   clean    split wrote the steps and both schemas are equal
#   refused  split refused, with its reason (the first line of its message)
#   failed   a migration split wrote (the expand or the contract) failed, with the error
#   unappliable  the corpus itself does not apply on this server up to that file (not a split case)
#   DIFFERENT  split wrote the steps and the schemas differ: a silent wrong answer
# It prints a line per case, the counts per set and in all, and exits non-zero when any case failed
# or differs.
# SETs default to every folder of CORPORA; the dialect comes from the set's suffix
# (-sqlite, -postgres, -mysql). PostgreSQL and MariaDB come from SHIFTWAY_TEST_POSTGRES_URL and
# SHIFTWAY_TEST_MYSQL_URL (scripts/test-servers.sh exports them).
#
# What a set needs to apply (the corpora README) is done here, on those throwaway servers:
#   kratos-mysql    V0033 inserts rows without a NOT NULL column that has no default, which
#                   MariaDB's strict mode refuses: the global sql_mode is NO_ENGINE_SUBSTITUTION
#                   while the set runs (each migrate opens new sessions), then put back.
#   lemmy-postgres  Diesel's own __diesel_schema_migrations table (V0249 reads it) is created in
#                   each side's database before the migrations of a case that reaches V0249; the
#                   schema is then not empty, so those migrates baseline it at version 0 first
#                   (-baselineOnMigrate=true -baselineVersion=0: every file still runs).
# What cannot be done on these servers is named on the case's line, with the reason:
#   lemmy-postgres  V0248's subquery in FROM without an alias needs PostgreSQL 16, and DISABLE
#                   TRIGGER ALL (V0251, V0271, V0273, V0332) a superuser.
#   kratos-mysql    V0345's generated column over a foreign-key column, which MariaDB refuses (it
#                   applies on MySQL 8).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${1:?usage: bench/split_corpora.sh CORPORA [SET...]}
shift
sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=($(ls "$corpora"))
sw=${SHIFTWAY:-$root/build/shiftway}
dump=${SHIFTWAY_CATALOG_DUMP:-$root/build/tests/shiftway_catalog_dump}
for tool in "$sw" "$dump"; do
  [ -x "$tool" ] || { echo "split_corpora: $tool is not built (cmake --build build)" >&2; exit 2; }
done
tmp=$(mktemp -d)
# Copies, so a rebuild while this runs does not change the binary half way.
cp "$sw" "$tmp/shiftway" && cp "$dump" "$tmp/catalog_dump" && sw=$tmp/shiftway && dump=$tmp/catalog_dump
declare -A count setcount
rules='rename-column|drop-column|change-column-type|set-not-null|add-required-column'

# The mariadb client on SHIFTWAY_TEST_MYSQL_URL (mysql://user:password@host:port/db).
my_sql() {
  local u=${SHIFTWAY_TEST_MYSQL_URL#mysql://} cred host
  cred=${u%%@*}; host=${u#*@}; host=${host%%/*}
  MYSQL_PWD=${cred#*:} mariadb --no-defaults -N -B -u "${cred%%:*}" -h "${host%:*}" -P "${host##*:}" -e "$1"
}
saved_sql_mode=""
restore_sql_mode() {
  [ -n "$saved_sql_mode" ] && my_sql "SET GLOBAL sql_mode = '$saved_sql_mode'"
  saved_sql_mode=""
}
trap 'restore_sql_mode; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Why a case of SET whose original stops at file F cannot apply on these servers, when the corpora
# README documents it ("" when it does not).
known_unappliable() {
  local set=$1 f=$2
  case "$set $f" in
    "lemmy-postgres V0248__"*)
      [ "$pg_version_num" -lt 160000 ] &&
        echo "needs PostgreSQL 16: V0248 has a subquery in FROM without an alias (PostgreSQL $pg_version)" ;;
    "lemmy-postgres V0251__"* | "lemmy-postgres V0271__"* | "lemmy-postgres V0273__"* | "lemmy-postgres V0332__"*)
      [ "$pg_superuser" != on ] && echo "needs a superuser for DISABLE TRIGGER ALL" ;;
    "kratos-mysql V0345__"*)
      echo "a generated column over a foreign-key column, which MariaDB refuses (it applies on MySQL 8)" ;;
  esac
}

for set in "${sets[@]}"; do
  dir="$corpora/$set"
  case "$set" in
    *-sqlite) dialect=sqlite ;;
    *-postgres) dialect=postgres; url=${SHIFTWAY_TEST_POSTGRES_URL:?run under scripts/test-servers.sh}
      pg_version_num=$(psql "$url" -XAtc 'SHOW server_version_num'); pg_version=$(psql "$url" -XAtc 'SHOW server_version')
      pg_superuser=$(psql "$url" -XAtc "SELECT CASE WHEN rolsuper THEN 'on' ELSE 'off' END FROM pg_roles WHERE rolname = current_user") ;;
    *-mysql) dialect=mysql; url=${SHIFTWAY_TEST_MYSQL_URL:?run under scripts/test-servers.sh} ;;
    *) echo "split_corpora: $set: no dialect suffix, skipped" >&2; continue ;;
  esac
  if [ "$set" = kratos-mysql ]; then
    saved_sql_mode=$(my_sql 'SELECT @@GLOBAL.sql_mode') || { echo "split_corpora: cannot read sql_mode" >&2; exit 2; }
    my_sql "SET GLOBAL sql_mode = 'NO_ENGINE_SUBSTITUTION'" || { echo "split_corpora: cannot set sql_mode" >&2; exit 2; }
  fi
  files=($(cd "$dir" && ls V*.sql | sort))
  n=0
  for ((i = 1; i < ${#files[@]}; i++)); do
    f=${files[$i]}
    # Only files that can hold one of the changes are linted (a lint per file is the cost).
    grep -qiE 'rename|drop +column|alter +column|modify|change +|not +null|drop +table' "$dir/$f" || continue
    prev=${files[$((i - 1))]#V}; prev=${prev%%__*}
    w="$tmp/case"; rm -rf "$w"; mkdir -p "$w/sql"
    for ((j = 0; j <= i; j++)); do cp "$dir/${files[$j]}" "$w/sql/"; done
    found=$(cd "$w" && "$sw" lint --since "$prev" --dialect "$dialect" --output json 2>/dev/null |
            grep -oE "\"rule\": \"($rules)\"" | sort -u | sed 's/.*: "\(.*\)"/\1/' | paste -sd, -)
    [ -n "$found" ] || continue
    n=$((n + 1))
    out=$(cd "$w" && "$sw" split "sql/$f" --since "$prev" --dialect "$dialect" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
      # The message, and the first thing it names (what would be lost, say).
      reason="$(printf '%s\n' "$out" | grep -m1 'error:' | sed "s|sql/$f:[0-9]*: ||") $(printf '%s\n' "$out" |
               grep -m1 '^    - ')"
      echo "$set $f [$found] refused: $reason"
      count[refused]=$((${count[refused]:-0} + 1))
      setcount[$set refused]=$((${setcount[$set refused]:-0} + 1))
      continue
    fi
    # The two sides: the original set, and the split one.
    schema_o="sw_corpus_${n}_o_$$"; schema_s="sw_corpus_${n}_s_$$"
    mkdir -p "$tmp/o/sql"; rm -rf "$tmp/o/sql"/* "$tmp/o"/*.db
    for ((j = 0; j <= i; j++)); do cp "$dir/${files[$j]}" "$tmp/o/sql/"; done
    if [ $dialect = sqlite ]; then
      go="--url sqlite:$tmp/o/app.db"; gs="--url sqlite:$w/app.db"
      url_o="sqlite:$tmp/o/app.db"; url_s="sqlite:$w/app.db"
    elif [ $dialect = postgres ]; then
      # A database per side: a set's migrations may create schemas of their own (lemmy's utils),
      # which the other side would then find already there.
      for side in o s; do
        psql "$url" -qc "DROP DATABASE IF EXISTS sw_corpus_${side}_$$" >/dev/null 2>&1
        psql "$url" -qc "CREATE DATABASE sw_corpus_${side}_$$" >/dev/null
        if [ "$set" = lemmy-postgres ] && [[ ! "$f" < V0249 ]]; then
          psql "${url%/*}/sw_corpus_${side}_$$" -qc \
            'CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY, run_on timestamp NOT NULL DEFAULT now())' >/dev/null
        fi
      done
      url_o="${url%/*}/sw_corpus_o_$$"; url_s="${url%/*}/sw_corpus_s_$$"
      # Its own database, so the set's own schema: lemmy names public.post outright.
      schema_o=public; schema_s=public
      go="--url $url_o --schemas $schema_o"; gs="--url $url_s --schemas $schema_s"
      if [ "$set" = lemmy-postgres ] && [[ ! "$f" < V0249 ]]; then
        go="$go -baselineOnMigrate=true -baselineVersion=0"; gs="$gs -baselineOnMigrate=true -baselineVersion=0"
      fi
    else
      go="--url $url --schemas $schema_o"; gs="--url $url --schemas $schema_s"; url_o=$url; url_s=$url
    fi
    result=""
    if ! err=$(cd "$tmp/o" && "$sw" $go migrate 2>&1); then
      stop=$(printf '%s\n' "$err" | grep -m1 -oE 'V[0-9]+__[^ :]*\.sql')
      why=$(known_unappliable "$set" "$stop")
      result="unappliable: the original does not apply${stop:+ at $stop}: ${why:-$(printf '%s\n' "$err" | grep -m1 'error:')}"
    else
      # Side S: the released files, the expand, then promote and the contract.
      mkdir -p "$w/sql_expand"; mv "$w/sql/$f" "$w/sql_expand/"
      if ! err=$(cd "$w" && "$sw" $gs migrate 2>&1); then
        result="unappliable: released files do not apply: $(printf '%s\n' "$err" | grep -m1 'error:')"
      else
        mv "$w/sql_expand/$f" "$w/sql/"
        if ! err=$(cd "$w" && "$sw" $gs migrate 2>&1); then
          result="failed: the expand does not apply: $(printf '%s\n' "$err" | grep -m1 'error:')"
        elif ! err=$(cd "$w" && "$sw" promote 2>&1 && "$sw" $gs migrate 2>&1); then
          result="failed: the contract does not apply: $(printf '%s\n' "$err" | grep -m1 'error:')"
        else
          a=$("$dump" $dialect "$url_o" "$schema_o"); b=$("$dump" $dialect "$url_s" "$schema_s")
          if [ "$a" = "$b" ]; then
            result=clean
          else
            result="DIFFERENT: $(diff <(echo "$a") <(echo "$b") | grep '^[<>]' | head -5 | paste -sd' ' -)"
          fi
        fi
      fi
    fi
    if [ $dialect = mysql ]; then
      (cd "$tmp/o" && "$sw" $go -cleanDisabled=false clean >/dev/null 2>&1)
      (cd "$w" && "$sw" $gs -cleanDisabled=false clean >/dev/null 2>&1)
    elif [ $dialect = postgres ]; then
      for side in o s; do psql "$url" -qc "DROP DATABASE IF EXISTS sw_corpus_${side}_$$" >/dev/null 2>&1; done
    fi
    echo "$set $f [$found] $result"
    count[${result%%:*}]=$((${count[${result%%:*}]:-0} + 1))
    setcount[$set ${result%%:*}]=$((${setcount[$set ${result%%:*}]:-0} + 1))
  done
  [ "$set" = kratos-mysql ] && restore_sql_mode
  echo "set $set: cases $n, clean ${setcount[$set clean]:-0}, refused ${setcount[$set refused]:-0}, failed ${setcount[$set failed]:-0}, DIFFERENT ${setcount[$set DIFFERENT]:-0}, unappliable ${setcount[$set unappliable]:-0}"
done
echo "cases: clean ${count[clean]:-0}, refused ${count[refused]:-0}, failed ${count[failed]:-0}, DIFFERENT ${count[DIFFERENT]:-0}, unappliable ${count[unappliable]:-0}"
[ "${count[DIFFERENT]:-0}" -eq 0 ] && [ "${count[failed]:-0}" -eq 0 ]
