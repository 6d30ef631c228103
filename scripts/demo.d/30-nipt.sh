#!/usr/bin/env bash
# NIPT: build a reference set from 24 simulated euploid pregnancies, then test four samples (trisomy 21, 45,X,
# euploid male, one with too few reads) from simulated BAMs. Data: Fixtures/nipt/simulate.py (1/100-scale genome).
set -euo pipefail
D=$OUT/nipt
mkdir -p "$D"
SIM="python3 $ROOT/Fixtures/nipt/simulate.py"
if [ ! -f "$D/genome/genome.fa" ]; then
  $SIM genome --out "$D/genome" --scale 0.01 --bin-size 50000 >/dev/null
fi
: > "$D/refs.spec"
for i in $(seq 1 24); do
  sex=female; [ $((i % 2)) -eq 0 ] && sex=male
  printf 'ref%02d euploid %s 0.%02d 2000000 %d\n' "$i" "$sex" $((6 + i % 8)) $((700 + i)) >> "$D/refs.spec"
done
$SIM cohort --genome "$D/genome" --spec "$D/refs.spec" --outdir "$D/refs" --bin-size 50000 --paired
echo "-- gxtool nipt reference (24 euploid pregnancies)"
"$GX" nipt reference --gc-table "$D/genome/gc-50000.tsv" --threads 2 -o "$D/lab.gxnipt" "$D"/refs/*.gxbins
echo "-- simulating 4 test BAMs (600,000 reads each)"
$SIM bam --genome "$D/genome" --out "$D/P001.bam" --name P001 --karyotype T21 --sex female --ff 0.12 --reads 600000 --seed 11
$SIM bam --genome "$D/genome" --out "$D/P002.bam" --name P002 --karyotype XO --ff 0.12 --reads 600000 --seed 12
$SIM bam --genome "$D/genome" --out "$D/P003.bam" --name P003 --sex male --ff 0.09 --reads 600000 --seed 13
$SIM bam --genome "$D/genome" --out "$D/P004.bam" --name P004 --sex male --ff 0.09 --reads 60000 --seed 14
echo "-- gxtool nipt test (demo threshold: 300,000 reads; the default is 3.5 M)"
"$GX" nipt test --panel "$D/lab.gxnipt" --out "$D/results" --threads 2 --min-reads 300000 "$D"/P00{1,2,3,4}.bam
echo "-- $D/results/results.tsv (first columns):"
cut -f1-10 "$D/results/results.tsv" | column -t -s $'\t'
echo "-- reports: $D/results/P001.html (genome plot: P001.svg)"
