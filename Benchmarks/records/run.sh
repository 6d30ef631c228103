#!/usr/bin/env bash
# Records benchmark: the project's generated three-source load (HL7 v2 ADT feed, clinic CSV, family-doctor FHIR
# bundles; known true persons) imported into SQLite by gx, against
#   - import throughput: python-hl7 parsing each message and inserting one row per message into SQLite (a floor:
#     no FHIR mapping, no matching, no history), same messages, same machine;
#   - identity accuracy: Splink (DuckDB backend) on the same patient records, pairwise precision/recall vs truth.
# Env: GX (release gxtool), PERSONS (default 30000), LOAD (reuse a generated load), WORK (default a temp dir),
# THREADS (default: all cores), RUNS (import runs, default 3; medians are printed). Each timed run starts after `sync`,
# so that no write-back of the previous run is still pending.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GX=${GX:-$ROOT/.build/release/gxtool}
PERSONS=${PERSONS:-30000}
WORK=${WORK:-$(mktemp -d /tmp/gx-records-bench.XXXXXX)}
THREADS=${THREADS:-$(nproc)}
HERE=$ROOT/Benchmarks/records
mkdir -p "$WORK"
[ -x "$GX" ] || { echo "records bench: $GX is missing (swift build -c release)" >&2; exit 1; }
python3 -c "import hl7" 2>/dev/null || { echo "records bench: python-hl7 missing (pip install hl7)" >&2; exit 1; }

L=${LOAD:-$WORK/load}
[ -f "$L/truth.csv" ] || python3 "$ROOT/Fixtures/records/generate.py" "$L" --persons "$PERSONS" --seed 8
MESSAGES=$(grep -c '^MSH' "$L/hospital-adt.hl7")

now() { date +%s.%N; }
RUNS=${RUNS:-3}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# The ADT import into a fresh store, RUNS times (wall and CPU medians; the disk's write-back makes single runs vary).
: > "$WORK/gx.walls"; : > "$WORK/gx.cpus"
for run in $(seq "$RUNS"); do
  rm -f "$WORK"/gx.sqlite*; sync   # no write-back of the previous run left pending
  t0=$(now); /usr/bin/time -f "%U %S" -o "$WORK/gx.cpu" "$GX" records import --store "$WORK/gx.sqlite" --threads "$THREADS" "$L/hospital-adt.hl7" > "$WORK/adt.out"; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$WORK/gx.walls"; awk '{print $1 + $2}' "$WORK/gx.cpu" >> "$WORK/gx.cpus"
done
GX_S=$(median < "$WORK/gx.walls"); GX_CPU=$(median < "$WORK/gx.cpus")
"$GX" records import --store "$WORK/gx.sqlite" --threads "$THREADS" --mapping "$L/clinic-mapping.json" "$L/clinic.csv" > "$WORK/csv.out"
"$GX" records import --store "$WORK/gx.sqlite" --threads "$THREADS" "$L/family-doctor.ndjson" > "$WORK/fhir.out"
: > "$WORK/peer.walls"; : > "$WORK/peer.cpus"
for run in $(seq "$RUNS"); do
  rm -f "$WORK"/peer.sqlite*; sync
  t0=$(now); /usr/bin/time -f "%U %S" -o "$WORK/peer.cpu" python3 "$HERE/peer_hl7_sqlite.py" "$L/hospital-adt.hl7" "$WORK/peer.sqlite" >/dev/null; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$WORK/peer.walls"; awk '{print $1 + $2}' "$WORK/peer.cpu" >> "$WORK/peer.cpus"
done
PEER_S=$(median < "$WORK/peer.walls"); PEER_CPU=$(median < "$WORK/peer.cpus")

echo "--- import (HL7 v2 ADT, $MESSAGES messages, per-message transaction semantics, SQLite WAL; median of $RUNS runs, load before: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "gx:   $(head -1 "$WORK/adt.out")"
printf "gx:   wall %.2f s = %.0f messages/s; CPU %.2f s = %.0f messages per CPU-second (parse, map to FHIR, match, store with history and search index)\n" \
  "$GX_S" "$(echo "$MESSAGES / $GX_S" | bc -l)" "$GX_CPU" "$(echo "$MESSAGES / $GX_CPU" | bc -l)"
printf "peer: wall %.2f s = %.0f messages/s; CPU %.2f s = %.0f messages per CPU-second (python-hl7 parse + one SQLite row per message)\n" \
  "$PEER_S" "$(echo "$MESSAGES / $PEER_S" | bc -l)" "$PEER_CPU" "$(echo "$MESSAGES / $PEER_CPU" | bc -l)"
printf "ratio gx/peer throughput: wall %.2f, CPU %.2f\n" "$(echo "$PEER_S / $GX_S" | bc -l)" "$(echo "$PEER_CPU / $GX_CPU" | bc -l)"
echo "clinic CSV:    $(head -1 "$WORK/csv.out")"
echo "family doctor: $(head -1 "$WORK/fhir.out")"
echo "--- identity (pairs of patient records of the same person, vs the generated truth)"
python3 "$HERE/evaluate.py" "$L" "$WORK/gx.sqlite"
if python3 -c "import splink" 2>/dev/null; then
  python3 "$HERE/splink_dedupe.py" "$L"
else
  echo "Splink: not installed (pip install splink); not run"
fi
