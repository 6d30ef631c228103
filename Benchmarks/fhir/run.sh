#!/usr/bin/env bash
# FHIR JSON benchmark: parse + serialise throughput of gx against Python fhir.resources (R4B pydantic models) on
# the same files: the official R4 examples, the Genomics Reporting IG JSON examples and the Synthea bundles from
# ../shared/data (GX_SHARED_DATA, default /work/shared/data), minus any file the R4B models reject. Each tool
# makes REPEAT passes (default 20) over the files in one process; the median of 3 runs is reported.
#   gx parse+serialise      gxtool records validate --syntax-only --write-to DIR   (JSON parse, resourceType check, write)
#   gx parse+validate+ser.  gxtool records validate --write-to DIR                 (plus every element check)
#   fhir.resources          Model.model_validate_json(raw).model_dump_json()        (parse + pydantic validation + write)
# Env: GX (release gxtool), GX_SHARED_DATA, REPEAT.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GX=${GX:-$ROOT/.build/release/gxtool}
DATA=${GX_SHARED_DATA:-/work/shared/data}
REPEAT=${REPEAT:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 -c 'import fhir.resources' 2>/dev/null || { echo "fhir: python3 fhir.resources is missing (pip install fhir.resources)" >&2; exit 1; }
[ -x "$GX" ] || { echo "fhir: GX=$GX is not an executable (swift build -c release)" >&2; exit 1; }

ls "$DATA"/fhir-test-cases/r4/examples/*.json "$DATA"/fhir-genomics-reporting/input/examples/*.json \
   "$DATA"/fhir-synthea/R4/SYNTHEA/*.json > "$WORK/all.txt"
python3 "$ROOT/Benchmarks/fhir/roundtrip.py" --check $(cat "$WORK/all.txt") > "$WORK/files.txt"
mapfile -t FILES < "$WORK/files.txt"
BYTES=$(cat "${FILES[@]}" | wc -c)
printf 'input: %d FHIR JSON files (%.2f MB), %d passes each\n' "${#FILES[@]}" "$(echo "$BYTES / 1000000" | bc -l)" "$REPEAT"

# gx gets the file list REPEAT times; outputs overwrite each other in one folder.
ARGS=()
for _ in $(seq 1 "$REPEAT"); do ARGS+=("${FILES[@]}"); done

median() { sort -n | sed -n 2p; }
time_gx() {
  for _ in 1 2 3; do
    local t0=$(date +%s.%N)
    "$GX" records validate "$@" --write-to "$WORK/out" "${ARGS[@]}" >/dev/null 2>"$WORK/gx.err" || true
    echo "$(date +%s.%N) - $t0" | bc
  done | median
}
time_py() {
  for _ in 1 2 3; do python3 "$ROOT/Benchmarks/fhir/roundtrip.py" "$REPEAT" "${FILES[@]}" | awk '{print $3}'; done | median
}

"$GX" records validate --syntax-only "${FILES[@]}" >/dev/null 2>&1 || { echo "fhir: gx rejects one of the files" >&2; exit 1; }
TGS=$(time_gx --syntax-only)
TGV=$(time_gx)
TP=$(time_py)
MB=$(echo "$BYTES * $REPEAT / 1000000" | bc -l)
printf 'fhir.resources (R4B) parse+validate+serialise: %6.2f s  %7.2f MB/s\n' "$TP" "$(echo "$MB / $TP" | bc -l)"
printf 'gx parse+serialise:                            %6.2f s  %7.2f MB/s  gx/peer speed = %.1fx\n' "$TGS" "$(echo "$MB / $TGS" | bc -l)" "$(echo "$TP / $TGS" | bc -l)"
printf 'gx parse+validate+serialise:                   %6.2f s  %7.2f MB/s  gx/peer speed = %.1fx\n' "$TGV" "$(echo "$MB / $TGV" | bc -l)" "$(echo "$TP / $TGV" | bc -l)"
