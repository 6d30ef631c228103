#!/usr/bin/env bash
# FHIR R4: validate a hand-written transaction Bundle (valid) and a Patient with deliberate errors; write gx's
# serialisation of the Bundle (lossless: the decimal 7.20 keeps its trailing zero).
set -euo pipefail
echo "\$ gxtool records validate Fixtures/fhir/transaction-bundle.json"
"$GX" records validate --write-to "$OUT/fhir" "$ROOT/Fixtures/fhir/transaction-bundle.json" 2>&1 | sed "s|$ROOT/||"
echo "\$ gxtool records validate Fixtures/fhir/invalid-patient.json   (deliberate errors; exit status 1)"
"$GX" records validate "$ROOT/Fixtures/fhir/invalid-patient.json" 2>&1 | sed "s|$ROOT/||" || true
grep -o '"valueQuantity":{[^}]*}' "$OUT/fhir/transaction-bundle.json" | sed 's/^/rewritten by gx: /'
