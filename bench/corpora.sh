#!/usr/bin/env bash
# Lints real-world migration sets two ways and prints, per set, the findings per rule and severity,
# the unparsed share and the time:
#   whole:  every file of the set is new (`--since 0`), linted in one run;
#   series: each file is its own release, linted after all earlier files were released
#           (`--since <previous version> FILE`), one run per file, as CI would on each merge.
#           The runs share one replay cache (SQLite; docs/lint.md), as CI does that keeps the cache
#           between runs: the last file's time is given that way and cold (an empty cache).
#
# usage: bench/corpora.sh DIR [path/to/shiftway]
#   DIR holds one folder per set, named <project>-<dialect> (postgres, mysql, mariadb, sqlite), each
#   with V<version>__*.sql files.
# settings (environment): SETS="a b" limits the sets; SERIES=0 skips the series; OUT=DIR keeps the
#   JSON of every run there (default: a temporary directory, removed at exit) for auditing findings.
# needs: python3.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: bench/corpora.sh DIR [path/to/shiftway]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
corpora=$(realpath "$1")
shiftway=$(realpath "${2:-$here/../build/shiftway}")
series=${SERIES:-1}
if [[ -n "${OUT:-}" ]]; then
  out=$(realpath -m "$OUT")
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

now_ms() { date +%s%3N; }
# The replay cache the series uses: this run's own, never the user's.
export XDG_CACHE_HOME="$out/cache"

# Runs one lint, stores its JSON in $3, and fails loudly on anything but exit 0 or 1 (findings).
run_lint() {
  local dialect=$1 dir=$2 json=$3
  shift 3
  local rc=0
  # An empty config keeps a shiftway.toml or flyway.conf in the working directory out of it.
  (cd "$out" && "$shiftway" --output json lint --dialect "$dialect" --locations "filesystem:$dir" \
    --fail-on never "$@" >"$json" 2>"$json.err") || rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "error: shiftway exited $rc on $dir ($*):" >&2
    cat "$json.err" >&2
    exit 1
  fi
}

summarize() {  # set dialect mode elapsed_ms last_ms cold_ms json...
  python3 - "$@" <<'PY'
import collections, json, sys
name, dialect, mode, elapsed, last, cold = sys.argv[1:7]
per_rule = collections.Counter()
sev = collections.Counter()
statements = unparsed = files = 0
for path in sys.argv[7:]:
    doc = json.load(open(path))
    files += doc["summary"]["files"]
    statements += doc["summary"]["statements"]
    for f in doc["findings"]:
        per_rule[(f["rule"], f["severity"])] += 1
        sev[f["severity"]] += 1
        if f["rule"] == "unparsed-statement":
            unparsed += 1
share = 100.0 * unparsed / statements if statements else 0.0
timing = f"{elapsed} ms"
if last != "-":
    timing += f", last file after all others {last} ms ({cold} ms with an empty replay cache)"
print(f"== {name} ({dialect}) {mode}: {files} files, {statements} statements, {timing}")
print(f"   findings: {sev['error']} errors, {sev['warning']} warnings, {sev['info']} infos; "
      f"unparsed {unparsed}/{statements} statements ({share:.1f} %)")
for (rule, severity), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"   {n:6d}  {severity:<7}  {rule}")
PY
}

for set_dir in "$corpora"/*/; do
  set_dir=${set_dir%/}
  name=$(basename "$set_dir")
  if [[ -n "${SETS:-}" && " $SETS " != *" $name "* ]]; then continue; fi
  dialect=${name##*-}
  case $dialect in postgres | mysql | mariadb | sqlite) ;; *) continue ;; esac
  mapfile -t files < <(cd "$set_dir" && ls V*__*.sql | sort -V)
  [[ ${#files[@]} -gt 0 ]] || continue
  mkdir -p "$out/$name"

  start=$(now_ms)
  run_lint "$dialect" "$set_dir" "$out/$name/whole.json" --since 0
  whole_ms=$(($(now_ms) - start))
  summarize "$name" "$dialect" whole "$whole_ms" - - "$out/$name/whole.json"

  [[ $series == 1 ]] || continue
  start=$(now_ms)
  prev=0
  last_ms=0
  jsons=()
  for f in "${files[@]}"; do
    version=${f#V}
    version=${version%%__*}
    one=$(now_ms)
    run_lint "$dialect" "$set_dir" "$out/$name/$version.json" --since "$prev" "$set_dir/$f"
    last_ms=$(($(now_ms) - one))
    jsons+=("$out/$name/$version.json")
    before_last=$prev
    prev=$version
  done
  series_ms=$(($(now_ms) - start))
  # The last file again, with nothing kept: what a CI run without the cache pays.
  cold_cache=$(mktemp -d)
  one=$(now_ms)
  XDG_CACHE_HOME=$cold_cache run_lint "$dialect" "$set_dir" "$out/$name/cold.json" --since "$before_last" "$set_dir/${files[-1]}"
  cold_ms=$(($(now_ms) - one))
  rm -rf "$cold_cache"
  summarize "$name" "$dialect" series "$series_ms" "$last_ms" "$cold_ms" "${jsons[@]}"
done
