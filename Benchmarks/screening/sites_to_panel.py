#!/usr/bin/env python3
"""Writes a gx panel TSV for the benchmark genome's known sites (sites.vcf.gz of ../shared/bench/make-data.sh).

Usage: sites_to_panel.py SITES.vcf.gz > panel.tsv
The synthetic genome has no genes: gene SYN, transcript '.', HGVS g. names; build 'bench-20M'.
"""
import gzip, sys

cols = ["id", "gene", "transcript", "hgvs_c", "hgvs_p", "rsid", "build", "chrom", "pos", "ref", "alt", "type",
        "clinical_significance", "inheritance", "report_wording", "source"]
print("##gx-panel=1\n##name=bench-sites\n##build=bench-20M\n##description=24 planted sites of the benchmark genome")
print("\t".join(cols))
for line in gzip.open(sys.argv[1], "rt"):
    if line.startswith("#"): continue
    f = line.rstrip("\n").split("\t")
    chrom, pos, ref, alt = f[0], f[1], f[3], f[4].split(",")[0]
    kind = "snv" if len(ref) == len(alt) == 1 else "mnv" if len(ref) == len(alt) else "deletion" if len(ref) > len(alt) else "insertion"
    print("\t".join([f"{chrom}_{pos}", "SYN", ".", f"g.{pos}{ref}>{alt}", ".", ".", "bench-20M", chrom, pos, ref, alt,
                     kind, "benchmark", "AR", "benchmark site", "make-data.sh sites.vcf.gz"]))
