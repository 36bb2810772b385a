#!/usr/bin/env bash
# TLS as asked, on real servers: a URL that requires TLS refuses a server without it (exit 3, and
# nothing is migrated), connects to one with it, and PostgreSQL's sslmode=verify-full checks the
# host name against the certificate.
#
#   tests/tls/tls_test.sh SHIFTWAY_BINARY
#
# The servers without TLS are the suite's own (SHIFTWAY_TEST_POSTGRES_URL, SHIFTWAY_TEST_MYSQL_URL,
# from scripts/test-servers.sh). The servers with TLS are started here by the same script, with a
# throwaway CA and a certificate for "localhost" made with openssl.
set -euo pipefail
shiftway=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${SHIFTWAY_TEST_POSTGRES_URL:?is not set: run the tests under scripts/test-servers.sh -- ctest --test-dir build}"
: "${SHIFTWAY_TEST_MYSQL_URL:?is not set: run the tests under scripts/test-servers.sh -- ctest --test-dir build}"
plain_pg=$SHIFTWAY_TEST_POSTGRES_URL
plain_my=$SHIFTWAY_TEST_MYSQL_URL

work=$(mktemp -d "${TMPDIR:-/tmp}/shiftway-tls.XXXXXX")
chmod 755 "$work"
failures=0
cleanup() {
  # The stop function's own `wait` reports the killed server's status: not this script's.
  local rc=$?
  set +e
  if declare -F shiftway_test_servers_stop >/dev/null; then shiftway_test_servers_stop; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# A CA, and a server certificate for localhost only (not 127.0.0.1), signed by it.
certs="$work/certs"
mkdir -p "$certs"
(
  cd "$certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=shiftway test CA" -keyout ca.key -out ca.crt
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
  printf 'subjectAltName=DNS:localhost\n' >san.ext
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out server.crt
) >"$work/openssl.log" 2>&1 || { cat "$work/openssl.log" >&2; echo "FAIL: could not make the test certificates" >&2; exit 1; }
chmod 644 "$certs"/*

SHIFTWAY_TEST_TLS_DIR=$certs source "$root/scripts/test-servers.sh"
tls_pg=$SHIFTWAY_TEST_POSTGRES_URL
tls_my=$SHIFTWAY_TEST_MYSQL_URL
secrets=("${plain_pg#*://*:}" "${plain_my#*://*:}" "${tls_pg#*://*:}" "${tls_my#*://*:}")

mkdir -p "$work/project/sql"
printf 'CREATE TABLE tls_probe (id integer);\n' >"$work/project/sql/V1__probe.sql"
schema="sw_tls_$$"

# check NAME EXPECTED_EXIT TEXT_IN_OUTPUT URL [shiftway args...]
check() {
  local name=$1 want=$2 text=$3 url=$4
  shift 4
  local out got=0
  out=$(cd "$work/project" && "$shiftway" --url "$url" --schemas "$schema" "$@" 2>&1) || got=$?
  local ok=1
  [[ $got -eq $want ]] || ok=0
  [[ -z "$text" || "$out" == *"$text"* ]] || ok=0
  local s
  for s in "${secrets[@]}"; do
    s=${s%%@*}
    [[ -n "$s" && "$out" == *"$s"* ]] && { ok=0; echo "  the output shows a password" >&2; }
  done
  if ((ok)); then
    echo "ok: $name"
  else
    echo "FAIL: $name: exit $got (want $want), output should contain: $text" >&2
    printf '%s\n' "$out" | sed 's/^/    /' >&2
    failures=$((failures + 1))
  fi
}

# The history table is still missing: the refused migrate changed nothing.
unchanged() {
  local name=$1 url=$2 out
  out=$(cd "$work/project" && "$shiftway" --url "$url" --schemas "$schema" --output json info 2>&1) || true
  if [[ "$out" == *'"state": "Pending"'* && "$out" != *'"state": "Success"'* ]]; then
    echo "ok: $name"
  else
    echo "FAIL: $name: V1 is not pending after the refusal" >&2
    printf '%s\n' "$out" | sed 's/^/    /' >&2
    failures=$((failures + 1))
  fi
}

with() { [[ $1 == *\?* ]] && echo "$1&$2" || echo "$1?$2"; }

# PostgreSQL without TLS: every way of asking for it is refused.
check "postgres sslmode=require, server without TLS" 3 "server does not support SSL, but SSL was required" \
  "$(with "$plain_pg" sslmode=require)" migrate
check "postgres sslMode=require (JDBC spelling), server without TLS" 3 "server does not support SSL, but SSL was required" \
  "$(with "$plain_pg" sslMode=require)" migrate
check "postgres ssl=true, server without TLS" 3 "server does not support SSL, but SSL was required" \
  "$(with "$plain_pg" ssl=true)" migrate
unchanged "postgres without TLS is unchanged" "$plain_pg"

# PostgreSQL with TLS: require connects; verify-full checks the name in the certificate.
check "postgres sslmode=require, server with TLS" 0 "" "$(with "$tls_pg" sslmode=require)" info
check "postgres verify-full, certificate for another host" 3 'does not match host name "127.0.0.1"' \
  "$(with "$tls_pg" "sslmode=verify-full&sslrootcert=$certs/ca.crt")" migrate
unchanged "postgres with TLS is unchanged" "$tls_pg"
check "postgres verify-full, the certificate's own host" 0 "" \
  "$(with "${tls_pg/127.0.0.1/localhost}" "sslmode=verify-full&sslrootcert=$certs/ca.crt")" info

# MariaDB without TLS: sslMode=REQUIRED, useSSL=true and requireSSL=true are refused.
for ask in sslMode=REQUIRED useSSL=true requireSSL=true; do
  check "mysql $ask, server without TLS" 3 "$ask asks for TLS, but the server did not encrypt the connection" \
    "$(with "$plain_my" "$ask")" migrate
done
# With verification on, libmariadb refuses by itself.
check "mysql sslMode=VERIFY_CA, server without TLS" 3 "SSL is required, but the server does not support it" \
  "$(with "$plain_my" sslMode=VERIFY_CA)" migrate
unchanged "mysql without TLS is unchanged" "$plain_my"

# MariaDB with TLS: the same settings connect.
for ask in sslMode=REQUIRED useSSL=true requireSSL=true; do
  check "mysql $ask, server with TLS" 0 "" "$(with "$tls_my" "$ask")" info
done

if ((failures > 0)); then
  echo "$failures TLS check(s) failed" >&2
  exit 1
fi
echo "all TLS checks passed"
