#!/usr/bin/env bash
# Records: a generated population of 300 people seen by three sources (hospital HL7 v2 ADT feed with A40 merges,
# community-clinic CSV, family-doctor FHIR bundles; Fixtures/records/generate.py, known truth) imported into one
# SQLite store; the index's accuracy against the truth; one person's merged record; a de-identified research copy;
# the demo plate's screening and NIPT results attached to a patient.
set -euo pipefail
D=$OUT/records
rm -rf "$D"; mkdir -p "$D"
python3 "$ROOT/Fixtures/records/generate.py" "$D/load" --persons 300 --seed 40
S=$D/gx.sqlite
echo "-- gxtool records import (each source; counts add up: in = stored + updated + merged + rejected + already imported)"
"$GX" records import --store "$S" "$D/load/hospital-adt.hl7" | head -1 | sed 's/^/   HL7 v2 ADT:    /'
"$GX" records import --store "$S" --mapping "$D/load/clinic-mapping.json" "$D/load/clinic.csv" | head -1 | sed 's/^/   clinic CSV:    /'
"$GX" records import --store "$S" "$D/load/family-doctor.ndjson" | head -1 | sed 's/^/   family doctor: /'
"$GX" records import --store "$S" "$D/load/family-doctor.ndjson" | head -1 | sed 's/^/   again:         /'
echo "-- identity index vs the generated truth (pairs of records of the same person)"
python3 "$ROOT/Benchmarks/records/evaluate.py" "$D/load" "$S" | sed 's/^/   /'
# The person seen most often across the sources.
RID=$(tr -d '\r' < "$D/load/records.csv" | awk -F, 'NR > 1 && $10 != "" { n[$10]++ } END { for (k in n) print n[k], k }' | sort -rn | head -1 | cut -d' ' -f2)
echo "-- gxtool records search 'Patient?identifier=<resident ID system>|<ID>' --ids"
P=$("$GX" records search --store "$S" "Patient?identifier=urn:oid:2.16.840.1.113883.2.23.1.19.1|$RID" --ids | head -1)
echo "   $P"
"$GX" records export --store "$S" --patient "${P#Patient/}" -o "$D/patient.json"
python3 - "$D/patient.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
p = b["entry"][0]["resource"]
ids = sorted({i.get("system", "") for i in p.get("identifier", [])})
print(f"   merged record: {len(b['entry'])} resources; Patient version {p['meta']['versionId']}; "
      f"{len(p.get('identifier', []))} identifiers from {len(ids)} systems; {len(p.get('name', []))} name forms; "
      f"types: {sorted({e['resource']['resourceType'] for e in b['entry']})}")
PY
if [ -f "$OUT/screening/bam/S003.json" ] || [ -f "$OUT/nipt/results/P001.json" ]; then
  echo "-- gxtool records attach-results (demo plate S003, NIPT P001) → Genomics Reporting resources"
  for f in "$OUT/screening/bam/S003.json" "$OUT/nipt/results/P001.json"; do
    [ -f "$f" ] && "$GX" records attach-results --store "$S" --patient "${P#Patient/}" "$f" | head -1 | sed 's/^/   /'
  done
fi
head -c 32 /dev/urandom > "$D/research.key"
echo "-- gxtool records deidentify --key-file research.key (keyed pseudonyms, shifted dates, no direct identifiers)"
"$GX" records deidentify --store "$S" --key-file "$D/research.key" -o "$D/research" | tail -1 | sed 's/^/   /'
(cd "$D/research" && sha256sum -c --quiet manifest.sha256 && echo "   manifest.sha256: all files verified")
head -c 300 "$D/research/Patient.ndjson"; echo " …"
