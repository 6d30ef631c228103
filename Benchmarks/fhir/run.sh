#!/usr/bin/env bash
# FHIR JSON benchmark: parse + serialise throughput of gx against Python fhir.resources (R4B pydantic models) on
# the same files: the official R4 examples, the Genomics Reporting IG JSON examples and the Synthea bundles from
# ../shared/data (GX_SHARED_DATA, default /work/shared/data), minus any file the R4B models reject. Each tool
# makes REPEAT passes (default 20) over the files in one process; the median of 3 runs is reported.
#   gx parse+serialise          gxtool records validate --syntax-only --write-to -   (JSON parse, resourceType check,
#                                                                                   compact JSON to stdout → /dev/null)
#   gx parse+validate+serialise gxtool records validate --write-to -                 (plus every element check)
#   fhir.resources              Model.model_validate_json(raw).model_dump_json()      (parse + pydantic validation + JSON)
# Both are single-threaded. Times are CPU seconds (user+sys; gx: the whole process including start-up and file
# reading; Python: the loop only, imports and file reading excluded), because the benchmark machine is shared;
# wall seconds are printed too. Env: GX (release gxtool), GX_SHARED_DATA, REPEAT.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GX=${GX:-$ROOT/.build/release/gxtool}
DATA=${GX_SHARED_DATA:-/work/shared/data}
REPEAT=${REPEAT:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 -c 'import fhir.resources' 2>/dev/null || { echo "fhir: python3 fhir.resources is missing (pip install fhir.resources)" >&2; exit 1; }
[ -x "$GX" ] || { echo "fhir: GX=$GX is not an executable (swift build -c release)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "fhir: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

ls "$DATA"/fhir-test-cases/r4/examples/*.json "$DATA"/fhir-genomics-reporting/input/examples/*.json \
   "$DATA"/fhir-synthea/R4/SYNTHEA/*.json > "$WORK/all.txt"
python3 "$ROOT/Benchmarks/fhir/roundtrip.py" --check $(cat "$WORK/all.txt") > "$WORK/files.txt"
mapfile -t FILES < "$WORK/files.txt"
BYTES=$(cat "${FILES[@]}" | wc -c)
printf 'input: %d FHIR JSON files (%.2f MB), %d passes each\n' "${#FILES[@]}" "$(echo "$BYTES / 1000000" | bc -l)" "$REPEAT"

# gx gets the file list REPEAT times.
ARGS=()
for _ in $(seq 1 "$REPEAT"); do ARGS+=("${FILES[@]}"); done
"$GX" records validate --syntax-only "${FILES[@]}" >/dev/null 2>&1 || { echo "fhir: gx rejects one of the files" >&2; exit 1; }
# gx's rewrite must be the same JSON as the input (tree comparison by Python's json module).
"$GX" records validate --syntax-only --write-to - "${FILES[@]}" 2>/dev/null > "$WORK/rewritten.ndjson"
python3 - "$WORK/rewritten.ndjson" "${FILES[@]}" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for line, f in zip(lines, sys.argv[2:]):
    assert json.loads(line) == json.load(open(f, encoding="utf-8-sig")), f"gx rewrite differs: {f}"
assert len(lines) == len(sys.argv) - 2
print(f"gx rewrite of every file parses to the same JSON tree as the input ({len(lines)} files)")
PY

median() { sort -n | sed -n 2p; }
run_gx() {  # prints "cpu wall" for one run
  /usr/bin/time -o "$WORK/t" -f "%U %S %e" "$GX" records validate "$@" --write-to - "${ARGS[@]}" >/dev/null 2>&1 || true
  awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$WORK/t"
}
for _ in 1 2 3; do run_gx --syntax-only; done > "$WORK/gs"
for _ in 1 2 3; do run_gx; done > "$WORK/gv"
for _ in 1 2 3; do python3 "$ROOT/Benchmarks/fhir/roundtrip.py" "$REPEAT" "${FILES[@]}" | awk '{print $4, $3}'; done > "$WORK/py"
PC=$(cut -d' ' -f1 "$WORK/py" | median); PW=$(cut -d' ' -f2 "$WORK/py" | median)
GSC=$(cut -d' ' -f1 "$WORK/gs" | median); GSW=$(cut -d' ' -f2 "$WORK/gs" | median)
GVC=$(cut -d' ' -f1 "$WORK/gv" | median); GVW=$(cut -d' ' -f2 "$WORK/gv" | median)
MB=$(echo "$BYTES * $REPEAT / 1000000" | bc -l)
line() { printf '%-46s CPU %6.2f s (%7.1f MB/s)  wall %6.2f s%s\n' "$1" "$2" "$(echo "$MB / $2" | bc -l)" "$3" "$4"; }
line "fhir.resources R4B parse+validate+serialise" "$PC" "$PW" ""
line "gx parse+serialise" "$GSC" "$GSW" "$(printf '  gx/peer speed = %.1fx (CPU), %.1fx (wall)' "$(echo "$PC / $GSC" | bc -l)" "$(echo "$PW / $GSW" | bc -l)")"
line "gx parse+validate+serialise" "$GVC" "$GVW" "$(printf '  gx/peer speed = %.1fx (CPU), %.1fx (wall)' "$(echo "$PC / $GVC" | bc -l)" "$(echo "$PW / $GVW" | bc -l)")"
