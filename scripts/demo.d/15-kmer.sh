#!/usr/bin/env bash
# k-mers: count every canonical 31-mer of simulated reads from real sequence (GRCh38 GJB2 exon 2 at 40x,
# rCRS chrM at 400x; Fixtures/kmer/simulate_reads.py), print the histogram's peaks, and look k-mers up
# in the table and by streaming the reads through a k-mer set (what the screening genotyper does).
set -euo pipefail
D=$OUT/kmer
mkdir -p "$D"
python3 "$ROOT/Fixtures/kmer/simulate_reads.py" "$D/reads.fastq"
echo "-- gxtool kmer count -k 31 --canonical"
"$GX" kmer count -k 31 --canonical --threads 2 --memory 256M -o "$D/reads.gxk" "$D/reads.fastq"
"$GX" kmer histo "$D/reads.gxk" > "$D/reads.histo"
echo "-- histogram ($D/reads.histo, jellyfish histo format): k-mers seen once are mostly sequencing errors;"
echo "   the two peaks are the nuclear coverage and the mitochondrial coverage (31-mer depth = read depth x (100-31+1)/100)"
awk 'NR > 1 && $1 > 5 { if ($2 > best1 && $1 < 100) { best1 = $2; peak1 = $1 } if ($2 > best2 && $1 >= 100) { best2 = $2; peak2 = $1 } }
     $1 == 1 { ones = $2 } { distinct += $2 }
     END { printf "   distinct 31-mers %d, seen once %d, nuclear peak at count %d, chrM peak at count %d\n", distinct, ones, peak1, peak2 }' "$D/reads.histo"
# Bases 1001-1031 of the GJB2 exon-2 region and of chrM (rCRS), and their reverse complements.
FLANKS=$ROOT/Sources/Seq/Resources/panels/flanks.GRCh38.fa
awk '/^>/ { if (s) print s; s = ""; next } { s = s $0 } END { print s }' "$FLANKS" | cut -c1001-1031 > "$D/query.txt"
rev "$D/query.txt" | tr ACGT TGCA >> "$D/query.txt"
echo "-- gxtool kmer query (a k-mer and its reverse complement share one count)"
"$GX" kmer query "$D/reads.gxk" --file "$D/query.txt"
echo "-- gxtool kmer scan: the same k-mers counted by streaming the reads through a Kmer.QuerySet"
"$GX" kmer scan --canonical --kmers "$D/query.txt" "$D/reads.fastq"
