#!/usr/bin/env python3
"""Pairwise precision and recall of gx's patient index against the generated truth.

Usage: evaluate.py LOAD_DIR STORE.sqlite [--json]

Each patient record of the load (truth.csv rows of kind 'patient': an HL7 v2 message, a CSV row, a FHIR bundle line)
was filed under a patient in the store (import_log.patient_id); merges (A40, review decisions) are followed to the
survivor. Pairs of records in the same final patient are predicted links; pairs of records of the same true person
are true links. Precision = TP / predicted pairs, recall = TP / true pairs.
"""
import argparse, csv, json, os, sqlite3

from pairwise import score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("load")
    ap.add_argument("store")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    db = sqlite3.connect(a.store)
    merged = dict(db.execute("SELECT from_id, to_id FROM patient_link WHERE kind = 'merge' ORDER BY number"))

    def survivor(pid):
        seen = set()
        while pid in merged and pid not in seen:
            seen.add(pid)
            pid = merged[pid]
        return pid

    filed = {}
    for file, position, pid, outcome in db.execute("SELECT file, position, patient_id, outcome FROM import_log"):
        filed[(os.path.basename(file), position)] = (pid, outcome)
    records, missing = [], 0
    with open(os.path.join(a.load, "truth.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] != "patient":
                continue
            got = filed.get((row["file"], row["position"]))
            if got is None or got[0] is None:
                missing += 1
                continue
            records.append((row["person"], survivor(got[0])))
    result = dict(records=len(records), not_filed=missing, persons=len(set(t for t, _ in records)),
                  patients=len(set(p for _, p in records)), **score(records),
                  review_open=db.execute("SELECT COUNT(*) FROM review_queue WHERE status = 'open'").fetchone()[0])
    tp, predicted, true = result["true_positive_pairs"], result["predicted_pairs"], result["true_pairs"]
    if a.json:
        print(json.dumps(result))
    else:
        print(f"gx index: {result['records']} patient records ({missing} not filed), {result['persons']} true persons -> "
              f"{result['patients']} patients; pairs: true {true}, predicted {predicted}, correct {tp}; "
              f"precision {result['precision']:.4f}, recall {result['recall']:.4f}; open review items {result['review_open']}")


if __name__ == "__main__":
    main()
