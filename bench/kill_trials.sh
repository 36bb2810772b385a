#!/usr/bin/env bash
# kill -9 at random points of a multi-statement, non-transactional migration set, TRIALS times on
# each database (default 50): SQLite, PostgreSQL and MariaDB. After each kill the next `migrate`
# must name exactly what is interrupted (the statements it reports as applied are in the database,
# the ones it reports as never run are not), and after the documented repair (undo statements 1 to
# k + 1, `shiftway repair`, `shiftway migrate`) the catalog and the history must equal a clean run's.
# Prints one line of counts per database.
#
#   bench/kill_trials.sh [BUILD_DIR] [TRIALS] [SEED]
#
# Starts its own PostgreSQL and MariaDB with scripts/test-servers.sh. The trial itself is the
# conformance test InterruptTest.KillAtRandomPointsIsReportedExactlyAndRepairs (5 trials per
# database in the suite).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
export SHIFTWAY_KILL_TRIALS=${2:-50}
export SHIFTWAY_KILL_SEED=${3:-13}
log=$(mktemp)
status=0
SHIFTWAY_TEST_SERVERS=postgres,mysql bash "$root/scripts/test-servers.sh" -- \
  "$build/tests/shiftway_conformance_tests" \
  --gtest_filter='*InterruptTest.KillAtRandomPointsIsReportedExactlyAndRepairs*' >"$log" 2>&1 || status=$?
grep -E '^\[  (FAILED|     OK) |Failure|^kill trials on ' "$log" || true
echo "full log: $log (exit $status)"
exit "$status"
