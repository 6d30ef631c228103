#!/usr/bin/env bash
# Makes a small, realistic alignment fixture in OUT_DIR (default: a new temp dir), deterministically:
#   ref.fa (+ .fai)      two random contigs (chrA 30 kb, chrB 12 kb, seeded)
#   sample.bam (+ .bai)  wgsim paired reads (2x100, ~30x) from a diploid genome with heterozygous and homozygous
#                        SNVs, insertions and deletions plus 2 kb absent from ref.fa (unmapped reads), aligned with minimap2 -ax sr, sorted, indexed; every 41st
#                        record is marked duplicate and every 53rd QC-fail, so filters have something to do
#   sample.cram (+.crai) the same records as CRAM against ref.fa
#   sample.sam           the same records as SAM text
#   truth.tsv            the planted variants (chrom, 1-based pos, ref, alt, zygosity)
# Needs: python3, wgsim and samtools (Debian package samtools), minimap2.
# Usage: Fixtures/bam/make-fixture.sh [OUT_DIR]   (prints OUT_DIR)
set -euo pipefail
OUT=${1:-$(mktemp -d "${TMPDIR:-/tmp}/gx-bam-fixture.XXXXXX")}
mkdir -p "$OUT"
cd "$OUT"
for tool in python3 wgsim samtools minimap2; do
  command -v "$tool" >/dev/null || { echo "make-fixture: $tool is not installed (make setup)" >&2; exit 1; }
done
python3 - <<'PY'
import random
rng = random.Random(20261130)
contigs = {"chrA": 30000, "chrB": 12000}
seqs = {n: [rng.choice("ACGT") for _ in range(L)] for n, L in contigs.items()}
with open("ref.fa", "w") as f:
    for n, s in seqs.items():
        f.write(f">{n} random test contig\n")
        for i in range(0, len(s), 60): f.write("".join(s[i:i+60]) + "\n")
# Two haplotypes with planted variants, well apart from each other and the contig ends.
truth = []
haps = [{n: list(s) for n, s in seqs.items()} for _ in range(2)]
for n, L in contigs.items():
    pos = 700
    edits = []
    while pos < L - 700:
        kind = rng.choice(["snv", "snv", "snv", "ins", "del"])
        zyg = rng.choice(["het", "hom"])
        ref = seqs[n][pos - 1]
        if kind == "snv":
            alt = rng.choice([b for b in "ACGT" if b != ref]); r, a = ref, alt
        elif kind == "ins":
            # Not shiftable: an aligner must place it exactly here (last inserted base != anchor, first != next base).
            while True:
                ins = "".join(rng.choice("ACGT") for _ in range(rng.randint(1, 6)))
                if ins[-1] != ref and ins[0] != seqs[n][pos]: break
            r, a = ref, ref + ins
        else:
            k = rng.randint(1, 8)
            while seqs[n][pos + k - 1] == ref or seqs[n][pos] == seqs[n][pos + k]:
                pos += 1; ref = seqs[n][pos - 1]
            r, a = "".join(seqs[n][pos - 1:pos + k]), ref
        edits.append((pos, r, a, zyg)); truth.append((n, pos, r, a, zyg))
        pos += rng.randint(400, 900)
    for h in range(2):
        s = list(seqs[n])
        for pos, r, a, zyg in reversed(edits):
            if zyg == "het" and h == 1: continue
            s[pos - 1:pos - 1 + len(r)] = list(a)
        haps[h][n] = s
with open("diploid.fa", "w") as f:
    for h in range(2):
        for n in contigs:
            f.write(f">{n}_h{h}\n" + "".join(haps[h][n]) + "\n")
    # Sequence absent from ref.fa, so that some reads stay unmapped.
    f.write(">unplaced\n" + "".join(rng.choice("ACGT") for _ in range(2000)) + "\n")
with open("truth.tsv", "w") as f:
    for t in truth: f.write("\t".join(map(str, t)) + "\n")
PY
samtools faidx ref.fa
# ~30x of 2x100 bp over 2 haplotypes x 42 kb: 2 x 42000 x 30 / 200 / 2 ~ 6300 pairs; -e 0.005 sequencing errors.
wgsim -S 7 -N 6300 -1 100 -2 100 -e 0.005 -r 0 -R 0 -d 300 -s 40 diploid.fa r1.fq r2.fq >/dev/null 2>&1
minimap2 -t 1 -ax sr -R '@RG\tID:fixture\tSM:fixture' ref.fa r1.fq r2.fq 2>/dev/null \
  | awk 'BEGIN{OFS="\t"} /^@/ {print; next} { n++; if (n % 41 == 0 && int($2 / 1024) % 2 == 0) $2 += 1024; if (n % 53 == 0 && int($2 / 512) % 2 == 0) $2 += 512; print }' \
  | samtools sort -o sample.bam - 2>/dev/null
samtools index sample.bam
samtools view -h -o sample.sam sample.bam
samtools view -C -T ref.fa -o sample.cram sample.bam
samtools index sample.cram
rm -f r1.fq r2.fq
echo "$OUT"
