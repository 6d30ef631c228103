#!/usr/bin/env python3
"""python-hl7 side of Benchmarks/hl7/run.sh: parse every message of FILE (messages separated by LF, segments by CR)
and print file, message number and MSH-10, PID-3, PID-5, PID-7, PID-8, OBX-3, OBX-5 as TSV (what
`gxtool records hl7 --field ...` prints)."""
import sys

import hl7

FIELDS = [("MSH", 10), ("PID", 3), ("PID", 5), ("PID", 7), ("PID", 8), ("OBX", 3), ("OBX", 5)]


def value(message, seg_id, n):
    try:
        return str(message.segment(seg_id)[n])
    except (KeyError, IndexError):
        return ""


def main():
    path = sys.argv[1]
    text = open(path, "rb").read().decode("utf-8")
    out = []
    number = 0
    for chunk in text.split("\n"):
        if not chunk.strip():
            continue
        number += 1
        message = hl7.parse(chunk)
        out.append("\t".join([path, str(number)] + [value(message, s, n) for s, n in FIELDS]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
