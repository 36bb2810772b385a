#!/usr/bin/env bash
# lintian on the .deb: no error and no warning, and none of the hardening tags. The info-level
# tags lintian still prints are listed with the reason they stay:
# - binary-has-unneeded-section .comment: CPack strips with plain `strip`, which keeps the
#   compiler's version note (dh_strip would remove it); it costs a few hundred bytes, no behaviour.
# - spelling-error-in-binary: words inside strings of the linked libraries (libpg_query's parser
#   tables), not text of ours.
# The binary is also checked directly for what the hardening flags promise: PIE, full RELRO,
# FORTIFY_SOURCE's checked functions and the stack protector.
# Usage: lintian.sh DEB_DIR
set -euo pipefail
deb=$(ls "$1"/shiftway_*.deb)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

status=0
lintian --info --display-info --pedantic --fail-on error,warning "$deb" > "$out/lintian.txt" 2>&1 || status=$?
grep -E '^[EWIPX]: ' "$out/lintian.txt" || true
if [[ $status -ne 0 ]]; then
  echo "lintian.sh: lintian reports errors or warnings (exit $status)" >&2
  exit 1
fi
if grep -E '^[EW]: |hardening-' "$out/lintian.txt"; then
  echo "lintian.sh: errors, warnings or hardening tags remain" >&2
  exit 1
fi
unexpected=$(grep -E '^[IP]: ' "$out/lintian.txt" | grep -v -E 'binary-has-unneeded-section|spelling-error-in-binary' || true)
if [[ -n "$unexpected" ]]; then
  echo "lintian.sh: tags without a reason in this script's header:" >&2
  echo "$unexpected" >&2
  exit 1
fi

dpkg-deb -x "$deb" "$out/root"
bin="$out/root/usr/bin/shiftway"
# Into files first: `readelf | grep -q` would die of SIGPIPE under pipefail.
readelf -h "$bin" > "$out/header"
readelf -l "$bin" > "$out/segments"
readelf -d "$bin" > "$out/dynamic"
readelf --dyn-syms -W "$bin" > "$out/symbols"
grep -q 'Type:.*DYN' "$out/header" || { echo "lintian.sh: not a PIE" >&2; exit 1; }
grep -q GNU_RELRO "$out/segments" || { echo "lintian.sh: no RELRO" >&2; exit 1; }
grep -q -E 'BIND_NOW|FLAGS.*NOW' "$out/dynamic" || { echo "lintian.sh: no BIND_NOW (partial RELRO)" >&2; exit 1; }
grep -q '__stack_chk_fail' "$out/symbols" || { echo "lintian.sh: no stack protector" >&2; exit 1; }
grep -q -E '__[a-z0-9_]+_chk@' "$out/symbols" || { echo "lintian.sh: no FORTIFY_SOURCE functions" >&2; exit 1; }
for f in usr/share/doc/shiftway/copyright usr/share/doc/shiftway/changelog.gz usr/share/man/man1/shiftway.1.gz \
  usr/share/bash-completion/completions/shiftway usr/share/zsh/vendor-completions/_shiftway \
  usr/share/fish/vendor_completions.d/shiftway.fish; do
  [[ -f "$out/root/$f" ]] || { echo "lintian.sh: the package has no /$f" >&2; exit 1; }
done
echo "lintian: 0 errors, 0 warnings; PIE, full RELRO, FORTIFY and stack protector present"
