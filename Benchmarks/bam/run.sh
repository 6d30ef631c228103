#!/usr/bin/env bash
# BAM benchmark: gx (release gxtool) beside samtools/bcftools on the benchmark BAM, same input, one run.
#   1. iterate all records reading flag/pos/MAPQ/CIGAR: `gxtool bam count`  vs `samtools view -c`   (1 thread)
#   2. the same with one extra decompression thread: `--threads 2`       vs `samtools view -c -@1`
#   3. flag statistics: `gxtool bam stats --threads 2` vs `samtools flagstat -@1` (and the text must be identical)
#   4. 20 panel-sized region queries (500 bp around the 24 planted sites' first 20): `gxtool bam count BAM R…`
#      vs `samtools view -c -M BAM R…`; and `gxtool bam depth --sites` vs `samtools depth -a -b`
#   5. agreement at 100 random positions: depth vs `samtools depth -a -s -q 13`, base counts vs
#      `bcftools mpileup -B -A -Q 13 -a AD` (printed as N/100 equal)
# Env: BENCH_DATA (default /work/bench-data/full), GX (release gxtool), RUNS (default 5).
# Prints wall-clock medians and CPU time (user+sys): on a shared machine the CPU ratio is the steadier figure.
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH_DATA=${BENCH_DATA:-/work/bench-data/full}
GX=${GX:-$(swift build -c release --show-bin-path)/gxtool}
RUNS=${RUNS:-5}
BAM=$BENCH_DATA/sim.bam; REF=$BENCH_DATA/ref.fa
for f in "$BAM" "$BAM.bai" "$REF" "$BENCH_DATA/sites.bed"; do [ -f "$f" ] || { echo "bam bench: missing $f (run ../shared/bench/make-data.sh)" >&2; exit 1; }; done
for t in samtools bcftools hyperfine python3; do command -v $t >/dev/null || { echo "bam bench: $t is not installed (make setup)" >&2; exit 1; }; done
[ -x "$GX" ] || { echo "bam bench: GX=$GX is not executable (swift build -c release)" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/gx-bam-bench.XXXXXX"); trap 'rm -rf "$W"' EXIT
cat "$BAM" > /dev/null   # page cache

# 20 regions of 500 bp centred on the first 20 planted sites (BED is 0-based).
head -20 "$BENCH_DATA/sites.bed" | awk 'BEGIN{OFS="\t"} {s=$2-250; if (s<0) s=0; print $1, s, s+500}' > "$W/regions.bed"
REGIONS=$(awk '{printf "%s:%d-%d ", $1, $2+1, $3}' "$W/regions.bed")

# 100 random positions (seeded) as 1-bp BED intervals, sorted.
python3 - "$REF.fai" > "$W/positions.bed" <<'PY'
import random, sys
rng = random.Random(100)
contigs = [(l.split("\t")[0], int(l.split("\t")[1])) for l in open(sys.argv[1])]
total = sum(L for _, L in contigs)
out = set()
while len(out) < 100:
    x = rng.randrange(total)
    for name, L in contigs:
        if x < L: out.add((name, x)); break
        x -= L
for name, x in sorted(out): print(f"{name}\t{x}\t{x+1}")
PY

ratio() { # JSON NAME: prints peer/gx mean-time ratio (= gx throughput relative to the peer)
  python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
peer, gx = r[0], r[1]
pc, gc = peer["user"] + peer["system"], gx["user"] + gx["system"]
print(f"{sys.argv[2]}:\n  wall: peer {peer['median']:.3f} s, gx {gx['median']:.3f} s (medians) -> gx throughput {peer['median']/gx['median']:.2f}x the peer's\n"
      f"  cpu (user+sys, means): peer {pc:.3f} s, gx {gc:.3f} s -> {pc/gc:.2f}x")
PY
}
bench() { # NAME PEER_CMD GX_CMD
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$W/$1.json" -n peer "$2" -n gx "$3" >/dev/null 2>&1 \
    || hyperfine --warmup 1 --runs "$RUNS" --export-json "$W/$1.json" -n peer "$2" -n gx "$3" >/dev/null
  ratio "$W/$1.json" "$1"
}

echo "input: $BAM ($(stat -c %s "$BAM") bytes); $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores"
# Correctness first: the same numbers.
N_PEER=$(samtools view -c "$BAM"); N_GX=$("$GX" bam count "$BAM")
echo "records: samtools $N_PEER, gx $N_GX $([ "$N_PEER" = "$N_GX" ] && echo OK || echo MISMATCH)"
if diff <(samtools flagstat "$BAM") <("$GX" bam stats --threads 2 "$BAM") >/dev/null; then echo "flagstat text: identical"; else echo "flagstat text: DIFFERENT"; fi
R_PEER=$(samtools view -c -M "$BAM" $REGIONS); R_GX=$("$GX" bam count "$BAM" $REGIONS)
echo "20 regions: samtools $R_PEER records, gx $R_GX $([ "$R_PEER" = "$R_GX" ] && echo OK || echo MISMATCH)"

# Agreement at 100 random positions.
samtools depth -a -s -q 13 -b "$W/positions.bed" "$BAM" | cut -f1-3 > "$W/depth.peer"
"$GX" bam depth --sites "$W/positions.bed" "$BAM" | grep -v '^#' > "$W/depth.gx"
cut -f1-2,4 "$W/depth.gx" > "$W/depth.gx3"
awk '{print $1"\t"$3}' "$W/positions.bed" > "$W/positions.tsv"
bcftools mpileup -B -A -Q 13 -d 100000 -a AD -f "$REF" -T "$W/positions.tsv" "$BAM" 2>/dev/null \
  | bcftools view -V indels | bcftools query -f '%CHROM\t%POS\t%REF,%ALT\t[%AD]\n' > "$W/ad.peer"
python3 - "$W/depth.peer" "$W/depth.gx3" "$W/ad.peer" "$W/depth.gx" <<'PY'
import sys
peer = {tuple(l.split()[:2]): l.split()[2] for l in open(sys.argv[1])}
gx = {tuple(l.split()[:2]): l.split()[2] for l in open(sys.argv[2])}
same = sum(1 for k in peer if gx.get(k) == peer[k])
print(f"depth at 100 random positions: {same}/{len(peer)} equal to samtools depth -a -s -q 13 (gx printed {len(gx)})")
cols = {}
for l in open(sys.argv[4]):
    f = l.rstrip("\n").split("\t"); cols[(f[0], f[1])] = dict(zip("ACGT", map(int, f[4:8])))
ok = total = 0
for l in open(sys.argv[3]):
    c, p, alleles, ad = l.rstrip("\n").split("\t")
    counts = {a: int(d) for a, d in zip(alleles.split(","), ad.split(",")) if len(a) == 1}
    g = cols.get((c, p)); total += 1
    if g and all(g[b] == counts.get(b, 0) for b in "ACGT"): ok += 1
print(f"allele depths at 100 random positions: {ok}/{total} positions with A/C/G/T equal to bcftools mpileup -B -A -Q 13 -a AD")
PY

bench "iterate all records, 1 thread (samtools view -c vs gx bam count)" "samtools view -c $BAM" "$GX bam count $BAM"
bench "iterate all records, 2 threads (samtools view -c -@1 vs gx bam count --threads 2)" "samtools view -c -@1 $BAM" "$GX bam count --threads 2 $BAM"
bench "flag statistics, 2 threads (samtools flagstat -@1 vs gx bam stats --threads 2)" "samtools flagstat -@1 $BAM" "$GX bam stats --threads 2 $BAM"
bench "20 region queries (samtools view -c -M vs gx bam count)" "samtools view -c -M $BAM $REGIONS" "$GX bam count $BAM $REGIONS"
bench "depth over 20 regions (samtools depth -a -s -b vs gx bam depth --sites)" "samtools depth -a -s -q 13 -b $W/regions.bed $BAM" "$GX bam depth --sites $W/regions.bed $BAM"
