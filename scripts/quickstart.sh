#!/usr/bin/env bash
# The first command of the README: install what is missing, build, then migrate, inspect and lint
# the example migrations against an embedded SQLite file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh
# Same configuration as scripts/test.sh, so the two commands share one build directory.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHIFTWAY_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$(nproc)" --target shiftway >/dev/null
shiftway="$root/build/shiftway"

demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cp -r migrations-examples/expand-contract/sql "$demo/sql"
cp -r migrations-examples/breaking/sql "$demo/breaking"
cd "$demo"
# With nothing configured, shiftway uses the embedded SQLite file shiftway.db here. In CI that
# fallback is refused on purpose, so name the file there.
url=()
if [[ -n "${CI:-}" || -n "${KUBERNETES_SERVICE_HOST:-}" ]]; then url=(--url sqlite:shiftway.db); fi

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step shiftway migrate
"$shiftway" "${url[@]}" migrate
step shiftway info
"$shiftway" "${url[@]}" info
step shiftway lint --locations sql --dialect sqlite --since 3
echo "(release 5 of the expand/contract example drops last_name a release after deprecating it: safe)"
"$shiftway" lint --locations sql --dialect sqlite --since 3
step shiftway lint --locations breaking --dialect sqlite --since 1
echo "(the breaking example renames a column the running release still uses: exit 1 is expected)"
set +e
"$shiftway" lint --locations breaking --dialect sqlite --since 1
echo "exit code: $?"
