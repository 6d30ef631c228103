#!/usr/bin/env python3
"""Compares gx screening calls (JSON) with a bcftools VCF and with the truth VCF at the panel sites.

Usage: compare_calls.py GX.json BCFTOOLS.vcf[.gz] [TRUTH.vcf.gz] [--min-depth 15]
Prints one line per site and a summary: sites called by both, equal genotypes, and each caller against the truth.
Exits 1 when a site called by both has different genotypes.
"""
import gzip, json, sys

def opener(p): return gzip.open(p, "rt") if p.endswith(".gz") else open(p)
def norm(r, a):
    while len(r) > 1 and len(a) > 1 and r[-1] == a[-1]: r, a = r[:-1], a[:-1]
    return r, a
def records(path):
    out = {}
    for line in opener(path):
        if line.startswith("#"): continue
        f = line.rstrip("\n").split("\t")
        fmt = dict(zip(f[8].split(":"), f[9].split(":"))) if len(f) > 9 else {}
        out.setdefault((f[0], int(f[1])), []).append((f[3], [a for a in f[4].split(",") if a != "."], fmt.get("GT", "./.")))
    return out
def alt_count(recs, chrom, pos, ref, alt):
    here = recs.get((chrom, pos), [])
    if not here: return None
    for r, alts, gt in here:
        for i, a in enumerate(alts, 1):
            if a != "<*>" and norm(r, a) == (ref, alt):
                idx = [x for x in gt.replace("|", "/").split("/")]
                if "." in idx: return None
                return sum(1 for x in idx if int(x) == i)
    return 0 if all(gt.replace("|", "/") in ("0/0",) for _, _, gt in here) else None

args = [a for a in sys.argv[1:] if not a.startswith("--")]
min_depth = int(sys.argv[sys.argv.index("--min-depth") + 1]) if "--min-depth" in sys.argv else 15
if "--min-depth" in sys.argv: args.remove(str(min_depth))
gx = json.load(open(args[0])); peer = records(args[1]); truth = records(args[2]) if len(args) > 2 else None
both = same = gx_called = peer_called = gx_right = peer_right = 0; diffs = []
for s in gx["sites"]:
    g = {"0/0": 0, "0/1": 1, "1/1": 2}.get(s.get("genotype")) if s["status"] == "called" else None
    p = alt_count(peer, s["chromosome"], s["position"], s["reference"], s["alternate"])
    t = alt_count(truth, s["chromosome"], s["position"], s["reference"], s["alternate"]) if truth else None
    gx_called += g is not None; peer_called += p is not None
    if t is not None:
        gx_right += g == t; peer_right += p == t
    if g is not None and p is not None:
        both += 1; same += g == p
        if g != p: diffs.append(f"{s['siteID']}: gx {g} bcftools {p} (gx AD {s['referenceDepth']},{s['alternateDepth']})")
    print(f"{s['siteID']}\tgx={g if g is not None else 'NC'}\tbcftools={p if p is not None else 'NC'}\ttruth={t}\tDP={s['depth']}\t{s.get('noCallReason') or ''}")
print(f"summary\tsites={len(gx['sites'])}\tgx_called={gx_called}\tbcftools_called={peer_called}\tboth={both}\tequal={same}"
      + (f"\tgx_right={gx_right}\tbcftools_right={peer_right}" if truth else ""))
for d in diffs: print("DIFFERENT", d)
sys.exit(1 if diffs else 0)
