#!/usr/bin/env python3
"""Simulates a screening plate: reads with planted genotypes at panel sites on REAL sequence.

Sequence: GRCh38 chr13:20187470-20189603 (GJB2 exon 2) and rCRS chrM, read at run time from the panel flanks
bundled with gx (Sources/Seq/Resources/panels/flanks.GRCh38.fa, copied from ../shared/data; sources named there),
or from --flanks; a synthetic (random, seeded) flank of --synthetic-flank bases follows the chr13 piece, whose real
sequence ends 57 bp after c.35delG. Per sample: two nuclear haplotypes with the chosen diploid genotype at every nuclear site, and a
mitochondrial population with the chosen heteroplasmy fraction at every chrM site. Reads are paired-end, only
around the panel sites ("panel-only reads"), with phred qualities drawn per base and substitutions at
p = 10^(-Q/10) (so the qualities are honest), at a chosen depth.

Writes into OUT:
  samples/<ID>_R1.fastq, <ID>_R2.fastq    reads
  truth.tsv                               sample_id  site_id  truth (0/0, 0/1, 1/1, or HF=fraction)  depth
  sheet_fastq.tsv, sheet_bam.tsv          batch sample sheets (sample_id, fastq1, fastq2 / sample_id, bam)
  ref.fa(.fai)                            reference with the segments at their GRCh38 positions (N elsewhere)
  samples/<ID>.bam(.bai)                  with --align: minimap2 -ax sr | samtools sort | samtools index

Usage: simulate_plate.py OUT [--samples 96] [--seed 1] [--panel PANEL.tsv] [--align] [--threads 2]
       [--depths 5,8,...] [--read-length 100]
"""
import argparse, os, random, subprocess, sys, math
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PANELS = os.path.join(ROOT, 'Sources', 'Seq', 'Resources', 'panels')

def read_fasta(path):
    recs, name = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith('>'):
            name = line[1:].split()[0]; recs[name] = []
        elif name:
            recs[name].append(line.upper())
    out = {}
    for name, parts in recs.items():
        seq = ''.join(parts)
        if ':' in name and '-' in name.split(':')[-1]:
            chrom, rng = name.rsplit(':', 1)
            out[chrom] = (int(rng.split('-')[0]), seq)
        else:
            out[name] = (1, seq)
    return out

def read_panel(path):
    sites, header = [], None
    for line in open(path):
        line = line.rstrip('\n')
        if not line or line.startswith('##'): continue
        fields = line.split('\t')
        if header is None: header = [f.lstrip('#') for f in fields]; continue
        row = dict(zip(header, fields))
        sites.append(dict(id=row['id'], chrom=row['chrom'], pos=int(row['pos']), ref=row['ref'], alt=row['alt']))
    return sites

COMP = str.maketrans('ACGTN', 'TGCAN')
def revcomp(s): return s.translate(COMP)[::-1]

def apply_variants(seq, start, variants):
    """seq is the plus-strand sequence whose first base is 1-based `start`; variants (pos, ref, alt) do not overlap."""
    s = seq
    for pos, ref, alt in sorted(variants, key=lambda v: -v[0]):
        i = pos - start
        assert s[i:i + len(ref)] == ref, (pos, ref, s[i:i + len(ref)])
        s = s[:i] + alt + s[i + len(ref):]
    return s

def qualities(rng, n):
    # HiSeq-like: most bases Q30-40, a tail of low qualities, worse towards the 3' end.
    q = rng.normal(36, 4, n) - np.linspace(0, 6, n)
    low = rng.random(n) < 0.04
    q[low] = rng.integers(2, 20, low.sum())
    return np.clip(q, 2, 41).astype(int)

BASES = np.array(list('ACGT'))
def add_errors(rng, seq, q):
    arr = np.array(list(seq))
    p = 10 ** (-q / 10)
    hit = rng.random(len(arr)) < p
    for i in np.nonzero(hit)[0]:
        choices = [b for b in 'ACGT' if b != arr[i]]
        arr[i] = choices[rng.integers(0, 3)]
    nmask = (q <= 2) & (rng.random(len(arr)) < 0.3)
    arr[nmask] = 'N'
    return ''.join(arr)

def simulate_reads(rng, haplotypes, weights, window, hap_start, depth, read_length, fragment_mean, fragment_sd, name_prefix, out1, out2, counter):
    """haplotypes: list of sequences (same coordinate frame start hap_start only left of variants; we sample by
    position on the reference frame approximated on each haplotype). window: (lo, hi) 1-based on the reference."""
    lo, hi = window
    n_pairs = int(round(depth * (hi - lo + 1) / (2 * read_length)))
    for _ in range(n_pairs):
        h = rng.choice(len(haplotypes), p=weights)
        hap = haplotypes[h]
        frag = int(max(read_length + 20, rng.normal(fragment_mean, fragment_sd)))
        # fragment start on the haplotype, chosen so that the fragment overlaps the window
        start_min = max(0, lo - hap_start - frag + read_length)
        start_max = min(len(hap) - frag, hi - hap_start - read_length)
        if start_max < start_min: continue
        s = int(rng.integers(start_min, start_max + 1))
        fragment = hap[s:s + frag]
        if rng.random() < 0.5: fragment = revcomp(fragment)
        r1 = fragment[:read_length]; r2 = revcomp(fragment)[:read_length]
        counter[0] += 1
        name = f"{name_prefix}:{counter[0]}"
        for read, out, mate in ((r1, out1, 1), (r2, out2, 2)):
            q = qualities(rng, len(read))
            read = add_errors(rng, read, q)
            out.write(f"@{name}/{mate}\n{read}\n+\n{''.join(chr(33 + x) for x in q)}\n")

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('out')
    ap.add_argument('--samples', type=int, default=96)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--panel', default=os.path.join(PANELS, 'deafness-extended.GRCh38.tsv'))
    ap.add_argument('--flanks', default=os.path.join(PANELS, 'flanks.GRCh38.fa'))
    ap.add_argument('--depths', default='5,8,10,12,15,20,30,50,80,120,200,500')
    ap.add_argument('--heteroplasmy', default='0,0,0.05,0.1,0.25,0.5,0.8,1.0')
    ap.add_argument('--read-length', type=int, default=100)
    ap.add_argument('--align', action='store_true')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--prefix', default='S')
    ap.add_argument('--synthetic-flank', type=int, default=600, help='random bases appended after partial segments')
    a = ap.parse_args()
    a.out = os.path.abspath(a.out)   # the sample sheets hold absolute paths

    rng = np.random.default_rng(a.seed)
    flanks = read_fasta(a.flanks)
    # The real chr13 piece ends 57 bp after c.35delG: add a synthetic flank (random, GC 0.5, seeded) after each
    # partial segment so that reads cover the sites near its end as deeply as the others. The synthetic bases are
    # written into ref.fa (the BAM path aligns to them) but are not real GRCh38 sequence.
    synthetic = np.random.default_rng(20240611)
    for chrom, (st, seq) in list(flanks.items()):
        if st > 1:
            flanks[chrom] = (st, seq + ''.join(synthetic.choice(list('ACGT'), a.synthetic_flank)))
    sites = read_panel(a.panel)
    for s in sites:
        st, seq = flanks[s['chrom']]
        assert seq[s['pos'] - st:s['pos'] - st + len(s['ref'])] == s['ref'], f"panel REF disagrees with flanks at {s['id']}"
    os.makedirs(os.path.join(a.out, 'samples'), exist_ok=True)
    depths = [int(x) for x in a.depths.split(',')]
    hfs = [float(x) for x in a.heteroplasmy.split(',')]
    gts = ['0/0', '0/1', '1/1']

    # Windows with reads: around the sites of each contig (+- 250 bp), within the held sequence.
    windows = {}
    for s in sites:
        st, seq = flanks[s['chrom']]
        lo, hi = max(st, s['pos'] - 250), min(st + len(seq) - 1, s['pos'] + len(s['ref']) + 250)
        w = windows.get(s['chrom'])
        windows[s['chrom']] = (min(w[0], lo), max(w[1], hi)) if w else (lo, hi)

    truth = open(os.path.join(a.out, 'truth.tsv'), 'w')
    truth.write('sample_id\tsite_id\ttruth\tdepth\n')
    sheet_fq = open(os.path.join(a.out, 'sheet_fastq.tsv'), 'w'); sheet_fq.write('sample_id\tfastq1\tfastq2\n')
    sheet_bam = open(os.path.join(a.out, 'sheet_bam.tsv'), 'w'); sheet_bam.write('sample_id\tbam\n')
    ids = []
    for n in range(a.samples):
        sid = f"{a.prefix}{n + 1:03d}"; ids.append(sid)
        depth = depths[n % len(depths)]
        p1 = os.path.join(a.out, 'samples', f'{sid}_R1.fastq'); p2 = os.path.join(a.out, 'samples', f'{sid}_R2.fastq')
        out1, out2 = open(p1, 'w'), open(p2, 'w')
        counter = [0]
        for chrom, window in windows.items():
            st, seq = flanks[chrom]
            csites = [s for s in sites if s['chrom'] == chrom]
            if chrom in ('chrM', 'MT'):
                hf = {s['id']: hfs[(n // len(depths) + i + n) % len(hfs)] for i, s in enumerate(csites)}
                # One molecule population per site combination: each site independently mutated with prob hf.
                # Model as 2^m haplotype classes with product weights (m is small).
                classes, weights = [], []
                m = len(csites)
                for mask in range(1 << m):
                    w = 1.0; var = []
                    for i, s in enumerate(csites):
                        if mask >> i & 1: w *= hf[s['id']]; var.append((s['pos'], s['ref'], s['alt']))
                        else: w *= 1 - hf[s['id']]
                    if w > 0:
                        classes.append(apply_variants(seq, st, var)); weights.append(w)
                weights = np.array(weights) / sum(weights)
                for s in csites: truth.write(f"{sid}\t{s['id']}\tHF={hf[s['id']]:.2f}\t{depth}\n")
                simulate_reads(rng, classes, weights, window, st, depth, a.read_length, 250, 30, f"{sid}:{chrom}", out1, out2, counter)
            else:
                hapvars = [[], []]
                for si, s in enumerate(csites):
                    # Every genotype at every site: it cycles over the samples (so over the depths) and shifts by one
                    # every round of depths, so that each depth also gets each genotype once there are 3+ rounds.
                    g = gts[(n + n // len(depths) + si) % 3]
                    truth.write(f"{sid}\t{s['id']}\t{g}\t{depth}\n")
                    v = (s['pos'], s['ref'], s['alt'])
                    if g == '1/1': hapvars[0].append(v); hapvars[1].append(v)
                    elif g == '0/1': hapvars[int(rng.integers(0, 2))].append(v)
                haps = [apply_variants(seq, st, hv) for hv in hapvars]
                simulate_reads(rng, haps, np.array([0.5, 0.5]), window, st, depth, a.read_length, 250, 30, f"{sid}:{chrom}", out1, out2, counter)
        out1.close(); out2.close()
        sheet_fq.write(f"{sid}\t{p1}\t{p2}\n")
        sheet_bam.write(f"{sid}\t{os.path.join(a.out, 'samples', sid + '.bam')}\n")
    truth.close(); sheet_fq.close(); sheet_bam.close()

    # Reference with the segments at their GRCh38 positions (N elsewhere; chr13 cut 1 kb after the segment).
    ref = os.path.join(a.out, 'ref.fa')
    with open(ref, 'w') as f:
        for chrom, (st, seq) in flanks.items():
            full = 'N' * (st - 1) + seq + ('N' * 1000 if st > 1 else '')   # chr13: N, real piece, synthetic flank, N
            f.write(f">{chrom}\n")
            for i in range(0, len(full), 60): f.write(full[i:i + 60] + '\n')
    subprocess.run(['samtools', 'faidx', ref], check=True)
    if a.align:
        mmi = os.path.join(a.out, 'ref.mmi')
        subprocess.run(['minimap2', '-x', 'sr', '-d', mmi, ref], check=True, stderr=subprocess.DEVNULL)
        cmds = []
        for sid in ids:
            d = os.path.join(a.out, 'samples')
            cmds.append(f"minimap2 -ax sr -t 1 -R '@RG\\tID:{sid}\\tSM:{sid}' {mmi} {d}/{sid}_R1.fastq {d}/{sid}_R2.fastq 2>/dev/null"
                        f" | samtools sort -o {d}/{sid}.bam - 2>/dev/null && samtools index {d}/{sid}.bam")
        script = os.path.join(a.out, 'align.sh')
        open(script, 'w').write('\n'.join(cmds) + '\n')
        procs = []
        for c in cmds:
            procs.append(subprocess.Popen(c, shell=True))
            if len(procs) >= a.threads:
                procs.pop(0).wait()
        for p in procs: p.wait()
    print(f"simulated {len(ids)} samples into {a.out}", file=sys.stderr)

if __name__ == '__main__':
    main()
