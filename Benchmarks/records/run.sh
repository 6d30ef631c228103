#!/usr/bin/env bash
# Records benchmark: the project's generated three-source load (HL7 v2 ADT feed, clinic CSV, family-doctor FHIR
# bundles; known true persons) imported into SQLite by gx, against
#   - import throughput: python-hl7 parsing each message and inserting one row per message into SQLite (a floor:
#     no FHIR mapping, no matching, no history), same messages, same machine;
#   - identity accuracy: Splink (DuckDB backend) on the same patient records, pairwise precision/recall vs truth.
# Env: GX (release gxtool), PERSONS (default 30000), WORK (default a temp dir), THREADS (default: all cores).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GX=${GX:-$ROOT/.build/release/gxtool}
PERSONS=${PERSONS:-30000}
WORK=${WORK:-$(mktemp -d /tmp/gx-records-bench.XXXXXX)}
THREADS=${THREADS:-$(nproc)}
HERE=$ROOT/Benchmarks/records
[ -x "$GX" ] || { echo "records bench: $GX is missing (swift build -c release)" >&2; exit 1; }
python3 -c "import hl7" 2>/dev/null || { echo "records bench: python-hl7 missing (pip install hl7)" >&2; exit 1; }

python3 "$ROOT/Fixtures/records/generate.py" "$WORK/load" --persons "$PERSONS" --seed 8
L=$WORK/load
MESSAGES=$(grep -c '^MSH' "$L/hospital-adt.hl7")

now() { date +%s.%N; }
rm -f "$WORK"/gx.sqlite*
t0=$(now); "$GX" records import --store "$WORK/gx.sqlite" --threads "$THREADS" "$L/hospital-adt.hl7" > "$WORK/adt.out"; t1=$(now)
GX_S=$(echo "$t1 - $t0" | bc -l)
"$GX" records import --store "$WORK/gx.sqlite" --threads "$THREADS" --mapping "$L/clinic-mapping.json" "$L/clinic.csv" > "$WORK/csv.out"
"$GX" records import --store "$WORK/gx.sqlite" --threads "$THREADS" "$L/family-doctor.ndjson" > "$WORK/fhir.out"
rm -f "$WORK"/peer.sqlite*
t0=$(now); python3 "$HERE/peer_hl7_sqlite.py" "$L/hospital-adt.hl7" "$WORK/peer.sqlite"; t1=$(now)
PEER_S=$(echo "$t1 - $t0" | bc -l)

echo "--- import (HL7 v2 ADT, $MESSAGES messages, per-message transaction semantics, SQLite WAL)"
echo "gx:   $(head -1 "$WORK/adt.out")"
printf "gx:   %.2f s, %.0f messages/s (parse, map to FHIR, match, store with history and search index)\n" "$GX_S" "$(echo "$MESSAGES / $GX_S" | bc -l)"
printf "peer: %.2f s, %.0f messages/s (python-hl7 parse + one SQLite row per message)\n" "$PEER_S" "$(echo "$MESSAGES / $PEER_S" | bc -l)"
printf "ratio gx/peer throughput: %.2f\n" "$(echo "$PEER_S / $GX_S" | bc -l)"
echo "clinic CSV:    $(head -1 "$WORK/csv.out")"
echo "family doctor: $(head -1 "$WORK/fhir.out")"
echo "--- identity (pairs of patient records of the same person, vs the generated truth)"
python3 "$HERE/evaluate.py" "$L" "$WORK/gx.sqlite"
if python3 -c "import splink" 2>/dev/null; then
  python3 "$HERE/splink_dedupe.py" "$L"
else
  echo "Splink: not installed (pip install splink); not run"
fi
