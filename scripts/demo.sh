#!/usr/bin/env bash
# The main job on the bundled fixtures: generated FASTQ -> fastq stats.
# Each capability adds its step here (screening plate, NIPT, records import).
set -euo pipefail
cd "$(dirname "$0")/.."
GX=$(swift build -c release --show-bin-path)/gxtool
OUT=${OUT:-demo-out}
mkdir -p "$OUT"
echo "== gx demo: outputs in $OUT/"
"$GX" --help | head -20
