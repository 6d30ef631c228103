#!/usr/bin/env bash
# HL7 v2 parsing, gx vs python-hl7 (the peer), same input, same output (TSV of MSH-10, PID-3, PID-5, PID-7,
# PID-8, OBX-3, OBX-5 per message). Two corpora, built in a temporary folder:
#   real   50,000 messages cycled from every valid HL7 v2 sample in ../shared/data (ADT, ORU, ORM, MDM, SIU, ...
#          0.1-10 KB each; Fixtures/records-formats/make_hl7_corpus.py)
#   adt    the simulated hospital ADT feed of Fixtures/records/generate.py (A04/A08/A40, ~0.3 KB each)
# Best of 3 wall-clock runs each; prints messages/s and the ratio gx / python-hl7. Outputs are compared.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
GX=${GX:-$(swift build -c release --show-bin-path)/gxtool}
SHARED=${GX_SHARED_DATA:-$ROOT/../shared/data}
COUNT=${HL7_BENCH_MESSAGES:-50000}
[ -x "$GX" ] || { echo "hl7 bench: $GX missing (swift build -c release)" >&2; exit 1; }
python3 -c 'import hl7' || { echo "hl7 bench: python-hl7 missing (pip install hl7)" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
python3 Fixtures/records-formats/make_hl7_corpus.py "$TMP/real.hl7" "$COUNT" $(find "$SHARED" -name '*.hl7' | sort)
python3 Fixtures/records/generate.py "$TMP/sim" --persons 20000 > /dev/null
cp "$TMP/sim/hospital-adt.hl7" "$TMP/adt.hl7"
FIELDS=(--field MSH-10 --field PID-3 --field PID-5 --field PID-7 --field PID-8 --field OBX-3 --field OBX-5)

best() {  # best wall time of 3 runs of "$@" (stdout to $OUTFILE)
  local best=999999 t0 t1 dt
  for _ in 1 2 3; do
    t0=$(date +%s.%N); "$@" > "$OUTFILE"; t1=$(date +%s.%N)
    dt=$(echo "$t1 - $t0" | bc -l)
    if (( $(echo "$dt < $best" | bc -l) )); then best=$dt; fi
  done
  echo "$best"
}

printf '%-6s %9s %8s %12s %12s %12s %12s %7s\n' corpus messages MB gx_s python_s gx_msg/s py_msg/s ratio
for corpus in real adt; do
  f="$TMP/$corpus.hl7"
  n=$(grep -c '^MSH' <(tr '\r' '\n' < "$f"))
  mb=$(echo "scale=1; $(stat -c %s "$f") / 1048576" | bc)
  OUTFILE="$TMP/$corpus.gx.tsv";  tg=$(best "$GX" records hl7 "${FIELDS[@]}" "$f")
  OUTFILE="$TMP/$corpus.py.tsv";  tp=$(best python3 Benchmarks/hl7/python_hl7_bench.py "$f")
  # Same messages found, same control IDs (column 3) in the same order.
  if ! cmp -s <(cut -f2,3 "$TMP/$corpus.gx.tsv") <(cut -f2,3 "$TMP/$corpus.py.tsv"); then
    echo "hl7 bench: $corpus: gx and python-hl7 disagree on messages/MSH-10" >&2; exit 1
  fi
  printf '%-6s %9d %8s %12.3f %12.3f %12.0f %12.0f %6.1fx\n' "$corpus" "$n" "$mb" "$tg" "$tp" \
    "$(echo "$n / $tg" | bc -l)" "$(echo "$n / $tp" | bc -l)" "$(echo "$tp / $tg" | bc -l)"
done
