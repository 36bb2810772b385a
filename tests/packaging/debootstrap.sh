#!/usr/bin/env bash
# What the container image runs, without a container engine: a fresh Debian 12 root made with
# debootstrap gets the built .deb through packaging/docker/install-runtime.sh (the image's own
# runtime step), then runs migrate, info and lint on the examples as the image's non-root user,
# reading a flyway.toml in /flyway and FLYWAY_* variables as Flyway's image does. A missing
# runtime dependency in the package shows up here as a loader or apt error.
#
# The fresh root is cached as a tarball in CACHE_DIR between local runs (CI starts without one);
# each run unpacks it anew, so the package is always installed into an untouched root.
# Usage: debootstrap.sh DEB_DIR SOURCE_DIR CACHE_DIR
set -euo pipefail
deb=$(ls "$1"/shiftway_*.deb)
src=$2
cache=$3
if [[ $(id -u) -ne 0 ]]; then
  echo "debootstrap.sh: error: needs root (debootstrap and chroot)" >&2
  exit 1
fi
# The mirror this machine's apt uses for bookworm, so the root comes from the same registry.
mirror=$(awk '/^URIs:/ {u=$2} /^Suites:.*bookworm( |$)/ && u {print u; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
if [[ -z "$mirror" ]]; then
  mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi
if [[ -z "$mirror" ]]; then
  echo "debootstrap.sh: error: no bookworm mirror in /etc/apt/sources.list{,.d}" >&2
  exit 1
fi

root=$(mktemp -d /var/tmp/shiftway-root.XXXXXX)
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
mkdir -p "$cache"
tarball="$cache/bookworm-minbase.tar"
if [[ ! -f "$tarball" ]]; then
  echo "debootstrap: making a fresh bookworm root from $mirror (cached in $tarball)"
  start=$SECONDS
  if ! timeout 1200 debootstrap --variant=minbase bookworm "$root" "$mirror" > "$cache/debootstrap.log" 2>&1; then
    tail -20 "$cache/debootstrap.log" >&2
    echo "debootstrap.sh: error: debootstrap failed; its log is $cache/debootstrap.log" >&2
    exit 1
  fi
  tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  echo "debootstrap: root made in $((SECONDS - start)) s"
else
  tar -C "$root" -xf "$tarball"
fi

chmod 755 "$root"  # it becomes /, which user 10001 must traverse (tar restores the mode of .)
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/shiftway.deb"
cp "$src/packaging/docker/install-runtime.sh" "$root/tmp/install-runtime.sh"
start=$SECONDS
if ! timeout 900 chroot "$root" sh /tmp/install-runtime.sh /tmp/shiftway.deb > "$root/tmp/install.log" 2>&1; then
  tail -30 "$root/tmp/install.log" >&2
  echo "debootstrap.sh: error: installing the .deb into the fresh root failed" >&2
  exit 1
fi
echo "debootstrap: installed the .deb and its dependencies in $((SECONDS - start)) s"
if chroot "$root" ldd /usr/bin/shiftway | grep 'not found'; then
  echo "debootstrap.sh: error: the package does not declare every library it needs" >&2
  exit 1
fi

# The image's layout: /flyway with sql/ and a flyway.toml, run as uid 10001.
cp -r "$src/migrations-examples/expand-contract/sql/." "$root/flyway/sql/"
cp -r "$src/migrations-examples/breaking/sql" "$root/flyway/breaking"
cat > "$root/flyway/flyway.toml" <<'TOML'
[environments.default]
url = "sqlite:/flyway/shiftway.db"
TOML
chroot "$root" chown -R shiftway:shiftway /flyway
run() {  # run EXPECTED_EXIT ARGS...: shiftway in the root as the image runs it
  local want=$1
  shift
  local got=0
  chroot --userspec=10001:10001 "$root" env -i HOME=/flyway PATH=/usr/bin:/bin CI=true "$@" \
    sh -c 'cd /flyway && exec shiftway "$@"' shiftway "${SHIFTWAY_ARGS[@]}" > "$root/tmp/out" 2>&1 || got=$?
  if [[ $got -ne $want ]]; then
    cat "$root/tmp/out" >&2
    echo "debootstrap.sh: shiftway ${SHIFTWAY_ARGS[*]} exited $got, expected $want" >&2
    exit 1
  fi
}
SHIFTWAY_ARGS=(migrate)
run 0
grep -q 'now at version v4' "$root/tmp/out"
SHIFTWAY_ARGS=(info)
run 0
grep -q 'Schema version: 4' "$root/tmp/out"
# FLYWAY_* variables as in Flyway's image: the breaking example's locations, linted.
SHIFTWAY_ARGS=(lint --dialect sqlite --since 1)
run 1 FLYWAY_LOCATIONS=filesystem:breaking
grep -q 'rename-column' "$root/tmp/out"
SHIFTWAY_ARGS=(lint --dialect sqlite --since 3)
run 0
SHIFTWAY_ARGS=(explain rename-column)
run 0
echo "debootstrap: migrate, info and lint ran in a fresh Debian 12 root as uid 10001"
