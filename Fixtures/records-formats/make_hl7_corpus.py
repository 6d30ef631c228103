#!/usr/bin/env python3
"""Builds an HL7 v2 benchmark corpus from real public messages: every message of the given files that python-hl7
parses (segments normalised to CR, one message per LF-terminated block), repeated until COUNT messages.

Usage: make_hl7_corpus.py OUT COUNT FILE...
"""
import os
import sys

import hl7

# The same documented normalisation the agreement test uses (segment terminators, editor wraps, space-joined segments).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Benchmarks", "hl7"))
from python_hl7_extract import normalise  # noqa: E402


def messages(path):
    text = open(path, "rb").read().decode("utf-8", errors="strict")
    text = normalise(text.lstrip("\ufeff"))
    out, current = [], []
    for seg in text.split("\r"):
        if not seg.strip() or seg.startswith(("FHS", "BHS", "BTS", "FTS")):
            continue
        if seg.startswith("MSH") and current:
            out.append("\r".join(current) + "\r")
            current = []
        current.append(seg)
    if current:
        out.append("\r".join(current) + "\r")
    good = []
    for m in out:
        try:
            if m.startswith("MSH") and "\r" in m.strip("\r") and hl7.parse(m).segment("MSH"):
                good.append(m)
        except Exception:
            pass
    return good


def main():
    out_path, count, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    pool = []
    for f in sorted(files):
        try:
            pool.extend(messages(f))
        except UnicodeDecodeError:
            pass
    with open(out_path, "w", encoding="utf-8", newline="") as out:
        for i in range(count):
            out.write(pool[i % len(pool)] + "\n")
    print(f"make_hl7_corpus: {count} messages from a pool of {len(pool)} -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
