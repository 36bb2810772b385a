#!/usr/bin/env bash
# The CI examples, action.yml and .pre-commit-hooks.yaml: actionlint, GitLab's CI schema (ajv),
# shellcheck on every script step; then the action's lint step, the GitLab lint job and the
# pre-commit hook, run as copied on a repository whose pull request renames a released column.
# Usage: ci.sh SHIFTWAY_BINARY SOURCE_DIR
set -euo pipefail
shiftway=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
export NODE_PATH="$here/node_modules"  # for the node -e one-liners below
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node "$here/gitlab-ci-schema.mjs" > "$work/gitlab-ci-schema.json"
node "$here/ci.mjs" check "$src" "$work/gitlab-ci-schema.json" "$work/scripts"
node "$here/validate-json.mjs" "$work/gitlab-ci-schema.json" "$work/scripts/gitlab-ci.json"
# SC2154: variables the runner sets (RUNNER_TEMP, CI_*); SC2034: `status` read by a later line.
shellcheck -s bash -e SC2154,SC2034 "$work"/scripts/*.sh
echo "shellcheck: $(ls "$work"/scripts/*.sh | wc -l) scripts clean"

# A repository as a pull request sees it: main released V1, the branch adds a breaking V2.
mkdir -p "$work/bin"
ln -s "$shiftway" "$work/bin/shiftway"
export PATH="$work/bin:$PATH"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com
git init -q --bare -b main "$work/origin.git"
git clone -q "$work/origin.git" "$work/repo" 2>/dev/null
cd "$work/repo"
mkdir -p db/migration
printf 'CREATE TABLE person (id bigint PRIMARY KEY, last_name text);\n' > db/migration/V1__create_person.sql
git add . && git commit -qm v1 && git push -q origin main
git checkout -q -b rename
printf 'ALTER TABLE person RENAME COLUMN last_name TO surname;\n' > db/migration/V2__rename.sql
git add . && git commit -qm v2
# actions/checkout leaves no local or remote-tracking base branch: the step must fetch it.
git update-ref -d refs/remotes/origin/main

expect_exit() {
  local want=$1 what=$2
  shift 2
  local got=0
  "$@" > "$work/out" 2> "$work/err" || got=$?
  if [[ $got -ne $want ]]; then
    echo "ci.sh: $what exited $got, expected $want" >&2
    cat "$work/out" "$work/err" >&2
    exit 1
  fi
}

# The action's lint step, with the inputs of the example workflow.
export GITHUB_OUTPUT="$work/github_output" RUNNER_TEMP="$work"
: > "$GITHUB_OUTPUT"
node "$here/ci.mjs" action-step "$src" lint inputs.dialect=postgres inputs.locations=filesystem:db/migration \
  github.base_ref=main > "$work/lint-step.sh"
expect_exit 0 "the action's lint step" bash "$work/lint-step.sh"
grep -q '^::error file=db/migration/V2__rename.sql,line=1,col=1,title=rename-column::' "$work/out"
grep -qx 'status=1' "$GITHUB_OUTPUT"
grep -qx "sarif-file=$work/shiftway.sarif" "$GITHUB_OUTPUT"
grep -q '"ruleId": "rename-column"' "$work/shiftway.sarif"
echo "action lint step: annotation on V2__rename.sql:1:1, SARIF written, status=1 for the gate"
# Without a dialect anywhere, it stops with shiftway's usage error (exit 2), not a silent pass.
node "$here/ci.mjs" action-step "$src" lint inputs.locations=filesystem:db/migration github.base_ref=main \
  > "$work/lint-step.sh"
expect_exit 2 "the action's lint step without a dialect" bash "$work/lint-step.sh"

# The GitLab lint job's script.
node "$here/ci.mjs" gitlab-job "$src" "lint migrations" > "$work/gitlab-lint.sh"
git update-ref -d refs/remotes/origin/main
expect_exit 1 "the GitLab lint job" env CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main \
  SHIFTWAY_LOCATIONS=filesystem:db/migration LINT_DIALECT=postgres bash "$work/gitlab-lint.sh"
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1]));if(r.length!==1||r[0].check_name!=="rename-column")process.exit(1)' \
  gl-code-quality-report.json
echo "GitLab lint job: exit 1, code quality report with the rename-column finding"

# The pre-commit hook: entry, the args the header suggests, then the staged file names.
entry=$(node -e 'const y=require("yaml");console.log(y.parse(require("fs").readFileSync(process.argv[1],"utf8"))[0].entry)' \
  "$src/.pre-commit-hooks.yaml")
# shellcheck disable=SC2086  # the entry is split into words, as pre-commit does
expect_exit 1 "the pre-commit hook" $entry --dialect postgres --locations filesystem:db/migration \
  --against git:origin/main db/migration/V2__rename.sql
grep -q 'db/migration/V2__rename.sql:1:1: error: .*\[rename-column\]' "$work/err" "$work/out"
echo "pre-commit hook: exit 1 on the staged rename"
