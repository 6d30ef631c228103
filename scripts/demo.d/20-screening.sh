#!/usr/bin/env bash
# Hereditary-deafness screening: a simulated plate of 12 newborns (reads planted with known genotypes on the real
# GJB2 exon 2 and rCRS sequences, Fixtures/screening/simulate_plate.py), screened twice on the bundled
# deafness-extended panel: straight from FASTQ (k-mers, no alignment) and from aligned, indexed BAMs.
set -euo pipefail
D=$OUT/screening
mkdir -p "$D"
if [ ! -f "$D/plate/sheet_bam.tsv" ]; then
  python3 "$ROOT/Fixtures/screening/simulate_plate.py" "$D/plate" --samples 12 --seed 5 --depths 15,30,60,120 --align --threads 2
fi
echo "-- gxtool panel verify deafness-extended (against the bundled GRCh38 GJB2 exon 2 + rCRS sequence)"
"$GX" panel verify deafness-extended | cut -f1,3,4 | column -t
echo "-- gxtool screen --sample-sheet (FASTQ, 12 samples, 2 threads)"
"$GX" screen --panel deafness-extended --sample-sheet "$D/plate/sheet_fastq.tsv" --out "$D/fastq" --threads 2 | cut -c1-160
echo "-- gxtool screen --sample-sheet (BAM)"
"$GX" screen --panel deafness-extended --sample-sheet "$D/plate/sheet_bam.tsv" --out "$D/bam" --threads 2 --quiet --bgzip
echo "-- summary ($D/bam/summary.tsv; NC = no call, HF = heteroplasmy fraction):"
cut -f1,2,4,6- "$D/bam/summary.tsv" | column -t -s $'\t' | cut -c1-200
echo "-- calls against the planted truth:"
python3 "$ROOT/Fixtures/screening/check_plate.py" "$D/plate/truth.tsv" "$D/bam" | sed 's/^/   BAM:   /'
python3 "$ROOT/Fixtures/screening/check_plate.py" "$D/plate/truth.tsv" "$D/fastq" | sed 's/^/   FASTQ: /'
echo "-- a counsellor's report: $D/bam/S003.report.txt (HTML: S003.report.html); VCFs: $D/bam/*.vcf.gz, batch.vcf.gz"
sed -n '1,20p' "$D/bam/S003.report.txt"
