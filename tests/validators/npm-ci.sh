#!/usr/bin/env bash
# Installs the pinned validators (package-lock.json) into tests/validators/node_modules, once per
# lock: a stamp beside node_modules holds the lock's checksum, so later runs cost nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if ! command -v npm >/dev/null; then
  echo "tests/validators: error: npm is missing; run scripts/install-deps.sh --with-validators" >&2
  exit 1
fi
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f node_modules/.lock-sha256 && "$(cat node_modules/.lock-sha256)" == "$want" ]]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
# npm 11 skips install scripts unless allowed; the SARIF multitool's only one makes its binary executable.
chmod u+x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
echo "$want" > node_modules/.lock-sha256
