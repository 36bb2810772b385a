#!/usr/bin/env bash
# Builds shiftway and runs every test (unit, lint cases, end-to-end, driver conformance) against
# SQLite and a throwaway PostgreSQL and MariaDB started by scripts/test-servers.sh.
#
#   scripts/test.sh            install what is missing (as root), build in build/, run ctest
#
# Debian packages listed in DEPENDENCIES.md are installed with apt-get only when dpkg-query says
# one is missing; without root, the script names them and stops. Exits with ctest's exit code.
# Environment: BUILD_DIR (default build), JOBS (default 2), CMAKE_ARGS (extra configure flags).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-2}

packages=(cmake g++ pkg-config libcli11-dev libpqxx-dev libpq-dev libmysqlcppconn-dev libsqlite3-dev sqlite3
  libtomlplusplus-dev libgtest-dev libgmock-dev libpg-query-dev nlohmann-json3-dev libgit2-dev zlib1g-dev
  libexpected-dev postgresql mariadb-server mariadb-client git)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "test.sh: missing packages: ${missing[*]}" >&2
    echo "test.sh: install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 2
  fi
  echo "test.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Try the cached package lists first; refresh them only if that fails.
  if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# shellcheck disable=SC2086 # CMAKE_ARGS is a list of flags
cmake -S . -B "$build_dir" ${CMAKE_ARGS:-}
cmake --build "$build_dir" -j "$jobs"

set +e
bash scripts/test-servers.sh -- ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
code=$?
set -e
exit "$code"
