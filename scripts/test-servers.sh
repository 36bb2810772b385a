#!/usr/bin/env bash
# Starts a throwaway PostgreSQL and MariaDB for the driver tests, on free loopback ports.
#
# Two ways to use it:
#
#   scripts/test-servers.sh -- CMD ARGS...
#       starts both servers, exports SHIFTWAY_TEST_POSTGRES_URL and SHIFTWAY_TEST_MYSQL_URL, runs
#       CMD, stops both servers and exits with CMD's exit code.
#
#   source scripts/test-servers.sh
#       starts both servers and exports the same variables into the calling shell. Stop them with
#       shiftway_test_servers_stop; an EXIT trap does it when the caller has none of its own.
#
# Each server gets its own data directory in a temporary directory, a socket there, and a port
# nobody listens on; it is never a server this script did not start. A server that cannot start
# is an error that shows its log, never a silent skip. Durability is off (fsync=off,
# synchronous_commit=off, innodb_flush_log_at_trx_commit=0): these servers hold test data only.
#
# Environment: SHIFTWAY_TEST_SERVERS=postgres,mysql,pgbouncer,galera picks which servers to start
# (default all four; pgbouncer needs postgres); SHIFTWAY_TEST_SERVER_TIMEOUT bounds each server's
# start-up in seconds (default 60).
#
# PgBouncer (one process) sits in front of the test PostgreSQL with two databases: shiftway_test in
# transaction pooling mode (SHIFTWAY_TEST_PGBOUNCER_TX_URL) and shiftway_test_session, the same
# database in session pooling mode (SHIFTWAY_TEST_PGBOUNCER_SESSION_URL). The test user may read
# its admin console (stats_users), so `SHOW DATABASES` tells the pool mode.
#
# Galera: a 3-node MariaDB Galera cluster (galera-4, rsync SST) with a cluster name of its own;
# every node has its own client, group communication, IST and SST port. It is ready when all three
# report wsrep_cluster_size = 3 and Synced. SHIFTWAY_TEST_GALERA_URLS holds the three nodes' URLs,
# comma-separated, node 1 (the bootstrap node) first.
#
# Statement statistics, for `queries export`: PostgreSQL loads pg_stat_statements
# (shared_preload_libraries), installed in a database of its own, shiftway_stats, whose statistics
# the test user may reset; MariaDB starts with performance_schema=ON. The Galera nodes keep the
# defaults. SHIFTWAY_TEST_POSTGRES_PRELOAD= (empty) starts PostgreSQL without loading
# pg_stat_statements (the extension is still created), as a server whose postgresql.conf lacks it;
# SHIFTWAY_TEST_MYSQL_PERFORMANCE_SCHEMA=OFF starts MariaDB with performance_schema off.
#
# SHIFTWAY_TEST_TLS_DIR=DIR (holding server.crt, server.key and ca.crt) starts both with TLS on.

_sw_sourced=0
[[ "${BASH_SOURCE[0]}" != "$0" ]] && _sw_sourced=1

_sw_log() { printf 'test-servers: %s\n' "$*" >&2; }

# Prints a port in 20000..59999 that nothing on this machine listens on.
_sw_free_port() {
  local port tries=0
  while ((tries++ < 200)); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if command -v ss >/dev/null 2>&1; then
      ss -Htln "sport = :$port" 2>/dev/null | grep -q . && continue
    fi
    # Nothing answers on it: free, as far as we can tell (the server's bind is the final check).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

_sw_pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$d/pg_ctl" && -x "$d/initdb" ]] && { echo "$d"; return 0; }
  done
  return 1
}

_sw_install_missing() {
  local pkgs=()
  if [[ ",$_sw_which," == *,postgres,* ]] && ! _sw_pg_bindir >/dev/null; then pkgs+=(postgresql); fi
  if [[ ",$_sw_which," == *,pgbouncer,* ]] && ! command -v pgbouncer >/dev/null 2>&1 &&
    [[ ! -x /usr/sbin/pgbouncer ]]; then
    pkgs+=(pgbouncer)
  fi
  if [[ ",$_sw_which," == *,mysql,* || ",$_sw_which," == *,galera,* ]] && ! command -v mariadbd >/dev/null 2>&1 &&
    [[ ! -x /usr/sbin/mariadbd ]]; then
    pkgs+=(mariadb-server)
  fi
  if [[ ",$_sw_which," == *,galera,* ]]; then
    _sw_galera_provider >/dev/null || pkgs+=(galera-4)
    command -v rsync >/dev/null 2>&1 || pkgs+=(rsync)
  fi
  ((${#pkgs[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    _sw_log "missing ${pkgs[*]}; install them (apt-get install ${pkgs[*]}) or run this script as root"
    return 1
  fi
  _sw_log "installing ${pkgs[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}" >&2; then
    apt-get update >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}" >&2 || return 1
  fi
}

# Shows why a server failed: the message, then the tail of its log.
_sw_fail() {
  local what=$1 log=$2
  _sw_log "$what"
  if [[ -f "$log" ]]; then
    _sw_log "last lines of $log:"
    tail -n 25 "$log" | sed 's/^/    /' >&2
  fi
  return 1
}

# Copies the TLS files of SHIFTWAY_TEST_TLS_DIR to a directory of the servers' own, owned by the
# server user (PostgreSQL refuses a key that others can read).
_sw_copy_tls() {
  local owner=$1 dest="$SHIFTWAY_TEST_SERVERS_DIR/$2"
  mkdir -p "$dest"
  cp "$SHIFTWAY_TEST_TLS_DIR/server.crt" "$SHIFTWAY_TEST_TLS_DIR/server.key" "$SHIFTWAY_TEST_TLS_DIR/ca.crt" "$dest/" ||
    { _sw_log "cannot read the TLS files in $SHIFTWAY_TEST_TLS_DIR"; return 1; }
  chmod 600 "$dest/server.key"
  [[ $(id -u) -eq 0 ]] && chown -R "$owner" "$dest"
  return 0
}

# Runs a command as the user that owns the servers' files (initdb refuses to run as root).
_sw_as() {
  local user=$1
  shift
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

_sw_start_postgres() {
  local bin port attempt dir="$SHIFTWAY_TEST_SERVERS_DIR/pg" log="$SHIFTWAY_TEST_SERVERS_DIR/pg.log"
  local owner=postgres
  [[ $(id -u) -ne 0 ]] && owner=$(id -un)
  bin=$(_sw_pg_bindir) || { _sw_log "no PostgreSQL server binaries under /usr/lib/postgresql"; return 1; }
  mkdir -p "$dir" "$SHIFTWAY_TEST_SERVERS_DIR/pgsock"
  [[ $(id -u) -eq 0 ]] && chown "$owner" "$dir" "$SHIFTWAY_TEST_SERVERS_DIR/pgsock"
  chmod 700 "$dir"
  # --auth-host and --auth-local separately: -A trust would also let TCP logins in without a password.
  if ! _sw_as "$owner" "$bin/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$SHIFTWAY_TEST_SERVERS_DIR/initdb.log" 2>&1; then
    _sw_fail "initdb failed" "$SHIFTWAY_TEST_SERVERS_DIR/initdb.log"
    return 1
  fi
  local tls=""
  if [[ -n "${SHIFTWAY_TEST_TLS_DIR:-}" ]]; then
    _sw_copy_tls "$owner" pgtls || return 1
    tls=" -c ssl=on -c ssl_cert_file=$SHIFTWAY_TEST_SERVERS_DIR/pgtls/server.crt -c ssl_key_file=$SHIFTWAY_TEST_SERVERS_DIR/pgtls/server.key"
  fi
  for attempt in 1 2 3 4 5; do
    port=$(_sw_free_port) || { _sw_log "no free port for PostgreSQL"; return 1; }
    : >"$log"
    [[ $(id -u) -eq 0 ]] && chown "$owner" "$log"
    if _sw_as "$owner" "$bin/pg_ctl" -D "$dir" -l "$log" -w -t "$_sw_timeout" -o \
      "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$SHIFTWAY_TEST_SERVERS_DIR/pgsock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50 -c shared_preload_libraries=${SHIFTWAY_TEST_POSTGRES_PRELOAD-pg_stat_statements}$tls" \
      start >/dev/null 2>>"$log"; then
      _sw_pg_port=$port
      break
    fi
    # Someone took the port between the check and the bind: try another one.
    grep -q 'could not bind\|Address already in use' "$log" && continue
    _sw_fail "PostgreSQL did not start within ${_sw_timeout}s" "$log"
    return 1
  done
  [[ -n "$_sw_pg_port" ]] || { _sw_fail "PostgreSQL could not bind a free port" "$log"; return 1; }
  _sw_pg_ctl="$bin/pg_ctl"
  _sw_pg_owner=$owner
  local pw=$SHIFTWAY_TEST_PASSWORD
  if ! _sw_as "$owner" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$SHIFTWAY_TEST_SERVERS_DIR/pgsock" \
    -p "$_sw_pg_port" -U postgres -d postgres >>"$log" 2>&1 <<SQL; then
CREATE ROLE shiftway LOGIN CREATEDB PASSWORD '$pw';
CREATE DATABASE shiftway_test OWNER shiftway;
-- tests/drivers/recording_test.cc logs its own session's statements (log_statement=all).
GRANT SET ON PARAMETER log_statement TO shiftway;
-- `queries export` reads pg_stat_statements (loaded above) in a database of its own, so that no
-- other test's statements reach what it exports.
CREATE DATABASE shiftway_stats OWNER shiftway;
\\connect shiftway_stats
CREATE EXTENSION pg_stat_statements;
GRANT EXECUTE ON FUNCTION pg_stat_statements_reset(oid, oid, bigint) TO shiftway;
SQL
    _sw_fail "could not create the shiftway user and database on PostgreSQL" "$log"
    return 1
  fi
  export SHIFTWAY_TEST_POSTGRES_URL="postgresql://shiftway:$pw@127.0.0.1:$_sw_pg_port/shiftway_test"
  _sw_log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$_sw_pg_port"
}

_sw_start_mariadb() {
  local mariadbd port attempt waited dir="$SHIFTWAY_TEST_SERVERS_DIR/my" log="$SHIFTWAY_TEST_SERVERS_DIR/my.log"
  local sock="$SHIFTWAY_TEST_SERVERS_DIR/myrun/my.sock" owner=mysql
  [[ $(id -u) -ne 0 ]] && owner=$(id -un)
  mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  [[ -x "$mariadbd" ]] || { _sw_log "no mariadbd binary"; return 1; }
  mkdir -p "$dir" "$SHIFTWAY_TEST_SERVERS_DIR/myrun"
  [[ $(id -u) -eq 0 ]] && chown "$owner" "$dir" "$SHIFTWAY_TEST_SERVERS_DIR/myrun"
  if ! mariadb-install-db --no-defaults --user="$owner" --datadir="$dir" --skip-test-db \
    --auth-root-authentication-method=socket >"$SHIFTWAY_TEST_SERVERS_DIR/install-db.log" 2>&1; then
    _sw_fail "mariadb-install-db failed" "$SHIFTWAY_TEST_SERVERS_DIR/install-db.log"
    return 1
  fi
  local tls=()
  if [[ -n "${SHIFTWAY_TEST_TLS_DIR:-}" ]]; then
    _sw_copy_tls "$owner" mytls || return 1
    tls=(--ssl-cert="$SHIFTWAY_TEST_SERVERS_DIR/mytls/server.crt" --ssl-key="$SHIFTWAY_TEST_SERVERS_DIR/mytls/server.key"
      --ssl-ca="$SHIFTWAY_TEST_SERVERS_DIR/mytls/ca.crt")
  fi
  for attempt in 1 2 3 4 5; do
    port=$(_sw_free_port) || { _sw_log "no free port for MariaDB"; return 1; }
    : >"$log"
    [[ $(id -u) -eq 0 ]] && chown "$owner" "$log"
    # Started directly (not through a subshell) so that $! is the server's own pid.
    "$mariadbd" --no-defaults --user="$owner" --datadir="$dir" --socket="$sock" --port="$port" \
      --bind-address=127.0.0.1 --pid-file="$SHIFTWAY_TEST_SERVERS_DIR/myrun/my.pid" --log-error="$log" \
      --skip-name-resolve --skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=64M \
      --max-connections=50 --performance-schema="${SHIFTWAY_TEST_MYSQL_PERFORMANCE_SCHEMA:-ON}" "${tls[@]}" </dev/null >>"$log" 2>&1 &
    _sw_my_pid=$!
    waited=0
    # Ping over our own socket: an answer there comes from our server, never from another one.
    until mariadb-admin --no-defaults --socket="$sock" -u root ping >/dev/null 2>&1; do
      if ! kill -0 "$_sw_my_pid" 2>/dev/null; then
        wait "$_sw_my_pid" 2>/dev/null
        _sw_my_pid=
        break
      fi
      if ((waited >= _sw_timeout * 4)); then
        kill "$_sw_my_pid" 2>/dev/null
        wait "$_sw_my_pid" 2>/dev/null
        _sw_my_pid=
        _sw_fail "MariaDB did not answer within ${_sw_timeout}s" "$log"
        return 1
      fi
      sleep 0.25
      ((waited++))
    done
    if [[ -n "$_sw_my_pid" ]]; then
      _sw_my_port=$port
      break
    fi
    grep -q 'Bind on TCP/IP port' "$log" && continue
    _sw_fail "MariaDB exited while starting" "$log"
    return 1
  done
  [[ -n "$_sw_my_port" ]] || { _sw_fail "MariaDB could not bind a free port" "$log"; return 1; }
  _sw_my_sock=$sock
  local pw=$SHIFTWAY_TEST_PASSWORD
  # Both hosts: with --skip-name-resolve a TCP login from 127.0.0.1 matches only '127.0.0.1'.
  if ! mariadb --no-defaults --socket="$sock" -u root >>"$log" 2>&1 <<SQL; then
CREATE USER 'shiftway'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER 'shiftway'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON *.* TO 'shiftway'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL ON *.* TO 'shiftway'@'localhost' WITH GRANT OPTION;
CREATE DATABASE shiftway_test;
-- information_schema.METADATA_LOCK_INFO: who holds a metadata lock, for the lock-timeout messages.
INSTALL SONAME 'metadata_lock_info';
SQL
    _sw_fail "could not create the shiftway user and database on MariaDB" "$log"
    return 1
  fi
  export SHIFTWAY_TEST_MYSQL_URL="mysql://shiftway:$pw@127.0.0.1:$_sw_my_port/shiftway_test"
  _sw_log "MariaDB $(mariadb --no-defaults --socket="$sock" -u root -N -e 'SELECT VERSION()') on 127.0.0.1:$_sw_my_port"
}

_sw_start_pgbouncer() {
  local bin port attempt waited dir="$SHIFTWAY_TEST_SERVERS_DIR/pgbouncer" log="$SHIFTWAY_TEST_SERVERS_DIR/pgbouncer.log"
  local pw=$SHIFTWAY_TEST_PASSWORD
  bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  [[ -x "$bin" ]] || { _sw_log "no pgbouncer binary"; return 1; }
  [[ -n "$_sw_pg_port" ]] || { _sw_log "pgbouncer needs postgres in SHIFTWAY_TEST_SERVERS"; return 1; }
  mkdir -p "$dir"
  printf '"shiftway" "%s"\n' "$pw" >"$dir/userlist.txt"
  chmod 600 "$dir/userlist.txt"
  [[ $(id -u) -eq 0 ]] && chown -R "$_sw_pg_owner" "$dir"
  for attempt in 1 2 3 4 5; do
    port=$(_sw_free_port) || { _sw_log "no free port for PgBouncer"; return 1; }
    # PgBouncer logs in to PostgreSQL with the client's own password from the auth_file.
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
shiftway_test = host=127.0.0.1 port=$_sw_pg_port dbname=shiftway_test pool_mode=transaction
shiftway_test_session = host=127.0.0.1 port=$_sw_pg_port dbname=shiftway_test pool_mode=session
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
stats_users = shiftway
pool_mode = transaction
max_client_conn = 200
default_pool_size = 20
logfile = $log
pidfile = $dir/pgbouncer.pid
INI
    : >"$log"
    [[ $(id -u) -eq 0 ]] && chown "$_sw_pg_owner" "$log" "$dir/pgbouncer.ini"
    if ! _sw_as "$_sw_pg_owner" "$bin" -d "$dir/pgbouncer.ini" >>"$log" 2>&1; then
      grep -q 'Address already in use' "$log" && continue
      _sw_fail "PgBouncer did not start" "$log"
      return 1
    fi
    waited=0
    until PGPASSWORD=$pw "${_sw_pg_ctl%/*}/psql" -X -q -h 127.0.0.1 -p "$port" -U shiftway -d shiftway_test \
      -c 'SELECT 1' >/dev/null 2>&1; do
      # It binds after it went to the background: a taken port shows only in its log.
      grep -q 'Address already in use' "$log" && break
      if ((waited >= _sw_timeout * 4)); then
        _sw_fail "PgBouncer did not answer within ${_sw_timeout}s" "$log"
        return 1
      fi
      sleep 0.25
      ((waited++))
    done
    grep -q 'Address already in use' "$log" && continue
    _sw_pgb_port=$port
    break
  done
  [[ -n "$_sw_pgb_port" ]] || { _sw_fail "PgBouncer could not bind a free port" "$log"; return 1; }
  export SHIFTWAY_TEST_PGBOUNCER_TX_URL="postgresql://shiftway:$pw@127.0.0.1:$_sw_pgb_port/shiftway_test"
  export SHIFTWAY_TEST_PGBOUNCER_SESSION_URL="postgresql://shiftway:$pw@127.0.0.1:$_sw_pgb_port/shiftway_test_session"
  _sw_log "PgBouncer $("$bin" --version | awk 'NR==1{print $2}') on 127.0.0.1:$_sw_pgb_port (transaction and session pooling)"
}

# Galera: where the wsrep provider library lives (galera-4 puts it in /usr/lib/galera).
_sw_galera_provider() {
  local f
  for f in /usr/lib/galera/libgalera_smm.so /usr/lib/libgalera_smm.so /usr/lib/galera-4/libgalera_smm.so; do
    [[ -f "$f" ]] && { echo "$f"; return 0; }
  done
  return 1
}

# Runs SQL on Galera node N over its own socket, as root; prints the rows tab-separated.
_sw_galera_sql() {
  mariadb --no-defaults --socket="$SHIFTWAY_TEST_SERVERS_DIR/galera$1/run/my.sock" -u root -N -B -e "$2" 2>/dev/null
}

# Starts Galera node N in the background (1 bootstraps the cluster, 2 and 3 join it) on four free
# ports: the client port, the group communication port, IST and SST.
_sw_launch_galera_node() {
  local n=$1 mariadbd provider port gport iport sport
  local base="$SHIFTWAY_TEST_SERVERS_DIR/galera$n" log="$SHIFTWAY_TEST_SERVERS_DIR/galera$n.log"
  local owner=mysql
  [[ $(id -u) -ne 0 ]] && owner=$(id -un)
  mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  provider=$(_sw_galera_provider) || { _sw_log "no Galera provider (libgalera_smm.so): install galera-4"; return 1; }
  mkdir -p "$base/data" "$base/run"
  [[ $(id -u) -eq 0 ]] && chown "$owner" "$base" "$base/data" "$base/run"
  if ((n == 1)) && [[ ! -d "$base/data/mysql" ]]; then
    # Only the bootstrap node needs a data directory: the joiners receive node 1's by SST.
    if ! mariadb-install-db --no-defaults --user="$owner" --datadir="$base/data" --skip-test-db \
      --auth-root-authentication-method=socket >"$SHIFTWAY_TEST_SERVERS_DIR/galera-install-db.log" 2>&1; then
      _sw_fail "mariadb-install-db failed for Galera node 1" "$SHIFTWAY_TEST_SERVERS_DIR/galera-install-db.log"
      return 1
    fi
  fi
  while :; do
    port=$(_sw_free_port) && gport=$(_sw_free_port) && iport=$(_sw_free_port) && sport=$(_sw_free_port) ||
      { _sw_log "no free ports for Galera node $n"; return 1; }
    # Four draws may collide with each other; draw again then.
    [[ $(printf '%s\n' "$port" "$gport" "$iport" "$sport" | sort -u | wc -l) -eq 4 ]] && break
  done
  : >"$log"
  [[ $(id -u) -eq 0 ]] && chown "$owner" "$log"
  local cluster="gcomm://" bootstrap=()
  if ((n == 1)); then
    bootstrap=(--wsrep-new-cluster)
  else
    cluster="gcomm://$_sw_galera_gcomm"
  fi
  # A cluster name of our own: a node of someone else's test cluster can never join ours.
  "$mariadbd" --no-defaults --user="$owner" --datadir="$base/data" --socket="$base/run/my.sock" \
    --port="$port" --bind-address=127.0.0.1 --pid-file="$base/run/my.pid" --log-error="$log" \
    --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=32M \
    --max-connections=60 --binlog-format=ROW --default-storage-engine=InnoDB \
    --innodb-autoinc-lock-mode=2 --wsrep-on=ON --wsrep-provider="$provider" \
    --wsrep-cluster-name="$_sw_galera_name" --wsrep-cluster-address="$cluster" \
    --wsrep-node-name="node$n" --wsrep-node-address="127.0.0.1:$gport" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gport;ist.recv_addr=127.0.0.1:$iport;gcache.size=16M" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$sport" \
    "${bootstrap[@]}" </dev/null >>"$log" 2>&1 &
  _sw_galera_pids[n]=$!
  _sw_galera_ports[n]=$port
  _sw_galera_gports[n]=$gport
}

# Waits until Galera node N is Synced (the state in which it applies and serves writes). Returns 2
# when it exited because one of its ports was taken meanwhile, so the caller can try other ports.
_sw_wait_galera_node() {
  local n=$1 waited=0 state="" log="$SHIFTWAY_TEST_SERVERS_DIR/galera$1.log"
  until [[ "$state" == Synced ]]; do
    if ! kill -0 "${_sw_galera_pids[n]}" 2>/dev/null; then
      wait "${_sw_galera_pids[n]}" 2>/dev/null
      _sw_galera_pids[n]=
      if grep -q 'Address already in use\|Bind on TCP/IP port\|Failed to listen' "$log"; then
        _sw_log "Galera node $n lost a port to another process ($(grep -m1 'Address already in use\|Bind on TCP/IP port\|Failed to listen' "$log" | cut -c1-160)); trying other ports"
        return 2
      fi
      _sw_fail "Galera node $n exited while starting" "$log"
      return 1
    fi
    if ((waited >= _sw_timeout * 10)); then
      _sw_fail "Galera node $n was not Synced within ${_sw_timeout}s (state: ${state:-no answer})" "$log"
      return 1
    fi
    sleep 0.1
    ((waited++))
    # Over the node's own socket: the answer comes from our node, never from another server.
    state=$(_sw_galera_sql "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" | cut -f2)
  done
}

# Starts the nodes named in $@ together and waits for each; a node whose port was taken meanwhile
# gets new ones, up to five times.
_sw_start_galera_nodes() {
  local n rc attempt pending=("$@") again
  for attempt in 1 2 3 4 5; do
    for n in "${pending[@]}"; do _sw_launch_galera_node "$n" || return 1; done
    again=()
    for n in "${pending[@]}"; do
      _sw_wait_galera_node "$n"
      rc=$?
      ((rc == 2)) && again+=("$n")
      ((rc == 1)) && return 1
    done
    ((${#again[@]} == 0)) && return 0
    pending=("${again[@]}")
  done
  _sw_fail "Galera node ${pending[0]} could not bind free ports" "$SHIFTWAY_TEST_SERVERS_DIR/galera${pending[0]}.log"
}

# A 3-node MariaDB Galera cluster (galera-4) on loopback: node 1 bootstraps, nodes 2 and 3 join
# by rsync SST. Ready when every node reports wsrep_cluster_size = 3 and Synced.
_sw_start_galera() {
  local n size pw=$SHIFTWAY_TEST_PASSWORD started=$SECONDS
  _sw_galera_name="shiftway_test_$$_$RANDOM"
  _sw_start_galera_nodes 1 || return 1
  _sw_galera_gcomm="127.0.0.1:${_sw_galera_gports[1]}"
  # The joiners start together: one receives node 1's state while the other waits for a donor.
  _sw_start_galera_nodes 2 3 || return 1
  for n in 1 2 3; do
    size=$(_sw_galera_sql "$n" "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)
    [[ "$size" == 3 ]] ||
      { _sw_fail "Galera node $n sees a cluster of ${size:-?} nodes, not 3" "$SHIFTWAY_TEST_SERVERS_DIR/galera$n.log"; return 1; }
  done
  # Users and the database replicate to every node (DDL under total order isolation).
  if ! mariadb --no-defaults --socket="$SHIFTWAY_TEST_SERVERS_DIR/galera1/run/my.sock" -u root \
    >>"$SHIFTWAY_TEST_SERVERS_DIR/galera1.log" 2>&1 <<SQL; then
CREATE USER 'shiftway'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER 'shiftway'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON *.* TO 'shiftway'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL ON *.* TO 'shiftway'@'localhost' WITH GRANT OPTION;
CREATE DATABASE shiftway_test;
SQL
    _sw_fail "could not create the shiftway user and database on Galera" "$SHIFTWAY_TEST_SERVERS_DIR/galera1.log"
    return 1
  fi
  local urls=""
  for n in 1 2 3; do
    urls+="${urls:+,}mysql://shiftway:$pw@127.0.0.1:${_sw_galera_ports[n]}/shiftway_test"
  done
  export SHIFTWAY_TEST_GALERA_URLS=$urls
  _sw_log "MariaDB Galera cluster of 3 ($(_sw_galera_sql 1 "SHOW STATUS LIKE 'wsrep_provider_version'" | cut -f2)) on 127.0.0.1:${_sw_galera_ports[1]},${_sw_galera_ports[2]},${_sw_galera_ports[3]}, up in $((SECONDS - started))s"
}

# Stops the Galera nodes, joiners first, so that node 1 leaves last and cleanly.
_sw_stop_galera() {
  local n i
  for n in 3 2 1; do
    [[ -n "${_sw_galera_pids[n]:-}" ]] || continue
    kill "${_sw_galera_pids[n]}" 2>/dev/null
    for i in $(seq 1 120); do kill -0 "${_sw_galera_pids[n]}" 2>/dev/null || break; sleep 0.25; done
    kill -9 "${_sw_galera_pids[n]}" 2>/dev/null
    wait "${_sw_galera_pids[n]}" 2>/dev/null
    _sw_galera_pids[n]=
  done
  return 0
}

# Stops the servers this script started and removes their files; safe to call twice.
shiftway_test_servers_stop() {
  if [[ -n "$_sw_pgb_port" ]]; then
    local pgb_pid
    pgb_pid=$(cat "$SHIFTWAY_TEST_SERVERS_DIR/pgbouncer/pgbouncer.pid" 2>/dev/null)
    [[ -n "$pgb_pid" ]] && kill "$pgb_pid" 2>/dev/null
    _sw_pgb_port=
  fi
  if [[ -n "$_sw_pg_port" && -n "$_sw_pg_ctl" ]]; then
    _sw_as "$_sw_pg_owner" "$_sw_pg_ctl" -D "$SHIFTWAY_TEST_SERVERS_DIR/pg" -m immediate -w stop >/dev/null 2>&1
    _sw_pg_port=
  fi
  _sw_stop_galera
  if [[ -n "$_sw_my_pid" ]]; then
    kill "$_sw_my_pid" 2>/dev/null
    local i
    for i in $(seq 1 80); do kill -0 "$_sw_my_pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$_sw_my_pid" 2>/dev/null
    wait "$_sw_my_pid" 2>/dev/null
    _sw_my_pid=
  fi
  if [[ -n "$SHIFTWAY_TEST_SERVERS_DIR" && -d "$SHIFTWAY_TEST_SERVERS_DIR" ]]; then
    rm -rf "$SHIFTWAY_TEST_SERVERS_DIR"
  fi
  unset SHIFTWAY_TEST_SERVERS_DIR SHIFTWAY_TEST_POSTGRES_URL SHIFTWAY_TEST_MYSQL_URL
  unset SHIFTWAY_TEST_PGBOUNCER_TX_URL SHIFTWAY_TEST_PGBOUNCER_SESSION_URL SHIFTWAY_TEST_GALERA_URLS
  return 0
}

# Starts the servers named in SHIFTWAY_TEST_SERVERS and exports their URLs.
shiftway_test_servers_start() {
  _sw_which=${SHIFTWAY_TEST_SERVERS:-postgres,mysql,pgbouncer,galera}
  _sw_timeout=${SHIFTWAY_TEST_SERVER_TIMEOUT:-60}
  _sw_pg_port= _sw_my_port= _sw_my_pid= _sw_pg_ctl= _sw_pgb_port=
  _sw_galera_pids=() _sw_galera_ports=() _sw_galera_gports=()
  _sw_install_missing || return 1
  SHIFTWAY_TEST_SERVERS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/shiftway-servers.XXXXXX") || return 1
  export SHIFTWAY_TEST_SERVERS_DIR
  # The server users must reach their data directories through it (mktemp makes it 0700).
  chmod 755 "$SHIFTWAY_TEST_SERVERS_DIR"
  # Letters and digits only, so it needs no escaping in URLs or SQL.
  SHIFTWAY_TEST_PASSWORD=$(LC_ALL=C tr -dc 'a-zA-Z0-9' </dev/urandom | head -c 20)
  if [[ ",$_sw_which," == *,postgres,* ]]; then
    _sw_start_postgres || { shiftway_test_servers_stop; return 1; }
  fi
  if [[ ",$_sw_which," == *,pgbouncer,* ]]; then
    _sw_start_pgbouncer || { shiftway_test_servers_stop; return 1; }
  fi
  if [[ ",$_sw_which," == *,mysql,* ]]; then
    _sw_start_mariadb || { shiftway_test_servers_stop; return 1; }
  fi
  if [[ ",$_sw_which," == *,galera,* ]]; then
    _sw_start_galera || { shiftway_test_servers_stop; return 1; }
  fi
  unset SHIFTWAY_TEST_PASSWORD
  return 0
}

if ((_sw_sourced)); then
  shiftway_test_servers_start || return 1
  [[ -z "$(trap -p EXIT)" ]] && trap shiftway_test_servers_stop EXIT
  return 0
fi

if [[ "$1" != "--" || $# -lt 2 ]]; then
  echo "usage: $0 -- CMD [ARGS...]   (or: source $0)" >&2
  exit 2
fi
shift
trap shiftway_test_servers_stop EXIT
trap 'exit 130' INT TERM
shiftway_test_servers_start || exit 1
"$@"
exit $?
