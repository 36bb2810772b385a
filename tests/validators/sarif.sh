#!/usr/bin/env bash
# `lint --output sarif` on the breaking example, and `check --drift --output sarif` on it, checked by the OASIS SARIF 2.1.0 schema (ajv) and by
# Microsoft's SARIF multitool with GitHub code scanning's rules (GHxxxx) and the SARIF rules.
# Usage: sarif.sh SHIFTWAY_BINARY SOURCE_DIR
set -euo pipefail
shiftway=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/migrations-examples/breaking/sql" "$work/sql"
cd "$work"
status=0
"$shiftway" --output sarif lint --locations filesystem:sql --dialect sqlite --since 1 > lint.sarif || status=$?
if [[ $status -ne 1 ]]; then
  echo "sarif.sh: expected exit 1 (a finding), got $status" >&2
  exit 1
fi
grep -q '"ruleId": "rename-column"' lint.sarif || { echo "sarif.sh: no rename-column result" >&2; exit 1; }
node "$here/validate-json.mjs" "$here/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" lint.sarif
# Gh: the rules GitHub applies on upload (GH1001... and GH2012 "provide fullDescription").
# The binary itself: the npm wrapper passes its arguments through /bin/sh, which splits "Gh;Sarif".
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$here/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" validate --rule-kind "Gh;Sarif" --level "Error;Warning" \
  --output validation.sarif lint.sarif > multitool.txt 2>&1 || true
node "$here/count-sarif-results.mjs" validation.sarif multitool.txt

# `check --drift --output sarif`: a database migrated to V1 with a column added out of band.
"$shiftway" --url sqlite:drift.db --locations filesystem:sql migrate --target 1 > /dev/null
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("ALTER TABLE person ADD COLUMN nickname text"); c.commit()' drift.db
status=0
"$shiftway" --output sarif --url sqlite:drift.db --locations filesystem:sql check --drift > drift.sarif || status=$?
if [[ $status -ne 1 ]]; then
  echo "sarif.sh: check --drift: expected exit 1 (drift), got $status" >&2
  exit 1
fi
grep -q '"ruleId": "drift-extra"' drift.sarif || { echo "sarif.sh: no drift-extra result" >&2; cat drift.sarif >&2; exit 1; }
node "$here/validate-json.mjs" "$here/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" drift.sarif
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$here/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" validate --rule-kind "Gh;Sarif" --level "Error;Warning" \
  --output drift-validation.sarif drift.sarif > drift-multitool.txt 2>&1 || true
node "$here/count-sarif-results.mjs" drift-validation.sarif drift-multitool.txt
