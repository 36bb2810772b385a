#!/usr/bin/env bash
# The pooler race at full size: 16 `migrate` processes through PgBouncer, in transaction and in session pooling
# mode x TRIALS trials (default 20), each trial on a fresh schema. Prints the counts of double
# applications, stale advisory locks (pg_locks, after every trial) and failed processes.
#
#   bench/pooler_race.sh [BUILD_DIR] [TRIALS]
#
# Starts its own PostgreSQL and PgBouncer with scripts/test-servers.sh (fsync=off,
# synchronous_commit=off: the figures are about correctness, not speed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
export SHIFTWAY_POOLER_TRIALS=${2:-20}
SHIFTWAY_TEST_SERVERS=postgres,pgbouncer bash "$root/scripts/test-servers.sh" -- \
  "$build/tests/shiftway_conformance_tests" \
  --gtest_filter='PoolerTest.SixteenProcessesThrough*PoolingApplyEachMigrationOnce'
