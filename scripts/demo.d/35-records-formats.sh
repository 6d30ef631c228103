#!/usr/bin/env bash
# Records formats: HL7 v2 messages and CSV exports from the project's fixtures (Fixtures/records-formats/) become
# FHIR R4 transaction Bundles; a malformed message and a bad CSV row are reported with file, message/row, line and
# field while the rest is converted.
set -euo pipefail
D=$OUT/records-formats
mkdir -p "$D"
F=$ROOT/Fixtures/records-formats
python3 "$F/make_fixtures.py" "$D" >/dev/null
echo "-- gxtool records hl7: what the feed holds (MSH-10, MSH-9, PID-3 first ID)"
"$GX" records hl7 --field MSH-10 --field MSH-9 --field 'PID-3[1].1' "$D"/adt-a01-zh.hl7 "$D"/oru-r01-zh.hl7 "$D"/adt-a40.hl7 | cut -f2- | column -t -s $'\t'
echo "-- gxtool records hl7 --ack (one acknowledgement per message)"
"$GX" records hl7 --ack "$D"/oru-r01-zh.hl7 | tr '\r' '\n' | grep -E '^(MSH|MSA)' | cut -c1-90
echo "-- gxtool records convert: 3 HL7 v2 messages + a feed with one broken message"
{ cat "$D/adt-a01-zh.hl7"; printf '\nMSH|^~|BROKEN\rPID|1\r\n'; cat "$D/oru-r01-zh.hl7"; } > "$D/feed.hl7"
"$GX" records convert "$D"/adt-a40.hl7 "$D"/feed.hl7 -o "$D/hl7.ndjson" || true
python3 - "$D/hl7.ndjson" <<'PY'
import json, sys, collections
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    b = json.loads(line)
    kinds = collections.Counter(e["resource"]["resourceType"] for e in b["entry"])
    print(f"   bundle {n}: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
PY
echo "-- gxtool records convert --mapping hospital-patient-master (GB/T 2261.1 sex codes, resident IDs)"
"$GX" records convert --quiet --from csv --mapping hospital-patient-master "$D/hospital-patients.csv" -o "$D/patients.ndjson"
echo "-- gxtool records convert --mapping lab-results (row 5 has no MRN: rejected, the rest written)"
"$GX" records convert --from csv --mapping lab-results "$D/lab-results.csv" -o "$D/labs.ndjson" || true
echo "-- outputs: $D/hl7.ndjson $D/patients.ndjson $D/labs.ndjson (validate: $GX records validate FILE)"
