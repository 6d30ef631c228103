#!/usr/bin/env python3
"""count_dnaio.py FILE -> "records bases": the per-record dnaio loop of ../shared/bench/lib/count_fastq.py
(dnaio is the fastest peer in ANCHORS.md; .gz goes through xopen and python-isal in-process)."""
import sys
import dnaio

n = b = 0
with dnaio.open(sys.argv[1]) as f:
    for r in f:
        n += 1
        b += len(r.sequence)
print(n, b)
