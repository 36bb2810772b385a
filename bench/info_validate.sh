#!/usr/bin/env bash
# Benchmark: `shiftway migrate`, `info` and `validate` on 10,000 migration files with SQLite.
#
#   bench/info_validate.sh [path/to/shiftway]
#
# 1. Generates N migrations (V1..VN, default 10,000; small DDL/DML; files above V2000 in
#    subfolders) and a few repeatables into a temporary directory (bench/gen_migrations.awk).
# 2. Applies them once with `shiftway migrate`, and applies the same files with the sqlite3
#    client in one session, each file wrapped in BEGIN ... COMMIT with an INSERT into a history
#    table of the same shape (bench/raw_sqlite_script.awk). Reports both times and the ratio.
# 3. Times `shiftway info`, `info --output json` and `validate` on the migrated database with
#    hyperfine (warmup, then mean ± σ), and records their peak RSS with GNU time -v; and two
#    floors: the sqlite3 client reading the history, and find + cat reading every file.
# 4. Prints a summary table and writes it, with the machine and the exact commands, to
#    bench/results/info_validate.md (RESULTS=... to write elsewhere).
#
# Settings (environment variables):
#   N=10000            number of versioned migrations
#   REPEATABLES=5      number of R__ migrations
#   DB_DIR=/dev/shm    where the SQLite files go. On tmpfs fsync is free, so the migrate ratio
#                      measures the runner, not the disk. Set DB_DIR to a disk directory to
#                      include fsync (SQLite defaults: journal_mode=DELETE, synchronous=FULL).
#   MIGRATE_RUNS=1     how many times each migrate is repeated (each takes about a minute)
#   WARMUP=3 RUNS=20   hyperfine settings for info and validate
#   KEEP=1             keep the temporary directory
#   RESULTS=FILE       where to write the Markdown summary
# Needs: bash, awk, sqlite3, hyperfine, jq, GNU time (/usr/bin/time).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
shiftway=$(realpath "${1:-$repo/build/shiftway}")
N=${N:-10000}
REPEATABLES=${REPEATABLES:-5}
WARMUP=${WARMUP:-3}
RUNS=${RUNS:-20}
MIGRATE_RUNS=${MIGRATE_RUNS:-1}
RESULTS=${RESULTS:-$here/results/info_validate.md}
if [[ -z "${DB_DIR:-}" ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then DB_DIR=/dev/shm; else DB_DIR=""; fi
fi

for tool in sqlite3 hyperfine jq awk; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "error: GNU time (/usr/bin/time) is not installed" >&2; exit 2; }
[[ -x "$shiftway" ]] || { echo "error: $shiftway is not executable; build first" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/shiftway-bench.XXXXXX")
dbdir=$(mktemp -d "${DB_DIR:-$work}/shiftway-bench-db.XXXXXX")
cleanup() {
  if [[ -n "${KEEP:-}" ]]; then echo "kept $work and $dbdir"; else rm -rf "$work" "$dbdir"; fi
}
trap cleanup EXIT
load_before=$(cut -d" " -f1-3 /proc/loadavg)
cd "$work"  # no shiftway.toml or flyway.conf here, so only the flags below apply

# Neither a CI nor a Kubernetes variable may change the tool's behaviour under test.
unset CI KUBERNETES_SERVICE_HOST
for v in $(env | awk -F= '/^(SHIFTWAY|FLYWAY)_/ {print $1}'); do unset "$v"; done

ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
# Peak RSS in MiB and wall seconds of one run, from GNU time -v.
measure() {
  local log=$work/time.log
  /usr/bin/time -v -o "$log" "$@" >/dev/null
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
         awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss_mib=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
}

echo "== generating $N migrations and $REPEATABLES repeatables in $work/sql"
awk -v DIR="$work/sql" -v N="$N" -v REPEATABLES="$REPEATABLES" -v MANIFEST="$work/manifest.tsv" \
    -f "$here/gen_migrations.awk"
files=$(find "$work/sql" -type f -name '*.sql' | wc -l)
dirs=$(find "$work/sql" -mindepth 1 -type d | wc -l)
awk -F'\t' -f "$here/raw_sqlite_script.awk" "$work/manifest.tsv" > "$work/apply.sql"

db=$dbdir/shiftway.db
raw=$dbdir/raw.db
sw=("$shiftway" --url "sqlite:$db" --locations "filesystem:$work/sql")
migrate_cmd="${sw[*]} migrate"
raw_cmd="sqlite3 -bail $raw < $work/apply.sql"

echo "== migrate: shiftway vs sqlite3 ($MIGRATE_RUNS run(s) each, databases in $dbdir)"
sw_total=0 raw_total=0 sw_rss=0
for ((run = 1; run <= MIGRATE_RUNS; run++)); do
  rm -f "$db" "$raw"
  measure "${sw[@]}" -q migrate
  sw_total=$(awk -v a="$sw_total" -v b="$wall" 'BEGIN { print a + b }')
  sw_rss=$rss_mib
  echo "   shiftway migrate: ${wall}s, peak RSS ${rss_mib} MiB"
  measure bash -c "$raw_cmd"
  raw_total=$(awk -v a="$raw_total" -v b="$wall" 'BEGIN { print a + b }')
  echo "   sqlite3 client:   ${wall}s"
done
sw_mean=$(awk -v t="$sw_total" -v n="$MIGRATE_RUNS" 'BEGIN { printf "%.2f", t / n }')
raw_mean=$(awk -v t="$raw_total" -v n="$MIGRATE_RUNS" 'BEGIN { printf "%.2f", t / n }')
ratio=$(awk -v a="$sw_mean" -v b="$raw_mean" 'BEGIN { printf "%.2f", a / b }')

# Both databases must hold the same history, and shiftway's must validate cleanly.
applied=$(sqlite3 "$db" 'SELECT count(*) FROM flyway_schema_history WHERE success')
raw_applied=$(sqlite3 "$raw" 'SELECT count(*) FROM flyway_schema_history WHERE success')
expected=$((N + REPEATABLES))
if [[ "$applied" != "$expected" || "$raw_applied" != "$expected" ]]; then
  echo "error: expected $expected history rows, shiftway wrote $applied and sqlite3 $raw_applied" >&2
  exit 1
fi
"${sw[@]}" -q validate >/dev/null || { echo "error: validate failed after migrate" >&2; exit 1; }

echo "== info and validate (hyperfine: $WARMUP warmup runs, $RUNS runs)"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/hyperfine.json" \
  -n "info" "${sw[*]} info" \
  -n "info --output json" "${sw[*]} --output json info" \
  -n "validate" "${sw[*]} validate" \
  -n "sqlite3 reading the history (floor)" "sqlite3 $db 'SELECT * FROM flyway_schema_history'" \
  -n "find + cat of every file (floor)" "bash -c 'find $work/sql -type f -print0 | xargs -0 cat > /dev/null'"

row() {  # name, command index, command for RSS
  local name=$1 i=$2; shift 2
  local mean sd user sys
  mean=$(jq -r ".results[$i].mean" "$work/hyperfine.json")
  sd=$(jq -r ".results[$i].stddev" "$work/hyperfine.json")
  user=$(jq -r ".results[$i].user" "$work/hyperfine.json")
  sys=$(jq -r ".results[$i].system" "$work/hyperfine.json")
  measure "$@"
  printf '| %s | %s ± %s ms | %s ms | %s ms | %s MiB |\n' "$name" "$(ms "$mean")" "$(ms "$sd")" \
    "$(ms "$user")" "$(ms "$sys")" "$rss_mib"
}
table=$(
  echo "| command | wall time (mean ± σ) | user | system | peak RSS |"
  echo "|---|---|---|---|---|"
  row "shiftway info" 0 "${sw[@]}" info
  row "shiftway --output json info" 1 "${sw[@]}" --output json info
  row "shiftway validate" 2 "${sw[@]}" validate
  row "sqlite3 reading the history (floor)" 3 sqlite3 "$db" 'SELECT * FROM flyway_schema_history'
  row "find + cat of every file (floor)" 4 bash -c "find $work/sql -type f -print0 | xargs -0 cat > /dev/null"
)

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
fs_db=$(df -T "$dbdir" | awk 'NR == 2 {print $2}')
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$repo" status --porcelain -- core cli drivers 2>/dev/null | head -1)
summary=$(cat <<EOF
# info / validate / migrate on $N migrations (SQLite)

Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/info_validate.sh\` at commit $commit${dirty:+ (with uncommitted changes)}.

## Machine

- nproc: $(nproc); CPU: $cpu
- kernel: $(uname -sr); load average before the run: $load_before
- $("$shiftway" --version 2>/dev/null | head -1 | sed 's/^/shiftway /'), SQLite $(sqlite3 --version | cut -d' ' -f1) (client and library), $(hyperfine --version)
- migrations on $(df -T "$work" | awk 'NR == 2 {print $2}') (temporary directory); databases on $fs_db ($DB_DIR)

## Data set

- $files files ($N versioned V1..V$N, $REPEATABLES repeatable), in $dirs subfolders; above V2000 by thousand
  (release_03/, ...), every tenth of those one level deeper (release_03/data/).
- Per group of ten: CREATE TABLE, CREATE INDEX, multi-row INSERT, ALTER TABLE ADD COLUMN, UPDATE,
  child table with a foreign key, INSERT ... SELECT, CREATE VIEW, ADD COLUMN + index, trigger + DELETE.
  The migrated schema has $(sqlite3 "$db" 'SELECT count(*) FROM sqlite_schema') objects.

## Results

| migrate ($MIGRATE_RUNS run(s) each) | wall time | peak RSS |
|---|---|---|
| shiftway migrate | ${sw_mean} s | ${sw_rss} MiB |
| sqlite3 client, one session, BEGIN/COMMIT + history INSERT per file | ${raw_mean} s | |
| **ratio shiftway / sqlite3** | **${ratio}** | |

$table

Targets: info and validate well under 100 ms and 64 MiB on 10,000 files. The two floors are what
any tool pays for the same work: SQLite loading this schema and reading the history, and reading
every migration file once. shiftway does both at the same time, on two threads (see
info_validate_profile.md for where the rest goes).

## Settings and commands

- SQLite defaults for both tools: journal_mode=DELETE, synchronous=FULL, one transaction per migration.
  The databases are on $fs_db, $( [[ $fs_db == tmpfs ]] && echo "so fsync costs nothing and the ratio measures the runner, not the disk" || echo "so every commit pays for fsync").
- hyperfine -N (no intermediate shell), --warmup $WARMUP, --runs $RUNS; peak RSS from one \`/usr/bin/time -v\` run.
- Run with \`N=$N REPEATABLES=$REPEATABLES DB_DIR=$DB_DIR MIGRATE_RUNS=$MIGRATE_RUNS WARMUP=$WARMUP RUNS=$RUNS bench/info_validate.sh\`.

\`\`\`
awk -v DIR=\$WORK/sql -v N=$N -v REPEATABLES=$REPEATABLES -v MANIFEST=\$WORK/manifest.tsv -f bench/gen_migrations.awk
awk -F'\t' -f bench/raw_sqlite_script.awk \$WORK/manifest.tsv > \$WORK/apply.sql
/usr/bin/time -v shiftway --url sqlite:\$DB/shiftway.db --locations filesystem:\$WORK/sql -q migrate
/usr/bin/time -v bash -c "sqlite3 -bail \$DB/raw.db < \$WORK/apply.sql"
hyperfine -N --warmup $WARMUP --runs $RUNS \\
  "shiftway --url sqlite:\$DB/shiftway.db --locations filesystem:\$WORK/sql info" \\
  "shiftway --url sqlite:\$DB/shiftway.db --locations filesystem:\$WORK/sql --output json info" \\
  "shiftway --url sqlite:\$DB/shiftway.db --locations filesystem:\$WORK/sql validate" \\
  "sqlite3 \$DB/shiftway.db 'SELECT * FROM flyway_schema_history'" \\
  "bash -c 'find \$WORK/sql -type f -print0 | xargs -0 cat > /dev/null'"
/usr/bin/time -v shiftway --url sqlite:\$DB/shiftway.db --locations filesystem:\$WORK/sql info      # and the others
\`\`\`
EOF
)
echo
echo "$summary"
mkdir -p "$(dirname "$RESULTS")"
echo "$summary" > "$RESULTS"
echo
echo "written to $RESULTS"
