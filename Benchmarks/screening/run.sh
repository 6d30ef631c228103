#!/usr/bin/env bash
# Screening benchmark: gx (release gxtool) beside bcftools / minimap2 on the same inputs, in one run.
#
#  1. BAM path, one WGS sample: BENCH_DATA/sim.bam (3.0 M reads, ~22x) at the 24 known sites of the benchmark genome
#     (panel made from sites.vcf.gz): gx screen --bam  vs  bcftools mpileup -R sites.bed | bcftools call -m.
#  2. BAM path, a plate: the 96-sample simulated deafness plate (Fixtures/screening/simulate_plate.py, 5x-500x),
#     gx screen --sample-sheet --threads 2  vs  bcftools mpileup -R | call -m per BAM, 2 at a time; per-sample time.
#     Also the plate's validation: every call against the planted truth, BAM and FASTQ paths.
#  3. FASTQ path: 1 M pairs (2 x 150 bp) sampled from BENCH_DATA/reads_{1,2}.fastq (seqtk sample -s 42):
#     gx screen --fastq (k-mers, no alignment)  vs  minimap2 -ax sr -t 2 | samtools sort | bcftools mpileup -R | call -m,
#     and the calls compared site by site (and with truth.vcf.gz).
# Env: BENCH_DATA (default /work/bench-data/full), GX (release gxtool), WORK (scratch folder, default a temp dir),
#      PLATE_SAMPLES (96). Needs hyperfine, bcftools, samtools, minimap2, python3 + numpy.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
BENCH_DATA=${BENCH_DATA:-/work/bench-data/full}
GX=${GX:-$ROOT/.build/release/gxtool}
WORK=${WORK:-$(mktemp -d /tmp/gx-screen-bench.XXXXXX)}
PLATE_SAMPLES=${PLATE_SAMPLES:-96}
for t in hyperfine bcftools samtools minimap2 seqtk python3 bgzip tabix; do
  command -v $t >/dev/null || { echo "screening bench: missing $t (make setup installs it)" >&2; exit 1; }
done
[ -x "$GX" ] || { echo "screening bench: no gxtool at $GX (swift build -c release)" >&2; exit 1; }
[ -f "$BENCH_DATA/sim.bam" ] || { echo "screening bench: $BENCH_DATA/sim.bam missing (../shared/bench/make-data.sh)" >&2; exit 1; }
mkdir -p "$WORK"; cd "$WORK"
echo "screening bench: work folder $WORK" >&2
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.4f' % x['median'] for x in r))" "$1"; }
cpu() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.4f' % (x['user'] + x['system']) for x in r))" "$1"; }
PARTS=${PARTS:-123}   # which parts to run
ratio() { python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

# ---- 1. one WGS BAM, 24 sites -------------------------------------------------------------------------------
python3 "$HERE/sites_to_panel.py" "$BENCH_DATA/sites.vcf.gz" > bench-panel.tsv
REF=$BENCH_DATA/ref.fa
if [[ $PARTS == *1* ]]; then
hyperfine -N --warmup 1 --runs 10 --export-json bam1.json \
  "$GX screen --panel bench-panel.tsv --bam $BENCH_DATA/sim.bam --reference $REF --sample SIM --out gx-bam1 --quiet" \
  "bash -c 'bcftools mpileup -f $REF -a AD,DP -R $BENCH_DATA/sites.bed $BENCH_DATA/sim.bam 2>/dev/null | bcftools call -m -o peer-bam1.vcf'" >&2
read -r GX_BAM1 PEER_BAM1 < <(median bam1.json)
read -r GX_BAM1_CPU PEER_BAM1_CPU < <(cpu bam1.json)
echo "== BAM path, one sample (sim.bam, 3.0 M reads, 24 sites)          wall (median)   CPU (user+sys)"
echo "gx screen --bam                                                   ${GX_BAM1} s        ${GX_BAM1_CPU} s"
echo "bcftools mpileup -R sites.bed | call -m                           ${PEER_BAM1} s        ${PEER_BAM1_CPU} s"
echo "speed-up                                                          $(ratio "$PEER_BAM1" "$GX_BAM1")x          $(ratio "$PEER_BAM1_CPU" "$GX_BAM1_CPU")x"
python3 "$HERE/compare_calls.py" gx-bam1/SIM.json peer-bam1.vcf "$BENCH_DATA/truth.vcf.gz" | tail -n +25 | sed 's/^/calls: /' || true
fi

# ---- 2. the 96-sample deafness plate ------------------------------------------------------------------------
if [[ $PARTS == *2* ]]; then
if [ ! -f plate/sheet_bam.tsv ]; then
  python3 "$ROOT/Fixtures/screening/simulate_plate.py" plate --samples "$PLATE_SAMPLES" --seed 11 --align --threads 2 2>&1 | tail -1 >&2
fi
awk 'NR>1' "$ROOT/Sources/Seq/Resources/panels/deafness-extended.GRCh38.tsv" | grep -v '^#' | awk -F'\t' '$1!="id"{print $8"\t"$9-1"\t"$9-1+length($10)}' \
  | sort -k1,1 -k2,2n > plate/sites.bed
cut -f2 plate/sheet_bam.tsv | tail -n +2 > plate/bams.txt
cat > plate/peer-one.sh <<PEER
bcftools mpileup -f $WORK/plate/ref.fa -a AD,DP -R $WORK/plate/sites.bed "\$1" 2>/dev/null | bcftools call -m -o "\$1.peer.vcf"
PEER
hyperfine -N --warmup 1 --runs 3 --export-json plate.json \
  "$GX screen --panel deafness-extended --sample-sheet plate/sheet_bam.tsv --out gx-plate-bam --threads 2 --quiet" \
  "bash -c 'xargs -P 2 -n 1 bash plate/peer-one.sh < plate/bams.txt'" >&2
read -r GX_PLATE PEER_PLATE < <(median plate.json)
read -r GX_PLATE_CPU PEER_PLATE_CPU < <(cpu plate.json)
N=$(wc -l < plate/bams.txt)
echo "== BAM path, plate of $N samples (deafness-extended, 8 sites, 5x-500x), 2 threads"
echo "gx screen --sample-sheet                 ${GX_PLATE} s  ($(python3 -c "print('%.4f' % ($GX_PLATE / $N))") s/sample)"
echo "bcftools mpileup -R | call -m, 2 at once ${PEER_PLATE} s  ($(python3 -c "print('%.4f' % ($PEER_PLATE / $N))") s/sample)"
echo "speed-up                                 $(ratio "$PEER_PLATE" "$GX_PLATE")x   (CPU: gx ${GX_PLATE_CPU} s, bcftools ${PEER_PLATE_CPU} s, $(ratio "$PEER_PLATE_CPU" "$GX_PLATE_CPU")x)"
/usr/bin/env time -f "%e" -o fq-plate.time "$GX" screen --panel deafness-extended --sample-sheet plate/sheet_fastq.tsv --out gx-plate-fastq --threads 2 --quiet
echo "== plate validation against the planted truth (calls at planted depth >= 15x must be right)"
echo "-- BAM path";   python3 "$ROOT/Fixtures/screening/check_plate.py" plate/truth.tsv gx-plate-bam   | sed 's/^/   /' || true
echo "-- FASTQ path ($(cat fq-plate.time) s for $N samples)"; python3 "$ROOT/Fixtures/screening/check_plate.py" plate/truth.tsv gx-plate-fastq | sed 's/^/   /' || true
fi

# ---- 3. FASTQ path, 2 x 1 M pairs ---------------------------------------------------------------------------
if [[ $PARTS == *3* ]]; then
if [ ! -f r_2.fastq ]; then
  # A random 1 M pairs (the files list wgsim's reads contig by contig and haplotype by haplotype, so a head would
  # hold one haplotype only); the same seed keeps the mates paired.
  seqtk sample -2 -s 42 "$BENCH_DATA/reads_1.fastq" 1000000 > r_1.fastq
  seqtk sample -2 -s 42 "$BENCH_DATA/reads_2.fastq" 1000000 > r_2.fastq
fi
[ -f ref.mmi ] || minimap2 -x sr -d ref.mmi "$REF" 2>/dev/null
cat > peer-fastq.sh <<PEER
set -eo pipefail
minimap2 -t 2 -ax sr $WORK/ref.mmi $WORK/r_1.fastq $WORK/r_2.fastq 2>/dev/null | samtools sort -@ 2 -o $WORK/peer-fq.bam - 2>/dev/null
samtools index $WORK/peer-fq.bam
bcftools mpileup -f $REF -a AD,DP -R $BENCH_DATA/sites.bed $WORK/peer-fq.bam 2>/dev/null | bcftools call -m -o $WORK/peer-fq.vcf
PEER
hyperfine -N --warmup 1 --runs 3 --export-json fq.json \
  "$GX screen --panel bench-panel.tsv --fastq r_1.fastq r_2.fastq --reference $REF --sample B1M --out gx-fq --threads 2 --quiet" >&2
hyperfine -N --runs 1 --export-json fq-peer.json "bash peer-fastq.sh" >&2
GX_FQ=$(median fq.json); PEER_FQ=$(median fq-peer.json); GX_FQ_CPU=$(cpu fq.json); PEER_FQ_CPU=$(cpu fq-peer.json)
echo "== FASTQ path, 2 x 1 M pairs (2 x 150 bp, ~15x), 24 sites, 2 threads"
echo "gx screen --fastq (k-mers)                              ${GX_FQ} s"
echo "minimap2 -ax sr | samtools sort | mpileup | call -m     ${PEER_FQ} s  (index prebuilt, not timed)"
echo "speed-up                                                $(ratio "$PEER_FQ" "$GX_FQ")x   (CPU: gx ${GX_FQ_CPU} s, peer ${PEER_FQ_CPU} s, $(ratio "$PEER_FQ_CPU" "$GX_FQ_CPU")x)"
echo "-- calls at gx's clinical thresholds (--min-depth 15 --min-gq 20; below them a no-call with its reason):"
python3 "$HERE/compare_calls.py" gx-fq/B1M.json peer-fq.vcf "$BENCH_DATA/truth.vcf.gz" | sed 's/^/calls: /' || true
# bcftools call -m calls every covered site; gx with its thresholds lowered to 1 read and GQ 0 does the same,
# so the two call sets can be compared site for site ("the same calls").
"$GX" screen --panel bench-panel.tsv --fastq r_1.fastq r_2.fastq --reference "$REF" --sample B1M --out gx-fq-all \
  --threads 2 --quiet --min-depth 1 --min-gq 0
echo "-- calls with gx's thresholds lowered to bcftools' (--min-depth 1 --min-gq 0):"
python3 "$HERE/compare_calls.py" gx-fq-all/B1M.json peer-fq.vcf "$BENCH_DATA/truth.vcf.gz" | tail -1 | sed 's/^/calls: /' || true
fi
