#!/usr/bin/env bash
# The second command of the README, and what CI runs: install what is missing, build, start real
# PostgreSQL and MariaDB servers, run every test, stop the servers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh --with-servers
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHIFTWAY_BUILD_TESTS=ON
cmake --build build -j"$(nproc)"
# ctest prints its own summary ("100% tests passed, 0 tests failed out of N"); a server that
# cannot start fails the run here, with its log.
bash scripts/test-servers.sh -- ctest --test-dir build --output-on-failure -j"$(nproc)"
