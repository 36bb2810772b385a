#!/usr/bin/env bash
# W1 on real servers: 1,000 generated migrations (each creates a table, inserts 10 rows and
# creates an index), applied to an SQLite file, PostgreSQL and MariaDB by three tools:
#
#   shiftway  the binary under test, `shiftway migrate` on the 1,000 files;
#   raw       the database's own client in one session (sqlite3, psql, mariadb), each file
#             wrapped in BEGIN ... COMMIT with an INSERT into a history table: the floor;
#   sqitch    Debian's sqitch, with one deploy script per migration holding the same SQL.
#
#   bench/w1_servers.sh [SHIFTWAY_BINARY]     (default build/shiftway)
#
# PostgreSQL and MariaDB are throwaway servers from scripts/test-servers.sh, with its settings
# (fsync=off, synchronous_commit=off, full_page_writes=off; innodb_flush_log_at_trx_commit=0,
# innodb_buffer_pool_size=64M); SQLite files use the library defaults. Every tool gets a fresh
# database. shiftway and raw run REPEAT times (default 3) and report the median; sqitch runs once.
# Writes bench/results/w1_servers.md. Needs sqitch and its perl DBD drivers (libdbd-pg-perl,
# libdbd-mysql-perl, libdbd-sqlite3-perl) and GNU time; installs missing ones as root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
bin=$(realpath "${1:-build/shiftway}")
repeat=${REPEAT:-3}
count=${W1_COUNT:-1000}
[[ -x "$bin" ]] || { echo "w1: no shiftway binary at $bin (build it first)" >&2; exit 2; }

need=()
for p in sqitch libdbd-pg-perl libdbd-mysql-perl libdbd-sqlite3-perl time sqlite3 postgresql-client mariadb-client; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" == installed ]] || need+=("$p")
done
if ((${#need[@]})); then
  [[ $(id -u) -eq 0 ]] || { echo "w1: missing ${need[*]}; apt-get install them" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/shiftway-w1.XXXXXX")
chmod 755 "$work"
# shellcheck source=../scripts/test-servers.sh
source scripts/test-servers.sh
trap 'set +e; shiftway_test_servers_stop; rm -rf "$work"' EXIT

# ---- the workload -----------------------------------------------------------------------------
gen() {  # gen DIR: the 1,000 files shiftway reads
  mkdir -p "$1"
  awk -v n="$count" -v dir="$1" 'BEGIN {
    for (i = 1; i <= n; i++) {
      f = sprintf("%s/V%d__create_t%04d.sql", dir, i, i)
      printf "CREATE TABLE t%04d (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, qty INT);\n", i > f
      printf "INSERT INTO t%04d (id, name, qty) VALUES", i > f
      for (r = 1; r <= 10; r++) printf "%s (%d, '\''item %d-%d'\'', %d)", (r > 1 ? "," : ""), r, i, r, r * 7 > f
      printf ";\nCREATE INDEX t%04d_name_idx ON t%04d (name);\n", i, i > f
      close(f)
    }
  }'
}
gen "$work/sql"

raw_script() {  # raw_script OUT: one session, each file in its own transaction plus a history row
  {
    echo "CREATE TABLE raw_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), description VARCHAR(200),"
    echo "  script VARCHAR(1000) NOT NULL, checksum INT, installed_on TIMESTAMP DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL);"
    for ((i = 1; i <= count; i++)); do
      f=$(printf 'V%d__create_t%04d.sql' "$i" "$i")
      echo "BEGIN;"
      cat "$work/sql/$f"
      echo "INSERT INTO raw_history (installed_rank, version, description, script, checksum, success) VALUES ($i, '$i', 'create t$(printf %04d "$i")', '$f', 0, TRUE);"
      echo "COMMIT;"
    done
  } >"$1"
}
raw_script "$work/raw.sql"

sqitch_project() {  # sqitch_project DIR ENGINE
  local dir=$1 engine=$2 i name
  mkdir -p "$dir/deploy" "$dir/revert" "$dir/verify"
  printf '[core]\n\tengine = %s\n\tplan_file = sqitch.plan\n\ttop_dir = .\n[user]\n\tname = W1 Bench\n\temail = w1@example.com\n' \
    "$engine" >"$dir/sqitch.conf"
  { echo "%syntax-version=1.0.0"; echo "%project=w1"; echo; } >"$dir/sqitch.plan"
  for ((i = 1; i <= count; i++)); do
    name=$(printf 'create_t%04d' "$i")
    echo "$name 2024-01-01T00:00:00Z W1 Bench <w1@example.com> # W1 migration $i" >>"$dir/sqitch.plan"
    { echo "BEGIN;"; cat "$work/sql/$(printf 'V%d__create_t%04d.sql' "$i" "$i")"; echo "COMMIT;"; } >"$dir/deploy/$name.sql"
    printf 'DROP TABLE t%04d;\n' "$i" >"$dir/revert/$name.sql"
  done
}

# ---- measuring --------------------------------------------------------------------------------
# measure NAME CMD...: runs CMD under GNU time; appends "NAME wall_s maxrss_kb" to $work/times.
measure() {
  local name=$1 start end
  shift
  start=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1; then
    echo "w1: $name failed:" >&2
    tail -n 20 "$work/out.txt" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  local rss
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  echo "$name $(echo "$end - $start" | bc -l) $rss" >>"$work/times"
  printf 'w1: %-22s %8.2f s  %7d KB\n' "$name" "$(echo "$end - $start" | bc -l)" "$rss" >&2
}

pg_url=$SHIFTWAY_TEST_POSTGRES_URL          # postgresql://user:pw@127.0.0.1:port/db
pg_base=${pg_url%/*}
my_url=$SHIFTWAY_TEST_MYSQL_URL             # mysql://user:pw@127.0.0.1:port/db
[[ "$my_url" =~ ^mysql://([^:]+):([^@]+)@([^:]+):([0-9]+)/ ]] || { echo "w1: bad MySQL URL" >&2; exit 1; }
my_user=${BASH_REMATCH[1]} my_pw=${BASH_REMATCH[2]} my_host=${BASH_REMATCH[3]} my_port=${BASH_REMATCH[4]}
my_base="mysql://$my_user:$my_pw@$my_host:$my_port"
mysql_client() { mariadb --no-defaults -h "$my_host" -P "$my_port" -u "$my_user" "--password=$my_pw" "$@"; }

fresh() {  # fresh DB: prints a new database/file name for one run (called in a subshell)
  local name="w1_${1}_$(date +%s%N)"
  case $1 in
    pg) psql -X -q "$pg_url" -c "CREATE DATABASE $name" >/dev/null ;;
    my) mysql_client -e "CREATE DATABASE $name" ;;
    lite) name="$work/$name.db" ;;
  esac
  echo "$name"
}

declare -A last  # "database tool" -> the database of its last run
tool_run() {  # tool_run DATABASE TOOL
  local kind=${1/postgres/pg}
  kind=${kind/mariadb/my}
  kind=${kind/sqlite/lite}
  local db
  db=$(fresh "$kind")
  last["$1 $2"]=$db
  case "$1 $2" in
    "sqlite shiftway") measure "$1 $2" "$bin" -q --url "sqlite:$db" --locations "filesystem:$work/sql" migrate ;;
    "sqlite raw") measure "$1 $2" sh -c "sqlite3 -bail '$db' < '$work/raw.sql'" ;;
    "sqlite sqitch") measure "$1 $2" sh -c "cd '$work/sqitch_sqlite' && sqitch deploy --target 'db:sqlite:$db'" ;;
    "postgres shiftway") measure "$1 $2" "$bin" -q --url "$pg_base/$db" --locations "filesystem:$work/sql" migrate ;;
    "postgres raw") measure "$1 $2" psql -X -q -v ON_ERROR_STOP=1 "$pg_base/$db" -f "$work/raw.sql" ;;
    "postgres sqitch") measure "$1 $2" sh -c "cd '$work/sqitch_pg' && sqitch deploy --target 'db:$pg_base/$db'" ;;
    "mariadb shiftway") measure "$1 $2" "$bin" -q --url "$my_base/$db" --locations "filesystem:$work/sql" migrate ;;
    "mariadb raw") measure "$1 $2" sh -c "mariadb --no-defaults -h '$my_host' -P '$my_port' -u '$my_user' --password='$my_pw' '$db' < '$work/raw.sql'" ;;
    "mariadb sqitch") measure "$1 $2" sh -c "cd '$work/sqitch_mysql' && sqitch deploy --target 'db:$my_base/$db'" ;;
  esac
}

for engine in sqlite pg mysql; do sqitch_project "$work/sqitch_$engine" "$engine"; done
# Warm-up: a fresh MariaDB runs its first thousand CREATE TABLEs several times slower than later
# ones (measured: 18 s, then 1.3 s for the same 200 files), so whichever tool ran first lost.
# Apply W1 once per server with the raw client, unmeasured, then alternate the order.
psql -X -q -v ON_ERROR_STOP=1 "$pg_base/$(fresh pg)" -f "$work/raw.sql" >/dev/null
mysql_client "$(fresh my)" <"$work/raw.sql"
for r in $(seq 1 "$repeat"); do
  for db in sqlite postgres mariadb; do
    if ((r % 2)); then
      tool_run "$db" shiftway
      tool_run "$db" raw
    else
      tool_run "$db" raw
      tool_run "$db" shiftway
    fi
  done
done
for db in sqlite postgres mariadb; do tool_run "$db" sqitch; done

# Each tool must have created all 1,000 tables in its last database.
for key in "${!last[@]}"; do
  db=${last[$key]}
  case $key in
    sqlite*) n=$(sqlite3 "$db" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name GLOB 't[0-9]*'") ;;
    postgres*) n=$(psql -X -qAt "$pg_base/$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'") ;;
    mariadb*) n=$(mysql_client -N -e "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db' AND TABLE_NAME RLIKE '^t[0-9]+$'") ;;
  esac
  [[ "$n" == "$count" ]] || { echo "w1: $key created $n tables, expected $count" >&2; exit 1; }
done

# ---- report -----------------------------------------------------------------------------------
pg_version=$(psql -X -qAt "$pg_url" -c "SHOW server_version")
pg_settings=$(psql -X -qAt "$pg_url" -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections')")
my_version=$(mysql_client -N -e "SELECT VERSION()")
my_settings=$(mysql_client -N -e "SELECT CONCAT('innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit, ', innodb_buffer_pool_size=', @@innodb_buffer_pool_size, ', sync_binlog=', @@sync_binlog, ', log_bin=', @@log_bin)")
median() { awk -v k="$1" '$1 " " $2 == k {print $3}' "$work/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
rss_of() { awk -v k="$1" '$1 " " $2 == k {print $4}' "$work/times" | sort -n | tail -1; }

out=bench/results/w1_servers.md
mkdir -p bench/results
{
  echo "# W1 on real servers: $count migrations, shiftway vs the raw client vs sqitch"
  echo
  echo "Generated by \`bench/w1_servers.sh\` on $(date -u +%Y-%m-%d). Each migration creates a table, inserts 10 rows"
  echo "(one multi-row INSERT) and creates an index. Every run starts from a fresh database."
  echo
  echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, shared with other work"
  echo "- shiftway $("$bin" --version 2>/dev/null | head -1) ($(git rev-parse --short HEAD 2>/dev/null || echo unknown)), $(sqlite3 --version | cut -d' ' -f1-1 | sed 's/^/SQLite /'), sqitch $(sqitch --version | awk '{print $3}')"
  echo "- PostgreSQL $pg_version on loopback TCP: $pg_settings"
  echo "- MariaDB $my_version on loopback TCP: $my_settings"
  echo "- SQLite: a file in $(df -P "$work" | awk 'NR == 2 {print $1}') with the library defaults (rollback journal, synchronous=FULL)"
  echo "- Before measuring, W1 is applied once per server with the raw client (unmeasured warm-up); the order of"
  echo "  shiftway and raw alternates between runs. shiftway and raw: median of $repeat runs; sqitch: one run. Peak RSS is GNU time's maximum resident set size"
  echo "  of the measured process tree's largest process (for raw and sqitch: the client, not the server)."
  echo
  echo "| database | tool | wall time (s) | peak RSS (MB) | vs raw client | sqitch vs shiftway |"
  echo "|---|---|---:|---:|---:|---:|"
  for db in sqlite postgres mariadb; do
    s=$(median "$db shiftway") r=$(median "$db raw") q=$(median "$db sqitch")
    for tool in shiftway raw sqitch; do
      t=$(median "$db $tool")
      printf '| %s | %s | %.2f | %.1f | %.2f× | %s |\n' "$db" "$tool" "$t" "$(echo "$(rss_of "$db $tool") / 1024" | bc -l)" \
        "$(echo "$t / $r" | bc -l)" "$([[ $tool == shiftway ]] && printf '%.1f× faster' "$(echo "$q / $s" | bc -l)" || echo)"
    done
  done
  echo
  echo "Targets: shiftway ≤ 1.10× the raw client, and ≥ 5× faster than sqitch."
  echo
  echo "All runs:"
  echo
  echo '```'
  cat "$work/times"
  echo '```'
} >"$out"
cat "$out"
