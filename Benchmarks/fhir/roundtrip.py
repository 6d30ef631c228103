#!/usr/bin/env python3
"""Peer side of the FHIR benchmark: parse + serialise FHIR JSON files with fhir.resources (R4B pydantic models).

usage: roundtrip.py REPEAT FILE...   -- prints "<resources> <bytes> <wall seconds> <CPU seconds>" for REPEAT passes
over the files (file reading and imports excluded).
Files the R4B models reject are reported on stderr and excluded by run.sh before timing.
"""
import sys
import time

from fhir.resources.R4B import get_fhir_model_class
import json


def main():
    repeat = int(sys.argv[1])
    files = sys.argv[2:]
    data = [open(f, "rb").read() for f in files]
    types = [json.loads(d)["resourceType"] for d in data]
    models = [get_fhir_model_class(t) for t in types]
    total = 0
    start = time.perf_counter()
    cpu = time.process_time()
    for _ in range(repeat):
        for raw, model in zip(data, models):
            resource = model.model_validate_json(raw)
            out = resource.model_dump_json()
            total += len(out)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print(len(data) * repeat, sum(map(len, data)) * repeat, f"{seconds:.3f}", f"{cpu:.3f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        bad = 0
        for f in sys.argv[2:]:
            raw = open(f, "rb").read()
            try:
                get_fhir_model_class(json.loads(raw)["resourceType"]).model_validate_json(raw).model_dump_json()
                print(f)
            except Exception as e:  # noqa: BLE001 - report and exclude
                bad += 1
                print(f"excluded (fhir.resources R4B rejects it): {f}: {str(e).splitlines()[0]}", file=sys.stderr)
        sys.exit(0)
    main()
