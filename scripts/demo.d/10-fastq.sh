#!/usr/bin/env bash
# FASTQ step: simulate 10,000 read pairs from a random reference (Fixtures/fastq/simulate.sh: wgsim +
# Illumina-like qualities), then read statistics from gzip, BGZF, plain and standard input, and a
# damaged file rejected with its file, line and record.
set -euo pipefail
D=$OUT/fastq
rm -rf "$D"; bash "$ROOT/Fixtures/fastq/simulate.sh" "$D" 10000 >/dev/null
echo "-- gxtool fastq stats sim_1.fq.gz (gzip, 2 members) sim_2.fq.gz (BGZF) sim_interleaved.fq (plain)"
"$GX" fastq stats --threads 2 "$D/sim_1.fq.gz" "$D/sim_2.fq.gz" "$D/sim_interleaved.fq" | tee "$D/stats.tsv"
echo "-- the same for mate 2 from standard input, as JSON"
"$GX" fastq stats --json - < "$D/sim_2.fq.gz" | tee "$D/stats.json"
echo "-- a copy cut in the middle of a record is rejected (exit 1):"
head -c 1000000 "$D/sim_interleaved.fq" > "$D/damaged.fq"
if "$GX" fastq stats "$D/damaged.fq" >/dev/null; then echo "damaged file was accepted" >&2; exit 1; fi
