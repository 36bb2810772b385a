#!/usr/bin/env bash
# Installs the Debian packages shiftway needs to build, test and benchmark, when any is missing.
set -euo pipefail

packages=(
  cmake g++ make pkg-config git
  libcli11-dev libpqxx-dev libpq-dev libmysqlcppconn-dev libsqlite3-dev sqlite3
  libtomlplusplus-dev libgtest-dev libgmock-dev libpg-query-dev nlohmann-json3-dev libsimdjson-dev
  libgit2-dev zlib1g-dev libexpected-dev
  clang-14 libclang-rt-14-dev
)
# The test suite also starts real servers.
if [[ "${1:-}" == "--with-servers" ]]; then
  packages+=(postgresql mariadb-server mariadb-client pgbouncer openssl)
  # The Galera cluster of the tests: the wsrep provider, and rsync for its state transfers.
  packages+=(galera-4 rsync)
  # Validators of what we ship: lintian (.deb), debootstrap (a fresh Debian root for the package),
  # zsh and fish (completions), and Node.js for the npm validators in tests/validators.
  packages+=(lintian debootstrap zsh fish shellcheck python3)
  if ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "installing: ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    sudo="sudo"
  else
    echo "error: ${missing[*]} missing, and installing them needs root (run as root or install sudo)" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
