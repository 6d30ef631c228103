#!/usr/bin/env bash
# Simulated paired-end FASTQ for gx's tests and demo, made from nothing but this script:
#   1. a random 60 kb reference (two contigs, GC ~42 %, a few N runs) written by Python's standard library;
#   2. wgsim (samtools' read simulator) draws 2 x 150 bp pairs from it (insert 350 +- 40, 0.2 % errors);
#   3. wgsim writes one quality character for every base, so the qualities are rewritten Illumina-style:
#      high at the 5' end, decaying towards the 3' end (mean ~Q35 for R1, ~Q32 for R2), Q2 on N bases;
#   4. R1 is written gzip-compressed (pigz, several members), R2 BGZF-compressed (bgzip), and an
#      interleaved plain copy, so that every input path of gx is exercised.
# Usage: Fixtures/fastq/simulate.sh OUT_DIR [PAIRS]   (default 20,000 pairs; deterministic: fixed seeds)
set -euo pipefail
OUT=${1:?usage: simulate.sh OUT_DIR [PAIRS]}
PAIRS=${2:-20000}
for tool in python3 wgsim pigz bgzip; do
  command -v "$tool" >/dev/null || { echo "simulate.sh: $tool is missing (make setup installs it)" >&2; exit 1; }
done
mkdir -p "$OUT"

python3 - "$OUT/ref.fa" <<'PY'
import random, sys
random.seed(20261130)
with open(sys.argv[1], "w") as fa:
    for name, length in (("chrSim1", 40000), ("chrSim2", 20000)):
        bases = random.choices("ACGT", weights=(29, 21, 21, 29), k=length)
        for start in range(5000, length, 15000):           # a few assembly gaps
            bases[start:start + 50] = "N" * 50
        fa.write(f">{name} simulated contig\n")
        for i in range(0, length, 60):
            fa.write("".join(bases[i:i + 60]) + "\n")
PY

wgsim -S 11 -N "$PAIRS" -1 150 -2 150 -d 350 -s 40 -e 0.002 -r 0.0005 -R 0.1 -A 0.05 \
  "$OUT/ref.fa" "$OUT/raw_1.fq" "$OUT/raw_2.fq" >/dev/null 2>&1

python3 - "$OUT" <<'PY'
import random, sys, os
out = sys.argv[1]
random.seed(7)
def requal(path_in, path_out, mean, mate):
    with open(path_in) as src, open(path_out, "w") as dst:
        while True:
            header = src.readline()
            if not header:
                break
            seq = src.readline().rstrip("\n"); src.readline(); src.readline()
            name = header[1:].split()[0].rsplit("/", 1)[0]
            quals = []
            for i, base in enumerate(seq):
                if base == "N":
                    quals.append(2)
                    continue
                q = mean + 4 - 10 * (i / len(seq)) ** 3 + random.gauss(0, 3)
                quals.append(max(2, min(41, round(q))))
            dst.write(f"@{name} {mate}:N:0:ACGTACGT\n{seq}\n+\n{''.join(chr(q + 33) for q in quals)}\n")
    os.remove(path_in)
requal(f"{out}/raw_1.fq", f"{out}/sim_1.fq", 35, 1)
requal(f"{out}/raw_2.fq", f"{out}/sim_2.fq", 32, 2)
PY

# Interleaved plain copy (mate 1, mate 2, ...).
paste -d '\n' <(paste - - - - < "$OUT/sim_1.fq") <(paste - - - - < "$OUT/sim_2.fq") | tr '\t' '\n' > "$OUT/sim_interleaved.fq"
# R1: gzip with several members (pigz per 10,000 reads); R2: BGZF.
split -l 40000 -d "$OUT/sim_1.fq" "$OUT/part_"
for part in "$OUT"/part_*; do pigz -c -p 2 "$part"; done > "$OUT/sim_1.fq.gz"
rm -f "$OUT"/part_* "$OUT/sim_1.fq"
bgzip -f -@ 2 "$OUT/sim_2.fq"
echo "simulate.sh: $PAIRS pairs in $OUT (sim_1.fq.gz gzip multi-member, sim_2.fq.gz BGZF, sim_interleaved.fq, ref.fa)"
