#!/usr/bin/env bash
# Runs every side-by-side benchmark (Benchmarks/*/run.sh): gx (release build) and its peers on the same input,
# printing the ratio. Benchmark data: ../shared/bench/make-data.sh DATA_DIR (~5 GB, ~10 min), then
#   BENCH_DATA=DATA_DIR make bench        (default DATA_DIR: /work/bench-data/full)
# Select areas with ONLY=regex (e.g. ONLY='fastq|bam').
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_DATA=${BENCH_DATA:-/work/bench-data/full}
export GX=${GX:-$(swift build -c release --show-bin-path)/gxtool}
[ -d "$BENCH_DATA" ] || { echo "bench: BENCH_DATA=$BENCH_DATA is missing; run ../shared/bench/make-data.sh $BENCH_DATA" >&2; exit 1; }
for script in Benchmarks/*/run.sh; do
  area=$(basename "$(dirname "$script")")
  if [ -n "${ONLY:-}" ] && ! [[ $area =~ $ONLY ]]; then continue; fi
  echo "=== $area"
  bash "$script" || echo "bench: $area failed (exit $?)" >&2
done
