#!/usr/bin/env python3
"""Checks gx screening results against the simulator's truth.

Usage: check_plate.py TRUTH.tsv RESULTS_DIR [--min-depth 15] [--threshold 0.03]

A nuclear call is right when its GT equals the planted genotype. A mitochondrial call is right when
"detected" equals (planted fraction >= threshold) and "homoplasmic" equals (planted fraction >= 0.95). Whether the
planted fraction lies within the reported bounds (each one-sided at alpha 0.01, so about 2 % should miss) is
counted separately ("fraction outside bounds"), not as a wrong call. Every site whose planted depth is >= --min-depth must be right when
called; a no-call must carry a reason. Prints counts per depth and exits 1 on any wrong call.
"""
import json, sys, os, argparse, collections

ap = argparse.ArgumentParser()
ap.add_argument('truth'); ap.add_argument('results')
ap.add_argument('--min-depth', type=int, default=15); ap.add_argument('--threshold', type=float, default=0.03)
a = ap.parse_args()
truth = collections.defaultdict(dict); depth = {}
for i, line in enumerate(open(a.truth)):
    if i == 0: continue
    sid, site, t, d = line.rstrip('\n').split('\t')
    truth[sid][site] = t; depth[sid] = int(d)
stats = collections.Counter(); wrong = []
for sid in sorted(truth):
    path = os.path.join(a.results, sid + '.json')
    r = json.load(open(path))
    if r['status'] != 'ok':
        wrong.append(f"{sid}: sample failed: {r.get('error')}"); continue
    for s in r['sites']:
        t = truth[sid][s['siteID']]; d = depth[sid]
        key = 'deep' if d >= a.min_depth else 'shallow'
        if s['status'] != 'called':
            stats[key + ' no-call'] += 1
            if not s.get('noCallReason'): wrong.append(f"{sid} {s['siteID']}: no-call without a reason")
            continue
        if t.startswith('HF='):
            hf = float(t[3:]); h = s['heteroplasmy']
            ok = (h['status'] in ('heteroplasmic', 'homoplasmic')) == (hf >= a.threshold) and (h['status'] == 'homoplasmic') == (hf >= 0.95)
            if h['status'] != 'not_detected':
                stats['mt detected'] += 1
                if not h['lower'] <= hf <= h['upper']: stats['mt fraction outside bounds'] += 1
            what = f"HF {hf} called {h['status']} {h['fraction']:.3f} [{h['lower']:.3f},{h['upper']:.3f}]"
        else:
            ok = s['genotype'] == t
            what = f"GT {t} called {s['genotype']} AD {s['referenceDepth']},{s['alternateDepth']} GQ {s['genotypeQuality']}"
        stats[key + (' right' if ok else ' WRONG')] += 1
        if not ok: wrong.append(f"{sid} (depth {d}) {s['siteID']}: {what}")
for k in sorted(stats): print(f"{k}\t{stats[k]}")
for w in wrong: print("WRONG", w)
deep_wrong = [w for w in wrong if 'depth' not in w or int(w.split('(depth ')[1].split(')')[0]) >= a.min_depth]
sys.exit(1 if deep_wrong else 0)
