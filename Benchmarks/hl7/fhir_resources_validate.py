#!/usr/bin/env python3
"""Validates FHIR Bundles (NDJSON, one per line, or JSON files) with the peer library fhir.resources (R4B models).

Usage: fhir_resources_validate.py FILE...  -> prints "OK <n>" or one "FAIL <file>:<line>: <error>" per invalid Bundle;
exit status 1 if any failed. Entry resources are validated by the Bundle model (pydantic, R4B definitions).
"""
import json
import sys

from fhir.resources.R4B.bundle import Bundle


def validate(obj):
    if hasattr(Bundle, "model_validate"):
        Bundle.model_validate(obj)
    else:
        Bundle.parse_obj(obj)


def main():
    ok, failed = 0, 0
    for path in sys.argv[1:]:
        text = open(path, encoding="utf-8").read()
        docs = [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip()] if path.endswith(".ndjson") else [(1, text)]
        for line, doc in docs:
            try:
                validate(json.loads(doc))
                ok += 1
            except Exception as e:  # pydantic.ValidationError and JSON errors
                failed += 1
                print("FAIL %s:%d: %s" % (path, line, str(e).replace("\n", " | ")[:2000]))
    print("OK %d" % ok)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
