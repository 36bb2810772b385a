#!/usr/bin/env bash
# Runs every fuzz harness for a while, from corpora seeded with the project's own test data:
#
#   tests/fuzz/run.sh BUILD_DIR [SECONDS_EACH]     (default 20 s each)
#
# SHIFTWAY_FUZZ_SEED fixes libFuzzer's seed (default 1), so that a CI run can be repeated.
# BUILD_DIR is a build configured with clang and -DSHIFTWAY_BUILD_FUZZERS=ON (see
# tests/fuzz/CMakeLists.txt). A crash, a sanitizer report, a hang (-timeout) or runaway memory
# fails the run and leaves the input that caused it in the work directory, which is printed.
set -euo pipefail
build=$(realpath "$1")
seconds=${2:-20}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/shiftway-fuzz.XXXXXX")

# Seeds: every SQL file of the tests and examples, the lint rule cases, the config files the e2e
# cases write, and a list of URLs in every form shiftway reads.
seed_sql="$work/seed-sql" seed_conf="$work/seed-conf" seed_url="$work/seed-url"
mkdir -p "$seed_sql" "$seed_conf" "$seed_url"
n=0
while IFS= read -r -d '' f; do cp "$f" "$seed_sql/$((n++)).sql"; done \
  < <(find "$src/migrations-examples" "$src/tests" -name '*.sql' -print0 | sort -z)
# The files inside the golden cases (-- file: X -- sections), one seed each.
awk -v dir="$seed_sql" -v cdir="$seed_conf" '
  /^-- file: .* --$/ { out = ($3 ~ /\.(toml|conf)$/ ? cdir : dir) "/case" NR; next }
  /^-- (run: .*|stdout|stderr|exit: .*) --$/ { out = ""; next }
  out != "" { print > out }' "$src"/tests/e2e/cases/*.txt
n=0
while IFS= read -r line; do printf '%s' "$line" >"$seed_url/$((n++))"; done <"$src/tests/fuzz/urls.txt"

# Leaks inside libpg_query itself are not ours to fix (tests/fuzz/lsan.supp says which).
export LSAN_OPTIONS="suppressions=$src/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

failures=0
run() {
  local name=$1 seeds=$2
  local corpus="$work/corpus-$name"
  mkdir -p "$corpus"
  cp "$seeds"/* "$corpus/" 2>/dev/null || true
  # Inputs that once failed a harness (tests/fuzz/regressions/NAME/) run first, on every run.
  cp "$src/tests/fuzz/regressions/$name"/* "$corpus/" 2>/dev/null || true
  if (cd "$work" && "$build/tests/fuzz/$name" -seed="${SHIFTWAY_FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$corpus" >"$work/$name.log" 2>&1); then
    echo "ok: $name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/$name.log" | awk '{print $2}') runs in ${seconds}s)"
  else
    echo "FAIL: $name (log and crashing input in $work)" >&2
    tail -n 40 "$work/$name.log" | sed 's/^/    /' >&2
    failures=$((failures + 1))
  fi
}
run fuzz_split_postgres "$seed_sql"
run fuzz_split_mysql "$seed_sql"
run fuzz_split_sqlite "$seed_sql"
run fuzz_postgres_vs_pg_query "$seed_sql"
run fuzz_lint_frontends "$seed_sql"
run fuzz_placeholders "$seed_sql"
run fuzz_config "$seed_conf"
run fuzz_url "$seed_url"
if ((failures > 0)); then
  echo "$failures fuzz harness(es) failed" >&2
  exit 1
fi
rm -rf "$work"
echo "all fuzz harnesses ran clean"
