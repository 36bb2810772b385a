#!/usr/bin/env bash
# Lints generated PostgreSQL migrations with shiftway and with squawk, and records wall time and peak
# memory in bench/results/lint_vs_squawk.md.
#
# usage: bench/lint_vs_squawk.sh [path/to/shiftway]
# needs: hyperfine, GNU time (/usr/bin/time), python3, npm (squawk-cli is installed into a temp dir).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shiftway=$(realpath "${1:-$here/../build/shiftway}")
results=$here/results/lint_vs_squawk.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Generates N migration files of the DDL that real projects ship: new tables, added columns,
# indexes (blocking and concurrent), foreign keys, renames, type changes, drops, views, backfills.
generate() {
  python3 - "$1" "$2" <<'PY'
import os, sys
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
tables = []
for v in range(1, n + 1):
    s = []
    k = v % 12
    if k in (1, 7) or len(tables) < 3:
        t = f"t{v}"
        tables.append(t)
        s.append(f"CREATE TABLE {t} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                 f"  name text NOT NULL,\n  status varchar(20) NOT NULL DEFAULT 'new',\n"
                 f"  amount numeric(12,2),\n  created_at timestamptz NOT NULL DEFAULT now()\n)")
        s.append(f"CREATE INDEX {t}_created_idx ON {t} (created_at)")
        s.append(f"COMMENT ON TABLE {t} IS 'table {v}'")
    else:
        t = tables[(v * 7) % len(tables)]
        u = tables[(v * 3) % len(tables)]
        if k == 0:
            s.append(f"ALTER TABLE {t} ADD COLUMN c{v} integer")
            s.append(f"CREATE INDEX CONCURRENTLY {t}_c{v}_idx ON {t} (c{v})")
        elif k == 2:
            s.append(f"ALTER TABLE {t} ADD COLUMN ref{v} bigint")
            s.append(f"ALTER TABLE {t} ADD CONSTRAINT {t}_ref{v}_fk FOREIGN KEY (ref{v}) REFERENCES {u} (id)")
        elif k == 3:
            s.append(f"ALTER TABLE {t} ADD COLUMN note{v} text NOT NULL DEFAULT ''")
            s.append(f"UPDATE {t} SET note{v} = name WHERE note{v} = ''")
        elif k == 4:
            s.append(f"ALTER TABLE {t} ADD COLUMN old{v} text")
            s.append(f"ALTER TABLE {t} RENAME COLUMN old{v} TO new{v}")
        elif k == 5:
            s.append(f"ALTER TABLE {t} ALTER COLUMN amount TYPE numeric(14,2)")
        elif k == 6:
            s.append(f"CREATE OR REPLACE VIEW v{v} AS SELECT id, name, status FROM {t} WHERE status <> 'deleted'")
        elif k == 8:
            s.append(f"ALTER TABLE {t} ADD COLUMN flag{v} boolean")
            s.append(f"ALTER TABLE {t} ALTER COLUMN flag{v} SET DEFAULT false")
            s.append(f"CREATE UNIQUE INDEX {t}_flag{v}_name_idx ON {t} (name, flag{v})")
        elif k == 9:
            s.append(f"ALTER TABLE {t} ADD CONSTRAINT {t}_amount{v}_chk CHECK (amount >= 0) NOT VALID")
            s.append(f"ALTER TABLE {t} VALIDATE CONSTRAINT {t}_amount{v}_chk")
        elif k == 10:
            s.append(f"CREATE TABLE tmp{v} (id bigint PRIMARY KEY, payload jsonb)")
            s.append(f"INSERT INTO tmp{v} (id, payload) SELECT id, to_jsonb(name) FROM {t}")
            s.append(f"DROP TABLE tmp{v}")
        else:
            s.append(f"ALTER TABLE {t} ALTER COLUMN status SET NOT NULL")
            s.append(f"DROP INDEX IF EXISTS {t}_created_idx")
    with open(os.path.join(out, f"V{v}__step_{v}.sql"), "w") as f:
        f.write(f"-- migration {v}\n" + ";\n\n".join(s) + ";\n")
PY
}

echo "installing squawk-cli into $tmp" >&2
npm install --silent --no-audit --no-fund --prefix "$tmp" squawk-cli >/dev/null
squawk=$tmp/node_modules/.bin/squawk
squawk_version=$("$squawk" --version 2>&1 | head -1 | sed 's/^squawk //')
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$shiftway")/CMakeCache.txt" 2>/dev/null || true)
build_type=${build_type:-RelWithDebInfo}  # what CMakeLists.txt picks when none is given

generate "$tmp/m1k" 1000
generate "$tmp/m10k" 10000

# squawk exits non-zero when it reports violations, as shiftway does: -i keeps hyperfine going.
sw1k="$shiftway lint --dialect postgres --since 0 --locations filesystem:$tmp/m1k"
sw10k="$shiftway lint --dialect postgres --since 0 --locations filesystem:$tmp/m10k"
# The same files with the first half released: replayed into the model, so rules have released
# tables to judge (renames, blocking indexes, NOT NULL on released columns, ...).
swhalf="$shiftway lint --dialect postgres --since 500 --locations filesystem:$tmp/m1k"
sq1k="$squawk $tmp/m1k/*.sql"
sq10k="$squawk $tmp/m10k/*.sql"
hyperfine -N -i --warmup 2 --runs 10 --export-json "$tmp/h1k.json" --export-markdown "$tmp/h1k.md" -n shiftway "$sw1k" -n squawk "$sq1k" \
  -n "shiftway --since 500" "$swhalf" >&2
hyperfine -N -i --warmup 1 --runs 5 --export-json "$tmp/h10k.json" --export-markdown "$tmp/h10k.md" -n shiftway-10k "$sw10k" -n squawk-10k "$sq10k" >&2

rss() {  # peak resident set size in MiB
  /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time.txt" || true
  awk '/Maximum resident set size/ { printf "%.1f", $6 / 1024 }' "$tmp/time.txt"
}
rss_sw1k=$(rss $sw1k); rss_sq1k=$(rss $squawk "$tmp"/m1k/*.sql)
rss_sw10k=$(rss $sw10k); rss_sq10k=$(rss $squawk "$tmp"/m10k/*.sql)

findings() { "$shiftway" --output json lint --dialect postgres --since "$2" --locations "filesystem:$1" |
  python3 -c 'import json,sys; d=json.load(sys.stdin)["summary"]; print(d["files"], "files,", d["statements"], "statements,", d["errors"], "errors,", d["warnings"], "warnings")'; }

{
  echo "# shiftway lint vs squawk"
  echo
  echo "Generated by \`bench/lint_vs_squawk.sh\` on $(date -u +%Y-%m-%d)."
  echo
  echo "- machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -sr)"
  echo "- shiftway $("$shiftway" --version) (${build_type:-unknown} build), squawk $squawk_version"
  echo "- input: generated PostgreSQL migrations (create table, add column, indexes with and without"
  echo "  CONCURRENTLY, foreign keys, renames, type changes, views, backfills, drops); every file is new"
  echo "  (\`--since 0\`), so shiftway replays nothing and lints everything. Nothing is released then,"
  echo "  so its compatibility and locking rules have nothing to protect and report nothing; the"
  echo "  \`--since 500\` row releases the first half, which is the case those rules exist for."
  echo "- the machine is shared with other jobs, so wall times vary from run to run; hyperfine's"
  echo "  user CPU times (in its log, and summarised below) are steadier."
  echo "- shiftway on 1k, \`--since 0\`: $(findings "$tmp/m1k" 0)"
  echo "- shiftway on 1k, \`--since 500\`: $(findings "$tmp/m1k" 500)"
  echo "- shiftway on 10k, \`--since 0\`: $(findings "$tmp/m10k" 0)"
  echo "- squawk on 1k: $("$squawk" "$tmp"/m1k/*.sql 2>/dev/null | grep -o 'Found [0-9]* issues.*' || true)"
  echo
  echo "## Wall time, 1,000 files"
  echo
  cat "$tmp/h1k.md"
  echo
  echo "## Wall time, 10,000 files"
  echo
  cat "$tmp/h10k.md"
  echo
  echo "## CPU time (user + system, mean)"
  echo
  echo "| command | CPU |"
  echo "|---|---|"
  python3 - "$tmp/h1k.json" "$tmp/h10k.json" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        print(f"| {r['command']} | {1000 * (r['user'] + r['system']):.0f} ms |")
PY
  echo
  echo "## Peak RSS (GNU time -v)"
  echo
  echo "| files | shiftway | squawk |"
  echo "|---|---|---|"
  echo "| 1,000 | ${rss_sw1k} MiB | ${rss_sq1k} MiB |"
  echo "| 10,000 | ${rss_sw10k} MiB | ${rss_sq10k} MiB |"
  echo
  echo "## Commands"
  echo
  echo '```sh'
  echo "shiftway lint --dialect postgres --since 0 --locations filesystem:DIR"
  echo "squawk DIR/*.sql"
  echo "hyperfine -N -i --warmup 2 --runs 10 'shiftway ...' 'squawk ...'"
  echo "/usr/bin/time -v shiftway ...   # Maximum resident set size"
  echo '```'
} > "$results"
sed -i "s|$tmp|\$DIR|g" "$results"
echo "wrote $results" >&2
