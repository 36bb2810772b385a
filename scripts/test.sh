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
# Fuzzing (tests/fuzz): the harnesses built with clang's libFuzzer, ASan and UBSan, and a short run
# of each from corpora seeded with the test data. SHIFTWAY_FUZZ_SECONDS sets the run (default 15 s each).
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHIFTWAY_BUILD_FUZZERS=ON \
  -DSHIFTWAY_BUILD_TESTS=OFF
cmake --build build-fuzz -j"$(nproc)" --target fuzzers
bash tests/fuzz/run.sh build-fuzz "${SHIFTWAY_FUZZ_SECONDS:-15}"
