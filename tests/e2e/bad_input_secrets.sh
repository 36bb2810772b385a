#!/usr/bin/env bash
# No output of shiftway shows a password, in any form it is given and whatever goes wrong.
#
#   tests/e2e/bad_input_secrets.sh path/to/shiftway
#
# Runs the binary over every way to give a password (raw in a URL, also the raw p@ss:w/rd% that
# breaks URL syntax, percent-encoded, as a JDBC query parameter, --password, -password=,
# SHIFTWAY_PASSWORD, SHIFTWAY_URL, shiftway.toml and flyway.conf) times commands that fail in
# different places (usage errors, bad URLs, a refused connection, --verbose, JSON output, lint
# against the database), and greps every stdout and stderr for the password and for pieces of it.
# Prints each leak and exits 1 if there is one; prints the number of runs and exits 0 otherwise.
# No server is needed: 127.0.0.1:1 refuses connections.
set -uo pipefail
set -f  # the URLs hold ? and &, which must not be read as patterns

BIN=$(readlink -f "${1:?usage: bad_input_secrets.sh path/to/shiftway}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 2
mkdir -p sql
printf 'CREATE TABLE a (id integer);\n' >sql/V1__init.sql
printf 'DROP TABLE a;\n' >sql/U1__init.sql

RAW='p@ss:w/rd%'
ENCODED='p%40ss%3Aw%2Frd%25'
PLAIN='Sup3rSecretPw'
# What must never appear: the passwords, their encoded form, and pieces a partial redaction
# would leave.
NEEDLES=("$RAW" "$ENCODED" "$PLAIN" 'p@ss' 'ss:w' 'w/rd' 'rd%' 'p%40ss' 'Sup3rSecret' '3rSecretPw')

# Each form: a label, then the arguments (placed before the command), then an environment
# assignment or "-" for none, separated by '|'. PW stands for the password.
FORMS=(
  'url-raw|--url postgresql://admin:PW@127.0.0.1:1/app|-'
  'url-raw-mysql|--url mysql://admin:PW@127.0.0.1:1/app|-'
  'url-raw-jdbc|--url jdbc:postgresql://admin:PW@127.0.0.1:1/app|-'
  'url-query|--url jdbc:postgresql://127.0.0.1:1/app?user=admin&password=PW|-'
  'url-query-mysql|--url jdbc:mysql://127.0.0.1:1/app?user=admin&password=PW|-'
  'flag|--url postgresql://admin@127.0.0.1:1/app --password PW|-'
  'flag-equals|--url postgresql://admin@127.0.0.1:1/app --password=PW|-'
  'flyway-flag|-url=postgresql://admin@127.0.0.1:1/app -password=PW|-'
  'env-password|--url postgresql://admin@127.0.0.1:1/app|SHIFTWAY_PASSWORD=PW'
  'env-url||SHIFTWAY_URL=postgresql://admin:PW@127.0.0.1:1/app'
  'env-url-mysql||SHIFTWAY_URL=mysql://admin:PW@127.0.0.1:1/app'
  'toml||CONFIG=toml'
  'conf||CONFIG=conf'
)
COMMANDS=(
  'info'
  'migrate'
  'validate'
  'baseline'
  'repair'
  'undo'
  '-cleanDisabled=false clean'
  '--verbose info'
  '--verbose migrate'
  '--output json migrate'
  '--output json info'
  'lint --against-db'
  'info extra'
  '--bogus info'
  'migrat'
  'migrate --target'
  'info --url'
)

runs=0
leaks=0
for password in "$RAW" "$ENCODED" "$PLAIN"; do
  for form in "${FORMS[@]}"; do
    IFS='|' read -r label args env <<<"$form"
    args=${args//PW/$password}
    env=${env//PW/$password}
    rm -f shiftway.toml flyway.conf
    envs=()
    case $env in
      -) ;;
      CONFIG=toml)
        printf '[flyway]\nurl = "postgresql://admin@127.0.0.1:1/app"\npassword = "%s"\n' "$password" >shiftway.toml ;;
      CONFIG=conf)
        printf 'flyway.url=postgresql://admin@127.0.0.1:1/app\nflyway.password=%s\n' "$password" >flyway.conf ;;
      *) envs=("$env") ;;
    esac
    for cmd in "${COMMANDS[@]}"; do
      # Word splitting on purpose: the forms and commands hold no spaces inside an argument.
      # shellcheck disable=SC2086
      env -u SHIFTWAY_URL -u SHIFTWAY_PASSWORD -u SHIFTWAY_USER "${envs[@]}" \
        timeout 60 "$BIN" $args $cmd >out.txt 2>err.txt </dev/null
      rc=$?
      runs=$((runs + 1))
      if ((rc == 124)); then
        echo "TIMEOUT [$label, password $password] shiftway $args $cmd"
        leaks=$((leaks + 1))
      fi
      for needle in "${NEEDLES[@]}"; do
        # The encoded form of the raw password is a different string; it must not show either.
        if grep -qF -- "$needle" out.txt err.txt; then
          echo "LEAK of '$needle' [$label, password $password, exit $rc] shiftway $args $cmd"
          grep -F -- "$needle" out.txt err.txt | head -3 | sed 's/^/    /'
          leaks=$((leaks + 1))
          break
        fi
      done
    done
  done
done
echo "$runs runs, $leaks with a password in the output"
((leaks == 0))
