#!/usr/bin/env python3
"""Simulates a small single-end FASTQ for the k-mer demo from real sequence bundled with gx.

Sequence: the panel flanks (Sources/Seq/Resources/panels/flanks.GRCh38.fa: GRCh38 GJB2 exon 2 region and
the rCRS mitochondrial genome; sources named in SOURCES.md there). Reads come from both strands at a chosen
depth per contig (mitochondria are many copies per cell, so chrM gets a higher depth, as in real data), with
Illumina-like qualities and substitutions at p = 10^(-Q/10), and a few N bases.

Usage: simulate_reads.py OUT.fastq [--nuclear-depth 40] [--mito-depth 400] [--length 100] [--seed 7]
Deterministic for a given seed.
"""
import argparse, os, random

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FLANKS = os.path.join(ROOT, 'Sources', 'Seq', 'Resources', 'panels', 'flanks.GRCh38.fa')
COMPLEMENT = str.maketrans('ACGTN', 'TGCAN')

def read_fasta(path):
    records, name = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith('>'):
            name = line[1:].split()[0]
            records[name] = []
        elif name:
            records[name].append(line.upper())
    return {name: ''.join(parts) for name, parts in records.items()}

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out')
    parser.add_argument('--nuclear-depth', type=float, default=40)
    parser.add_argument('--mito-depth', type=float, default=400)
    parser.add_argument('--length', type=int, default=100)
    parser.add_argument('--seed', type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n = 0
    with open(args.out, 'w') as out:
        for name, seq in read_fasta(FLANKS).items():
            depth = args.mito_depth if name.startswith('chrM') else args.nuclear_depth
            for _ in range(int(len(seq) * depth / args.length)):
                start = rng.randrange(len(seq) - args.length + 1)
                read = seq[start:start + args.length]
                if rng.random() < 0.5:
                    read = read.translate(COMPLEMENT)[::-1]
                bases, quals = [], []
                for base in read:
                    q = max(2, min(41, int(rng.gauss(35, 5))))
                    if q <= 3 and rng.random() < 0.5:
                        base = 'N'
                    elif rng.random() < 10 ** (-q / 10):
                        base = rng.choice([b for b in 'ACGT' if b != base])
                    bases.append(base)
                    quals.append(chr(33 + q))
                n += 1
                out.write(f'@sim{n} {name.split(":")[0]}:{start + 1}\n{"".join(bases)}\n+\n{"".join(quals)}\n')

if __name__ == '__main__':
    main()
