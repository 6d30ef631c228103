#!/usr/bin/env python3
"""Throughput floor for HL7 v2 import: python-hl7 parses each message; one row per message (control id, sender,
patient id, name, birth date) goes into SQLite (WAL, synchronous=NORMAL), committed every 256 messages with a
savepoint per message - the same transaction shape as gx, without FHIR mapping, matching or history.

Usage: peer_hl7_sqlite.py FEED.hl7 OUT.sqlite
"""
import sqlite3, sys

import hl7


def main():
    feed, out = sys.argv[1], sys.argv[2]
    text = open(feed, encoding="utf-8", newline="").read()
    messages = [m for m in text.split("\n") if m.startswith("MSH")]
    db = sqlite3.connect(out, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE message (key TEXT PRIMARY KEY, patient TEXT, name TEXT, birth TEXT, raw TEXT)")
    db.execute("BEGIN")
    for i, raw in enumerate(messages, 1):
        m = hl7.parse(raw)
        msh = m.segment("MSH")
        key = f"{msh[3]}|{msh[4]}|{msh[10]}"
        try:
            pid = m.segment("PID")
            row = (key, str(pid[3][0][0]), str(pid[5]), str(pid[7]), raw)
        except (KeyError, IndexError):
            row = (key, "", "", "", raw)
        db.execute("SAVEPOINT m")
        db.execute("INSERT OR IGNORE INTO message VALUES (?, ?, ?, ?, ?)", row)
        db.execute("RELEASE m")
        if i % 256 == 0:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    print(f"peer: {len(messages)} messages")


if __name__ == "__main__":
    main()
