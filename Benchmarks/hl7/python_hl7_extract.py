#!/usr/bin/env python3
"""Extracts HL7 v2 field values with python-hl7 (the peer) for gx's agreement test.

Usage: python_hl7_extract.py FILE...   -> JSON on stdout:
  {FILE: {"error": "..."}                                    python-hl7 rejected the file
         {"messages": [{"MSH-10": [TREE], "PID-3": [TREE, ...], ...}, ...]}}
TREE = field as repetitions -> components -> subcomponents (raw, escaped strings), one TREE per segment occurrence.
UNESCAPED = the same shape with python-hl7's unescape() of each leaf, or null where python-hl7's unescape is not
comparable (formatting / highlight / character-set escapes, which it maps to "_" or "\\r" by its own convention).

Input normalisation (documented in docs/hl7v2.md, identical on the gx side): bytes are decoded as UTF-8 (python-hl7's
default; a decode error is reported as the file's error), a UTF-8 BOM is dropped, CRLF and LF become CR (python-hl7
only splits on CR, as the standard says), and a message whose segments were joined by single spaces on one line
("…||| EVN|…", text copied from a web page) is split before each "XYZ|" segment ID. Files with FHS are read with
hl7.parse_file, everything else with hl7.parse_batch (which also reads single messages and bare message lists).
"""
import json
import re
import sys

import hl7

FIELDS = [("MSH", 10), ("PID", 3), ("PID", 5), ("PID", 7), ("PID", 8), ("OBX", 3), ("OBX", 5)]
COMPARABLE_ESCAPE = re.compile(r"\\(?:[FSTRE]|X[0-9A-Fa-f]+)\\")
ANY_ESCAPE = re.compile(r"\\[^\\]*\\")


def norm_field(f):
    if isinstance(f, str):
        return [[[f]]]
    items = list(f)
    if len(items) == 1 and isinstance(items[0], str):
        return [[[items[0]]]]
    return [norm_rep(r) for r in items]


def norm_rep(r):
    if isinstance(r, str):
        return [[r]]
    items = list(r)
    if len(items) == 1 and isinstance(items[0], str):
        return [[items[0]]]
    return [[c] if isinstance(c, str) else [str(x) for x in c] for c in items]


def unescaped(msg, tree, esc):
    out = []
    for rep in tree:
        out.append([[comparable(msg, s, esc) for s in comp] for comp in rep])
    return out


def comparable(msg, leaf, esc):
    if esc not in leaf:
        return leaf
    # Only compare when every escape sequence is one whose meaning is fixed by the standard.
    stripped = COMPARABLE_ESCAPE.sub("", leaf)
    if ANY_ESCAPE.search(stripped):
        return None
    return msg.unescape(leaf)


STANDARD_IDS = "MSH EVN PID PD1 NK1 PV1 PV2 OBR OBX ORC NTE DG1 DRG PR1 GT1 IN1 IN2 IN3 AL1 MRG TXA FT1 SPM SCH AIS AIG AIL AIP RGS TQ1 RXA RXR RXO RXE MSA".split()
SPACE_JOINED = re.compile(r" (?=(?:%s)\|)" % "|".join(STANDARD_IDS))
SEGMENT_START = re.compile(r"^[A-Za-z0-9]{3}(?:[^A-Za-z0-9 ]|$)")


def normalise(text):
    """Same repairs as gx: segments joined by single spaces are split before a standard segment ID; a line
    after a LF that does not start like a segment continues the previous segment (an editor's wrap)."""
    tokens = re.split(r"(\r\n|\n|\r)", text)
    segments = []
    after_lf = False
    for k in range(0, len(tokens), 2):
        line = tokens[k].lstrip(" \t")
        brk = tokens[k + 1] if k + 1 < len(tokens) else ""
        if line.strip(" \t"):
            pieces = [line[:4] + p if i == 0 else p for i, p in enumerate(SPACE_JOINED.split(line[4:]))] if len(line) > 9 else [line]
            for i, piece in enumerate(pieces):
                if i == 0 and after_lf and segments and not SEGMENT_START.match(piece):
                    segments[-1] += piece
                else:
                    segments.append(piece)
            after_lf = "\n" in brk
        else:
            after_lf = after_lf or "\n" in brk
    return "\r".join(segments)


def messages_of(text):
    if text.startswith("FHS"):
        f = hl7.parse_file(text)
        return [m for batch in f for m in batch]
    return list(hl7.parse_batch(text))


def extract(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return {"error": "UnicodeDecodeError: %s" % e}
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise(text)
    try:
        msgs = messages_of(text.strip())
    except Exception as e:  # python-hl7 raises ParseException / ValueError on malformed input
        return {"error": "%s: %s" % (type(e).__name__, e)}
    out = []
    for m in msgs:
        esc = m.esc
        entry = {}
        for seg_id, n in FIELDS:
            key = "%s-%d" % (seg_id, n)
            trees, plain = [], []
            for seg in m:
                if str(seg[0]) != seg_id:
                    continue
                try:
                    field = seg[n]
                except IndexError:
                    field = ""
                tree = norm_field(field)
                trees.append(tree)
                plain.append(unescaped(m, tree, esc))
            entry[key] = trees
            entry[key + ":unescaped"] = plain
        out.append(entry)
    return {"messages": out}


def main():
    result = {path: extract(path) for path in sys.argv[1:]}
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
