#!/usr/bin/env bash
# Builds the .deb from the build tree into OUT_DIR (what `cmake --build build --target package`
# makes), for the packaging tests. Usage: build-deb.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" > "$out/cpack.log" 2>&1 || {
  cat "$out/cpack.log" >&2
  exit 1
}
ls "$out"/shiftway_*.deb
