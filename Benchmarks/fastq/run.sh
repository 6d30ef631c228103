#!/usr/bin/env bash
# FASTQ reading speed, gx against its peers on the same files in one run (issue 2's targets):
#   plain  reads_1.fastq           gx fastq count  vs  wc -l, dnaio (the fastest peer in ANCHORS.md), seqkit stats
#   gzip   reads_1.fastq.gz        gx fastq count  vs  igzip -dc and libdeflate-gunzip -c to /dev/null (decompression alone)
#   BGZF   reads_1.bgzf.fastq.gz   gx fastq count --threads 2  vs  bgzip -d -@2 -c to /dev/null
# and `gx fastq stats` (GC, N, Q20, Q30 as well) on each. Then it checks that gx's counts equal seqkit's
# (`seqkit stats -a -T`: records, bases, GC, Q20, Q30) in all three compressions (CHECK=0 skips that).
# Env: BENCH_DATA (../shared/bench/make-data.sh output), GX (release gxtool), RUNS (default 3).
# Prints a table of medians and the ratios the issue asks for. Timings are wall-clock medians from hyperfine.
set -euo pipefail
BENCH_DATA=${BENCH_DATA:-/work/bench-data/full}
GX=${GX:-$(cd "$(dirname "$0")/../.." && swift build -c release --show-bin-path)/gxtool}
RUNS=${RUNS:-3}
PLAIN=$BENCH_DATA/reads_1.fastq
GZ=$BENCH_DATA/reads_1.fastq.gz
BGZF=$BENCH_DATA/reads_1.bgzf.fastq.gz
for f in "$PLAIN" "$GZ" "$BGZF"; do [ -s "$f" ] || { echo "fastq bench: $f is missing (run ../shared/bench/make-data.sh)" >&2; exit 1; }; done
[ -x "$GX" ] || { echo "fastq bench: GX=$GX is not executable (swift build -c release)" >&2; exit 1; }
for tool in hyperfine python3 seqkit bgzip libdeflate-gunzip; do
  command -v "$tool" >/dev/null || { echo "fastq bench: $tool is missing (make setup)" >&2; exit 1; }
done
COUNT_PY=$(cd "$(dirname "$0")" && pwd)/count_dnaio.py
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

echo "fastq bench: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), GX=$GX"
# Page cache: read every input once.
cat "$PLAIN" "$GZ" "$BGZF" > /dev/null

run() {  # run NAME COMMAND: hyperfine median (s) into $SCRATCH/NAME
  local name=$1; shift
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$SCRATCH/$name.json" "$@" >/dev/null 2>&1 \
    || { echo "fastq bench: '$*' failed" >&2; echo nan > "$SCRATCH/$name"; return; }
  python3 -c "import json,sys; r = json.load(open(sys.argv[1]))['results'][0]; print(r['median']); print(r['user'] + r['system'])" \
    "$SCRATCH/$name.json" > "$SCRATCH/$name"
}

run wc_plain "wc -l $PLAIN"
if python3 -c "import dnaio" 2>/dev/null; then
  run dnaio_plain "python3 $COUNT_PY $PLAIN"
  run dnaio_gz "python3 $COUNT_PY $GZ"
else
  echo "fastq bench: python dnaio is missing (pip install dnaio; make setup installs it): no dnaio rows" >&2
  echo nan > "$SCRATCH/dnaio_plain"; echo nan > "$SCRATCH/dnaio_gz"
fi
run seqkit_plain "seqkit stats -j 2 $PLAIN"
run gx_count_plain "$GX fastq count $PLAIN"
run gx_stats_plain "$GX fastq stats $PLAIN"
if command -v igzip >/dev/null; then run igzip_gz "igzip -dc $GZ"; else echo nan > "$SCRATCH/igzip_gz"; echo "fastq bench: igzip is missing (apt install isal)" >&2; fi
run libdeflate_gz "libdeflate-gunzip -c $GZ"
run gx_count_gz "$GX fastq count $GZ"
run gx_stats_gz "$GX fastq stats $GZ"
run bgzip_bgzf "bgzip -d -@2 -c $BGZF"
run gx_count_bgzf "$GX fastq count --threads 2 $BGZF"
run gx_stats_bgzf "$GX fastq stats --threads 2 $BGZF"

python3 - "$SCRATCH" "$(stat -c %s "$PLAIN")" <<'PY'
import math, sys
d, size = sys.argv[1], int(sys.argv[2])
t, cpu = {}, {}
import os
for name in os.listdir(d):
    if not name.endswith(".json") and "." not in name:
        values = open(os.path.join(d, name)).read().split()
        t[name] = float(values[0])
        cpu[name] = float(values[1]) if len(values) > 1 else math.nan
rows = [("plain", "wc -l", "wc_plain"), ("plain", "dnaio (python loop)", "dnaio_plain"), ("plain", "seqkit stats -j 2", "seqkit_plain"),
        ("plain", "gx fastq count", "gx_count_plain"), ("plain", "gx fastq stats", "gx_stats_plain"),
        ("gzip", "igzip -dc >/dev/null", "igzip_gz"), ("gzip", "libdeflate-gunzip -c >/dev/null", "libdeflate_gz"),
        ("gzip", "dnaio (python loop)", "dnaio_gz"), ("gzip", "gx fastq count", "gx_count_gz"), ("gzip", "gx fastq stats", "gx_stats_gz"),
        ("bgzf", "bgzip -d -@2 -c >/dev/null", "bgzip_bgzf"), ("bgzf", "gx fastq count --threads 2", "gx_count_bgzf"),
        ("bgzf", "gx fastq stats --threads 2", "gx_stats_bgzf")]
print(f"{'input':6} {'command':34} {'median s':>9} {'CPU s':>7} {'MB/s':>7}")
for inp, label, key in rows:
    s = t.get(key, math.nan)
    print(f"{inp:6} {label:34} {s:9.3f} {cpu.get(key, math.nan):7.2f} {size / s / 1e6 if s == s and s > 0 else math.nan:7.0f}")
def ratio(a, b): return t.get(a, math.nan) / t.get(b, math.nan)
fastest_raw = min(x for x in (t.get("igzip_gz", math.nan), t.get("libdeflate_gz", math.nan)) if x == x)
print()
print("targets (issue 2):")
print(f"  plain: dnaio time / gx count time         = {ratio('dnaio_plain', 'gx_count_plain'):5.2f}x   (target >= 2;  ANCHORS dnaio 2.787 s -> {2.787 / t['gx_count_plain']:.2f}x)")
print(f"  plain: gx count time / wc -l time         = {ratio('gx_count_plain', 'wc_plain'):5.2f}x   (target <= 2)")
print(f"  gzip:  gx count time / fastest raw inflate = {t['gx_count_gz'] / fastest_raw:5.2f}x   (target <= 1.1)")
print(f"  bgzf:  gx count time / bgzip -d -@2 time   = {ratio('gx_count_bgzf', 'bgzip_bgzf'):5.2f}x   (target <= 1.0)")
print(f"  stats/count overhead: plain {ratio('gx_stats_plain', 'gx_count_plain'):.2f}x, gzip {ratio('gx_stats_gz', 'gx_count_gz'):.2f}x, bgzf {ratio('gx_stats_bgzf', 'gx_count_bgzf'):.2f}x")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${CHECK:-1}" = 1 ]; then
  echo
  echo "agreement with seqkit stats -a -T (records, bases, min/max length, GC %, Q20 %, Q30 %):"
  "$GX" fastq stats --json --threads 2 "$PLAIN" "$GZ" "$BGZF" > "$SCRATCH/gx.json"
  seqkit stats -a -T -j 2 "$PLAIN" "$GZ" "$BGZF" > "$SCRATCH/seqkit.tsv"
  python3 - "$SCRATCH/gx.json" "$SCRATCH/seqkit.tsv" <<'PY'
import json, sys
gx = json.load(open(sys.argv[1]))
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
head, rows = lines[0], [dict(zip(lines[0], l)) for l in lines[1:]]
ok = True
for g, s in zip(gx, rows):
    checks = [("records", g["records"], int(s["num_seqs"])), ("bases", g["bases"], int(s["sum_len"])),
              ("min", g["min_length"], int(s["min_len"])), ("max", g["max_length"], int(s["max_len"])),
              ("GC%", round(g["gc_fraction"] * 100, 2), float(s["GC(%)"])), ("Q20%", round(g["q20_fraction"] * 100, 2), float(s["Q20(%)"])),
              ("Q30%", round(g["q30_fraction"] * 100, 2), float(s["Q30(%)"]))]
    bad = [c for c in checks if abs(c[1] - c[2]) > 0.0050001]
    ok &= not bad
    print(f"  {g['compression']:5} " + ", ".join(f"{n} {a}" for n, a, _ in checks) + ("  = seqkit" if not bad else f"  DIFFERS: {bad}"))
sys.exit(0 if ok else 1)
PY
fi
