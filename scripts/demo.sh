#!/usr/bin/env bash
# The main job on the bundled fixtures. Each capability adds a numbered step in scripts/demo.d/
# (run in order with GX = the release gxtool, OUT = the output folder, ROOT = the package root).
set -euo pipefail
cd "$(dirname "$0")/.."
export ROOT=$PWD
export GX=$(swift build -c release --show-bin-path)/gxtool
export OUT=${OUT:-$ROOT/demo-out}
mkdir -p "$OUT"
echo "== gx demo: outputs in $OUT/"
shopt -s nullglob
for step in scripts/demo.d/*.sh; do
  echo; echo "== $(basename "$step")"
  bash "$step"
done
echo; echo "== gx demo finished: see $OUT/"
