#!/usr/bin/env bash
# HL7 v2 parsing, gx vs python-hl7 (the peer), same input, same output (TSV of MSH-10, PID-3, PID-5, PID-7,
# PID-8, OBX-3, OBX-5 per message). Two corpora, built in a temporary folder:
#   real   4,000 messages cycled from every valid HL7 v2 sample in ../shared/data (ADT, ORU, ORM, MDM, SIU, ...
#          0.1-10 KB each, ~3.2 KB on average; Fixtures/records-formats/make_hl7_corpus.py)
#   adt    the simulated hospital ADT feed of Fixtures/records/generate.py (A04/A08/A40, ~0.3 KB each)
# Best of 3 runs each, timed with GNU time: wall clock and CPU (user+sys; both tools are single-threaded here, and
# CPU time stays meaningful when the machine is shared). Prints messages/s and the ratios. Outputs are compared.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
GX=${GX:-$(swift build -c release --show-bin-path)/gxtool}
SHARED=${GX_SHARED_DATA:-$ROOT/../shared/data}
COUNT=${HL7_BENCH_MESSAGES:-4000}
[ -x "$GX" ] || { echo "hl7 bench: $GX missing (swift build -c release)" >&2; exit 1; }
python3 -c 'import hl7' || { echo "hl7 bench: python-hl7 missing (pip install hl7)" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
python3 Fixtures/records-formats/make_hl7_corpus.py "$TMP/real.hl7" "$COUNT" $(find "$SHARED" -name '*.hl7' | sort)
python3 Fixtures/records/generate.py "$TMP/sim" --persons 20000 --seed 1 > /dev/null
cp "$TMP/sim/hospital-adt.hl7" "$TMP/adt.hl7"
FIELDS=(--field MSH-10 --field PID-3 --field PID-5 --field PID-7 --field PID-8 --field OBX-3 --field OBX-5)

best() {  # best wall and CPU seconds of 3 runs of "$@" (stdout to $OUTFILE): prints "wall cpu"
  local bw=999999 bc=999999 w c
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S' -o "$TMP/time" "$@" > "$OUTFILE"
    read -r w u s < "$TMP/time"; c=$(echo "$u + $s" | bc -l)
    if (( $(echo "$w < $bw" | bc -l) )); then bw=$w; fi
    if (( $(echo "$c < $bc" | bc -l) )); then bc=$c; fi
  done
  echo "$bw $bc"
}

printf '%-6s %9s %6s %9s %9s %9s %9s %11s %11s %9s %9s\n' corpus messages MB gx_wall gx_cpu py_wall py_cpu gx_msg/s py_msg/s ratio_wall ratio_cpu
for corpus in real adt; do
  f="$TMP/$corpus.hl7"
  n=$(tr '\r' '\n' < "$f" | grep -c '^MSH')
  mb=$(echo "scale=1; $(stat -c %s "$f") / 1048576" | bc)
  OUTFILE="$TMP/$corpus.gx.tsv";  read -r gw gc < <(best "$GX" records hl7 "${FIELDS[@]}" "$f")
  OUTFILE="$TMP/$corpus.py.tsv";  read -r pw pc < <(best python3 Benchmarks/hl7/python_hl7_bench.py "$f")
  # Same messages found, same control IDs (column 3) in the same order.
  if ! cmp -s <(cut -f2,3 "$TMP/$corpus.gx.tsv") <(cut -f2,3 "$TMP/$corpus.py.tsv"); then
    echo "hl7 bench: $corpus: gx and python-hl7 disagree on messages/MSH-10" >&2; exit 1
  fi
  gc=$(echo "if ($gc < 0.01) 0.01 else $gc" | bc -l); gw=$(echo "if ($gw < 0.01) 0.01 else $gw" | bc -l)
  printf '%-6s %9d %6s %9.2f %9.2f %9.2f %9.2f %11.0f %11.0f %8.1fx %8.1fx\n' "$corpus" "$n" "$mb" "$gw" "$gc" "$pw" "$pc" \
    "$(echo "$n / $gc" | bc -l)" "$(echo "$n / $pc" | bc -l)" "$(echo "$pw / $gw" | bc -l)" "$(echo "$pc / $gc" | bc -l)"
done
echo "(msg/s from CPU time; target: gx >= 20x python-hl7)"
