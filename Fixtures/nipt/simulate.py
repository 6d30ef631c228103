#!/usr/bin/env python3
"""cfDNA-like NIPT data for gx tests, the demo, the benchmark and validation (Python 3 standard library only).

One statistical model, two outputs:
  genome   a synthetic human-like genome: chr1..22, X, Y at real GRCh38 lengths times --scale, with N blocks
           (centromeres, acrocentric short arms, half of chrY), per-chromosome GC levels with local variation,
           per-bin mappability and an X-homologous stretch of chrY. Writes genome.json (the model), and unless
           --no-fasta, genome.fa (+ .fai). Also writes the gx GC table for --bin-size (gc-<bin>.tsv).
  bam      reads from one pregnancy as a coordinate-sorted, indexed BAM (samtools view/index).
  profile  the same model's read starts per bin directly (.gxbins JSON, as `gxtool nipt count` writes).
  cohort   many profiles or BAMs from a tab-separated spec (name karyotype sex ff reads seed).

Model (per model bin b of chromosome c, for a sample with fetal fraction FF):
  dosage_c  = (1 - FF) * maternal copies_c + FF * fetal copies_c   (maternal: 2 autosomes, XX, no Y)
  weight_b  = dosage_c * (1 - N_b) * mappability_b * gcbias(GC_b) * (1 + homologous chrY background)
  gcbias(g) = exp(a*z + b*z^2), z = (g - 0.42)/0.05, with a ~ N(0, 0.08), b ~ N(-0.03, 0.02) per sample
  read starts: multinomial over bins with probabilities weight_b / sum(weight) (profile mode uses independent
  Poisson counts with the same means, which is the multinomial conditioned on its total) and uniform within a bin.
  Paired-end fragments: maternal length ~ N(167, 15), fetal ~ N(143, 15) bp; each read is fetal with
  probability FF * fetal_c / dosage_c.
  BAM mode also adds artefacts the filters must remove: 3 % MAPQ 0, 2 % duplicates (flag 0x400), 1 % unmapped.
Karyotypes: euploid, T13, T18, T21 (fetal trisomy), XO, XXX, XXY (fetal sex chromosomes); --sex sets XX/XY for the
others.
"""
import argparse, bisect, json, math, os, random, subprocess, sys

GRCH38 = [("1", 248956422), ("2", 242193529), ("3", 198295559), ("4", 190214555), ("5", 181538259),
          ("6", 170805979), ("7", 159345973), ("8", 145138636), ("9", 138394717), ("10", 133797422),
          ("11", 135086622), ("12", 133275309), ("13", 114364328), ("14", 107043718), ("15", 101991189),
          ("16", 90338345), ("17", 83257441), ("18", 80373285), ("19", 58617616), ("20", 64444167),
          ("21", 46709983), ("22", 50818468), ("X", 156040895), ("Y", 57227415)]
GC_LEVEL = {"1": .417, "2": .402, "3": .397, "4": .382, "5": .395, "6": .396, "7": .407, "8": .401, "9": .413,
            "10": .416, "11": .416, "12": .408, "13": .385, "14": .409, "15": .422, "16": .448, "17": .455,
            "18": .398, "19": .484, "20": .441, "21": .408, "22": .480, "X": .395, "Y": .390}
# N at the start (acrocentric short arms) as a fraction of the chromosome; others get a 2 % centromere gap mid-way.
ACRO_N = {"13": .14, "14": .15, "15": .17, "21": .14, "22": .2}


def genome(args):
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    model_bin = args.model_bin
    chroms = []
    for name, length in GRCH38:
        length = max(model_bin * 4, int(length * args.scale))
        nbins = (length + model_bin - 1) // model_bin
        nfrac, gc, mapp, homolog = [], [], [], []
        dev = 0.0
        for k in range(nbins):
            pos = k / nbins
            if name in ACRO_N:
                is_n = pos < ACRO_N[name]
            elif name == "Y":
                is_n = 0.45 <= pos < 0.95       # heterochromatin
            else:
                is_n = 0.45 <= pos < 0.47       # centromere
            dev = 0.8 * dev + rng.gauss(0, 0.035 * math.sqrt(1 - 0.64))
            gc.append(min(0.7, max(0.28, GC_LEVEL[name] + dev)))
            nfrac.append(1.0 if is_n else 0.0)
            m = math.exp(rng.gauss(0, 0.1))
            if rng.random() < 0.015:
                m *= rng.uniform(0.1, 0.5)
            mapp.append(0.0 if is_n else m)
            homolog.append(1 if (name == "Y" and 0.05 <= pos < 0.12 and not is_n) else 0)
        # the last bin may be partial
        chroms.append({"name": "chr" + name, "length": length, "nFraction": nfrac, "gc": [round(g, 4) for g in gc],
                       "mappability": [round(m, 4) for m in mapp], "homologous": homolog})
    model = {"format": "gx-nipt-sim-genome", "version": 1, "scale": args.scale, "modelBin": model_bin,
             "seed": args.seed, "chromosomes": chroms}
    with open(os.path.join(args.out, "genome.json"), "w") as f:
        json.dump(model, f)
    if not args.no_fasta:
        write_fasta(model, os.path.join(args.out, "genome.fa"), rng)
    for size in args.bin_size:
        write_gc_table(model, size, os.path.join(args.out, "gc-%d.tsv" % size))


def write_fasta(model, path, rng):
    mb = model["modelBin"]
    with open(path, "w") as f:
        for c in model["chromosomes"]:
            f.write(">%s\n" % c["name"])
            parts = []
            for k, g in enumerate(c["gc"]):
                n = min(mb, c["length"] - k * mb)
                if c["nFraction"][k] >= 1:
                    parts.append("N" * n)
                else:
                    parts.append("".join(rng.choices("ACGT", weights=[1 - g, g, g, 1 - g], k=n)))
            seq = "".join(parts)
            for i in range(0, len(seq), 60):
                f.write(seq[i:i + 60]); f.write("\n")
    subprocess.run(["samtools", "faidx", path], check=True)


def gx_bins(model, bin_size):
    mb = model["modelBin"]
    if bin_size % mb:
        sys.exit("simulate.py: --bin-size %d must be a multiple of the model bin %d" % (bin_size, mb))
    return bin_size // mb


def write_gc_table(model, bin_size, path):
    per = gx_bins(model, bin_size)
    mb = model["modelBin"]
    with open(path, "w") as f:
        f.write("#gxnipt-gc\t1\n#bin_size\t%d\n" % bin_size)
        for c in model["chromosomes"]:
            f.write("#contig\t%s\t%d\n" % (c["name"], c["length"]))
        for c in model["chromosomes"]:
            nb = len(c["gc"])
            for k in range(0, nb, per):
                lens = [min(mb, c["length"] - j * mb) for j in range(k, min(nb, k + per))]
                tot = sum(lens)
                acgt = sum(l * (1 - c["nFraction"][j]) for l, j in zip(lens, range(k, k + per)))
                gcs = sum(l * (1 - c["nFraction"][j]) * c["gc"][j] for l, j in zip(lens, range(k, k + per)))
                gc = "%.5f" % (gcs / acgt) if acgt > 0 else "NA"
                f.write("%s\t%d\t%s\t%.5f\n" % (c["name"], k * mb, gc, 1 - acgt / tot))


def fetal_copies(karyotype, sex):
    cn = {n: 2 for n, _ in GRCH38}
    cn["X"], cn["Y"] = (2, 0) if sex == "female" else (1, 1)
    k = karyotype.upper()
    if k in ("T13", "T18", "T21"):
        cn[k[1:]] = 3
    elif k == "XO":
        cn["X"], cn["Y"] = 1, 0
    elif k == "XXX":
        cn["X"], cn["Y"] = 3, 0
    elif k == "XXY":
        cn["X"], cn["Y"] = 2, 1
    elif k != "EUPLOID":
        sys.exit("simulate.py: unknown karyotype %s" % karyotype)
    return cn


def weights(model, karyotype, sex, ff, rng, extra_noise):
    """Expected share per model bin (unnormalized) and the fetal share of each chromosome's reads."""
    a = rng.gauss(0, 0.08)
    b = min(0.0, rng.gauss(-0.03, 0.02))
    fetal = fetal_copies(karyotype, sex)
    out, fetal_share = [], {}
    for c in model["chromosomes"]:
        name = c["name"][3:]
        maternal = 0 if name == "Y" else 2
        dosage = (1 - ff) * maternal + ff * fetal[name]
        fetal_share[c["name"]] = ff * fetal[name] / dosage if dosage > 0 else 0
        w = []
        for k, g in enumerate(c["gc"]):
            z = (g - 0.42) / 0.05
            d = dosage + (0.6 if c["homologous"][k] else 0)
            v = d * (1 - c["nFraction"][k]) * c["mappability"][k] * math.exp(a * z + b * z * z)
            if extra_noise > 0:
                v *= math.exp(rng.gauss(0, extra_noise))
            w.append(v)
        out.append(w)
    return out, fetal_share


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam < 30:
        l, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= l:
                return k
            k += 1
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


def fragment_histogram(rng, n, ff_reads):
    hist = [0] * 1001
    for length in range(50, 400):
        pm = math.exp(-0.5 * ((length - 167) / 15) ** 2) / (15 * math.sqrt(2 * math.pi))
        pf = math.exp(-0.5 * ((length - 143) / 15) ** 2) / (15 * math.sqrt(2 * math.pi))
        hist[length] = poisson(rng, n * ((1 - ff_reads) * pm + ff_reads * pf))
    return hist


def profile(model, bin_size, name, karyotype, sex, ff, reads, seed, paired, extra_noise, path):
    rng = random.Random(seed)
    per = gx_bins(model, bin_size)
    w, fetal_share = weights(model, karyotype, sex, ff, rng, extra_noise)
    total = sum(sum(x) for x in w)
    contigs, counted = [], 0
    fetal_reads = 0.0
    for c, wc in zip(model["chromosomes"], w):
        counts = []
        for k in range(0, len(wc), per):
            lam = reads * sum(wc[k:k + per]) / total
            x = poisson(rng, lam)
            counts.append(x)
            fetal_reads += lam * fetal_share[c["name"]]
        counted += sum(counts)
        contigs.append({"name": c["name"], "length": c["length"], "counts": counts})
    doc = {"format": "gxnipt-bins", "version": 1, "sample": name, "binSize": bin_size, "pairedEnd": paired,
           "contigs": contigs, "statistics": {"records": counted, "counted": counted},
           "fragmentLengths": fragment_histogram(rng, counted, fetal_reads / reads) if paired else None,
           "simulated": {"karyotype": karyotype, "sex": sex, "fetalFraction": ff, "reads": reads, "seed": seed}}
    with open(path, "w") as f:
        json.dump(doc, f)


COMP = str.maketrans("ACGTN", "TGCAN")


def bam(model, fasta, name, karyotype, sex, ff, reads, seed, paired, extra_noise, path, read_length=50):
    rng = random.Random(seed)
    mb = model["modelBin"]
    seqs = load_fasta(fasta)
    w, fetal_share = weights(model, karyotype, sex, ff, rng, extra_noise)
    flat, where = [], []
    for ci, (c, wc) in enumerate(zip(model["chromosomes"], w)):
        for k, v in enumerate(wc):
            flat.append(v); where.append((ci, k))
    cum, s = [], 0.0
    for v in flat:
        s += v; cum.append(s)
    n_frag = int(reads / 2) if paired else reads
    picks = rng.choices(range(len(flat)), cum_weights=cum, k=n_frag)
    frags = []
    for p in picks:
        ci, k = where[p]
        c = model["chromosomes"][ci]
        start = k * mb + int(rng.random() * min(mb, c["length"] - k * mb))
        fetal = rng.random() < fetal_share[c["name"]]
        flen = max(read_length, int(rng.gauss(143 if fetal else 167, 15))) if paired else read_length
        if start + flen > c["length"]:
            start = c["length"] - flen
        frags.append((ci, start, flen))
    frags.sort()
    names = [c["name"] for c in model["chromosomes"]]
    header = ["@HD\tVN:1.6\tSO:coordinate"] + ["@SQ\tSN:%s\tLN:%d" % (c["name"], c["length"]) for c in model["chromosomes"]]
    header.append("@RG\tID:%s\tSM:%s" % (name, name))
    header.append("@PG\tID:gx-nipt-simulate\tPN:simulate.py\tCL:karyotype=%s sex=%s ff=%g reads=%d seed=%d" % (karyotype, sex, ff, reads, seed))
    qual = "I" * read_length
    records = []
    for i, (ci, start, flen) in enumerate(frags):
        seq = seqs[names[ci]]
        r = rng.random()
        mapq = 0 if r < 0.03 else 60
        dup = 0x400 if 0.03 <= r < 0.05 else 0
        if paired:
            s1 = seq[start:start + read_length]
            m = start + flen - read_length
            s2 = seq[m:m + read_length].translate(COMP)[::-1]
            records.append((ci, start, "f%d\t%d\t%s\t%d\t%d\t%dM\t=\t%d\t%d\t%s\t%s\tRG:Z:%s" % (i, 0x1 | 0x2 | 0x20 | 0x40 | dup, names[ci], start + 1, mapq, read_length, m + 1, flen, s1, qual, name)))
            records.append((ci, m, "f%d\t%d\t%s\t%d\t%d\t%dM\t=\t%d\t%d\t%s\t%s\tRG:Z:%s" % (i, 0x1 | 0x2 | 0x10 | 0x80 | dup, names[ci], m + 1, mapq, read_length, start + 1, -flen, s2, qual, name)))
        else:
            rev = rng.random() < 0.5
            s1 = seq[start:start + read_length]
            if rev:
                s1 = s1.translate(COMP)[::-1]
            records.append((ci, start, "r%d\t%d\t%s\t%d\t%d\t%dM\t*\t0\t0\t%s\t%s\tRG:Z:%s" % (i, (0x10 if rev else 0) | dup, names[ci], start + 1, mapq, read_length, s1, qual, name)))
    if paired:
        records.sort(key=lambda x: (x[0], x[1]))
    unmapped = int(reads * 0.01)
    with subprocess.Popen(["samtools", "view", "-b", "-@", "2", "-o", path, "-"], stdin=subprocess.PIPE, text=True) as p:
        p.stdin.write("\n".join(header) + "\n")
        for _, _, line in records:
            p.stdin.write(line + "\n")
        for i in range(unmapped):
            p.stdin.write("u%d\t4\t*\t0\t0\t*\t*\t0\t0\t%s\t%s\tRG:Z:%s\n" % (i, "A" * read_length, qual, name))
        p.stdin.close()
    if p.returncode:
        sys.exit("simulate.py: samtools view failed")
    subprocess.run(["samtools", "index", path], check=True)


def load_fasta(path):
    seqs, name, parts = {}, None, []
    with open(path) as f:
        for line in f:
            if line.startswith(">"):
                if name:
                    seqs[name] = "".join(parts)
                name, parts = line[1:].split()[0], []
            else:
                parts.append(line.strip())
    if name:
        seqs[name] = "".join(parts)
    return seqs


def load_model(d):
    with open(os.path.join(d, "genome.json")) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("genome")
    g.add_argument("--out", required=True)
    g.add_argument("--scale", type=float, default=0.01, help="fraction of GRCh38 lengths (default 0.01: a 31 Mb genome)")
    g.add_argument("--model-bin", type=int, default=5000)
    g.add_argument("--bin-size", type=int, action="append", default=[], help="also write the gx GC table for this bin size")
    g.add_argument("--no-fasta", action="store_true")
    g.add_argument("--seed", type=int, default=1)
    for name in ("profile", "bam"):
        p = sub.add_parser(name)
        p.add_argument("--genome", required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--name", default=None)
        p.add_argument("--karyotype", default="euploid")
        p.add_argument("--sex", default="female", choices=["female", "male"])
        p.add_argument("--ff", type=float, default=0.1)
        p.add_argument("--reads", type=int, default=200000)
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--paired", action="store_true")
        p.add_argument("--extra-noise", type=float, default=0.0)
        if name == "profile":
            p.add_argument("--bin-size", type=int, default=50000)
    c = sub.add_parser("cohort", help="spec lines: name karyotype sex ff reads seed")
    c.add_argument("--genome", required=True)
    c.add_argument("--spec", required=True)
    c.add_argument("--outdir", required=True)
    c.add_argument("--format", choices=["profile", "bam"], default="profile")
    c.add_argument("--bin-size", type=int, default=50000)
    c.add_argument("--paired", action="store_true")
    c.add_argument("--extra-noise", type=float, default=0.0)
    a = ap.parse_args()
    if a.cmd == "genome":
        genome(a)
        return
    model = load_model(a.genome)
    if a.cmd == "profile":
        profile(model, a.bin_size, a.name or os.path.basename(a.out).split(".")[0], a.karyotype, a.sex, a.ff, a.reads, a.seed, a.paired, a.extra_noise, a.out)
    elif a.cmd == "bam":
        bam(model, os.path.join(a.genome, "genome.fa"), a.name or os.path.basename(a.out).split(".")[0], a.karyotype, a.sex, a.ff, a.reads, a.seed, a.paired, a.extra_noise, a.out)
    else:
        os.makedirs(a.outdir, exist_ok=True)
        with open(a.spec) as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                name, kt, sex, ff, reads, seed = line.split()
                if a.format == "profile":
                    profile(model, a.bin_size, name, kt, sex, float(ff), int(reads), int(seed), a.paired, a.extra_noise, os.path.join(a.outdir, name + ".gxbins"))
                else:
                    bam(model, os.path.join(a.genome, "genome.fa"), name, kt, sex, float(ff), int(reads), int(seed), a.paired, a.extra_noise, os.path.join(a.outdir, name + ".bam"))


if __name__ == "__main__":
    main()
