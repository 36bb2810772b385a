#!/usr/bin/env bash
# The race on direct connections: 16 `migrate` processes at once x TRIALS trials (default 20) on
# SQLite, PostgreSQL and MariaDB, each trial on a fresh database with five migrations. Each trial
# checks that every migration was applied once (history rows and table rows) and that no lock is
# left afterwards (pg_locks on Flyway's advisory key; IS_USED_LOCK of Flyway's lock name).
#
#   bench/direct_race.sh [BUILD_DIR] [TRIALS]
#
# Starts its own PostgreSQL and MariaDB with scripts/test-servers.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
trials=${2:-20}
SHIFTWAY_TEST_SERVERS=postgres,mysql bash "$root/scripts/test-servers.sh" -- \
  "$build/tests/shiftway_conformance_tests" \
  --gtest_filter='*/ConformanceTest.SixteenProcessesApplyEachMigrationOnce/*' --gtest_repeat="$trials" --gtest_brief=1
