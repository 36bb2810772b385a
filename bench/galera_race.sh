#!/usr/bin/env bash
# The Galera race at full size: 16 `migrate` processes spread over the 3 nodes of a MariaDB Galera
# cluster x TRIALS trials (default 20), each trial on a fresh database. Prints the counts of double
# applications, stale locks (lock rows and GET_LOCKs left on any node after every trial) and failed
# processes.
#
#   bench/galera_race.sh [BUILD_DIR] [TRIALS]
#
# Starts its own 3-node cluster with scripts/test-servers.sh (innodb_flush_log_at_trx_commit=0: the
# figures are about correctness, not speed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
export SHIFTWAY_GALERA_TRIALS=${2:-20}
SHIFTWAY_TEST_SERVERS=galera bash "$root/scripts/test-servers.sh" -- \
  "$build/tests/shiftway_conformance_tests" \
  --gtest_filter='GaleraTest.SixteenProcessesOverThreeNodesApplyEachMigrationOnce'
