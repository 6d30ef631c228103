#!/usr/bin/env bash
# BAM step: make the alignment fixture (simulated reads on a random reference, with planted variants), then show
# flag statistics and the pileup at a planted deletion and a planted SNV.
set -euo pipefail
FIX=$OUT/bam-fixture
rm -rf "$FIX"; bash "$ROOT/Fixtures/bam/make-fixture.sh" "$FIX" >/dev/null
echo "-- gxtool bam stats $FIX/sample.bam  (same text as samtools flagstat)"
"$GX" bam stats --threads 2 "$FIX/sample.bam" | head -8
DEL=$(awk 'length($3) > length($4) {print $1":"$2"-"$2+length($3); exit}' "$FIX/truth.tsv")
SNV=$(awk 'length($3) == 1 && length($4) == 1 {print $1":"$2"-"$2; exit}' "$FIX/truth.tsv")
echo "-- planted: $(awk 'length($3) > length($4) {print $1":"$2, $3">"$4, $5; exit}' "$FIX/truth.tsv"); $(awk 'length($3)==1 && length($4)==1 {print $1":"$2, $3">"$4, $5; exit}' "$FIX/truth.tsv")"
echo "-- gxtool bam depth --region $DEL --region $SNV --reference ref.fa sample.bam"
"$GX" bam depth --region "$DEL" --region "$SNV" --reference "$FIX/ref.fa" "$FIX/sample.bam" | tee "$OUT/bam-depth.tsv"
