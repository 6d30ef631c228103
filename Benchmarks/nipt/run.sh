#!/usr/bin/env bash
# NIPT benchmark: bin counting (`gxtool nipt count`) against `samtools view -c -q 10 -F 0xF04` on the same
# simulated cfDNA BAM with the same threads, then the per-sample time of `gxtool nipt test`, then WisecondorX if
# it can be installed. Env: GX (release gxtool), BENCH_DATA (the simulated BAM is cached in $BENCH_DATA/nipt),
# THREADS (total threads per tool, default 2: gx --threads 2 = samtools -@ 1), READS (default 10,000,000).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GX=${GX:-$ROOT/.build/release/gxtool}
D=${NIPT_BENCH_DIR:-${BENCH_DATA:-/work/bench-data/full}/nipt}
THREADS=${THREADS:-2}
READS=${READS:-10000000}
SIM="python3 $ROOT/Fixtures/nipt/simulate.py"
mkdir -p "$D"
[ -f "$D/genome/genome.fa" ] || $SIM genome --out "$D/genome" --scale 0.01 --bin-size 50000 --bin-size 10000 >/dev/null
BAM=$D/sample-$READS.bam
if [ ! -f "$BAM.bai" ]; then
  echo "simulating a $READS-read single-end cfDNA BAM (once; cached in $D)" >&2
  $SIM bam --genome "$D/genome" --out "$BAM" --name bench --sex male --ff 0.1 --reads "$READS" --seed 77
fi
ls -l "$BAM" | awk '{printf "BAM: %s (%.0f MB)\n", $NF, $5/1e6}'
cat "$BAM" > /dev/null
S=$(samtools view -c -q 10 -F 0xF04 -@ $((THREADS - 1)) "$BAM")
G=$("$GX" nipt count --threads "$THREADS" --bin-size 50000 --out "$D/out" "$BAM" | cut -f3 | cut -d' ' -f1)
echo "reads counted: samtools $S, gx $G $([ "$S" = "$G" ] && echo '(equal)' || echo '(DIFFERENT)')"

time_of() {  # median wall seconds of 5 runs after a warm-up
  "$@" >/dev/null
  for i in 1 2 3 4 5; do
    local t0=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $t0" | bc
  done | sort -n | sed -n 3p
}
for T in 1 "$THREADS"; do
  TS=$(time_of samtools view -c -q 10 -F 0xF04 -@ $((T - 1)) "$BAM")
  TG=$(time_of "$GX" nipt count --threads "$T" --bin-size 50000 --out "$D/out" "$BAM")
  printf 'bin counting, %s thread(s): samtools view -c -q 10 -F 0xF04 -@ %s %.2f s, gx nipt count --threads %s %.2f s, gx/samtools = %.2f\n' \
    "$T" $((T - 1)) "$TS" "$T" "$TG" "$(echo "$TG / $TS" | bc -l)"
  [ "$T" = "$THREADS" ] && break
done
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"

# Per-sample test time: a reference set from 30 simulated euploid profiles (10 kb bins, as the cohort), then
# `nipt test` on the BAM (counting included).
if [ ! -f "$D/ref.gxnipt" ]; then
  : > "$D/refs.spec"
  for i in $(seq 1 30); do sex=female; [ $((i % 2)) -eq 0 ] && sex=male; echo "ref$i euploid $sex 0.1 $READS $((900 + i))" >> "$D/refs.spec"; done
  $SIM cohort --genome "$D/genome" --spec "$D/refs.spec" --outdir "$D/refs" --bin-size 50000
  "$GX" nipt reference --gc-table "$D/genome/gc-50000.tsv" --threads "$THREADS" -o "$D/ref.gxnipt" "$D"/refs/*.gxbins >/dev/null
fi
TT=$(time_of "$GX" nipt test --panel "$D/ref.gxnipt" --out "$D/test" --threads "$THREADS" "$BAM")
printf 'gx nipt test, one %s-read BAM (count + normalize + call + reports): %.2f s\n' "$READS" "$TT"
grep -v '^sample' "$D/test/results.tsv" | cut -f1-9

if command -v WisecondorX >/dev/null 2>&1 || pip install -q wisecondorx >/dev/null 2>&1; then
  echo "WisecondorX: installed; run convert + predict (not scripted yet)"
else
  echo "WisecondorX: not installable here (pip install wisecondorx: no matching distribution from the configured index); no comparison"
fi
