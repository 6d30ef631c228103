#!/usr/bin/env python3
"""Simulated NIPT validation cohort: builds a reference set and tests aneuploid and euploid pregnancies with gx.

  cohort.py [--gx PATH] [--out DIR] [--reads 10000000] [--per-group 10] [--references 64] [--jobs 2]

Design (documented in docs/nipt.md):
  genome      Fixtures/nipt/simulate.py genome --scale 0.01: chr1..22, X, Y at 1/100 of their GRCh38 lengths
              (31 Mb), 10 kb bins (3,100 bins). With 10 M reads per sample each chromosome receives as many reads as
              in a real 10 M-read run, so the chromosome statistics (which the calls use) have the real counting
              noise; the bins are fewer and deeper (about 3,200 reads per bin instead of about 160 per 50 kb bin).
  references  --references euploid pregnancies, half male half female fetuses, fetal fraction uniform 4-20 %.
  tests       at each fetal fraction 4 %, 8 %, 15 %: --per-group samples each of T21, T18, T13 (half male), XO, XXX,
              XXY, and 2 x --per-group euploid (half male). With the default 10: 80 per FF, 60 euploid in all.
  reads       paired-end bin counts (profiles) straight from the simulator's model (Poisson per bin, GC bias per
              sample, mappability, chrY/X homology, fragment lengths: maternal ~N(167,15), fetal ~N(143,15)).
Then runs `gx nipt reference` and `gx nipt test` and prints, per fetal fraction, trisomy sensitivity, specificity
on euploid samples, sex-chromosome and fetal-sex accuracy, fetal-fraction error (chrY for males, fragment size for
females) and no-calls. Exit status 1 when a "done-when" criterion fails (a trisomy missed at FF >= 8 %, a false
positive, a wrong sex call at FF >= 8 %, a male FF off by more than 1.5 points).
"""
import argparse, json, multiprocessing, os, random, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Fixtures", "nipt"))
import simulate  # noqa: E402

BIN = 10000


def make_spec(n_ref, per_group, reads):
    rng = random.Random(2024)
    spec = []
    for i in range(n_ref):
        spec.append(("ref%03d" % (i + 1), "euploid", "male" if i % 2 else "female", round(rng.uniform(0.04, 0.20), 4), reads, 1000 + i, "ref"))
    seed = 5000
    for ff in (0.04, 0.08, 0.15):
        groups = [("T21", None), ("T18", None), ("T13", None), ("XO", "female"), ("XXX", "female"), ("XXY", "male"), ("euploid", None), ("euploid", None)]
        for g, (kt, fixed_sex) in enumerate(groups):
            for j in range(per_group):
                sex = fixed_sex or ("male" if j % 2 else "female")
                tag = kt if g < 7 else "euploid"
                spec.append(("ff%02d_%s_%02d" % (round(ff * 100), tag, j + 1 + (per_group if g == 7 else 0)), kt, sex, ff, reads, seed, "test"))
                seed += 1
    return spec


def simulate_one(args):
    model, outdir, row = args
    name, kt, sex, ff, reads, seed, role = row
    path = os.path.join(outdir, role, name + ".gxbins")
    if not os.path.exists(path):
        simulate.profile(model, BIN, name, kt, sex, ff, reads, seed, True, 0.0, path)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gx", default=os.environ.get("GX", os.path.join(HERE, "..", "..", ".build", "release", "gxtool")))
    ap.add_argument("--out", default="/tmp/gx-nipt-cohort")
    ap.add_argument("--reads", type=int, default=10_000_000)
    ap.add_argument("--per-group", type=int, default=10)
    ap.add_argument("--references", type=int, default=64)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--normalization", default="within-sample")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    gdir = os.path.join(a.out, "genome")
    t0 = time.time()
    if not os.path.exists(os.path.join(gdir, "gc-%d.tsv" % BIN)):
        ns = argparse.Namespace(out=gdir, scale=0.01, model_bin=5000, bin_size=[BIN], no_fasta=True, seed=1)
        simulate.genome(ns)
    model = simulate.load_model(gdir)
    spec = make_spec(a.references, a.per_group, a.reads)
    for role in ("ref", "test"):
        os.makedirs(os.path.join(a.out, role), exist_ok=True)
    with open(os.path.join(a.out, "truth.tsv"), "w") as f:
        f.write("sample\tkaryotype\tsex\tff\treads\tseed\trole\n")
        for row in spec:
            f.write("\t".join(map(str, row)) + "\n")
    with multiprocessing.Pool(a.jobs) as pool:
        paths = pool.map(simulate_one, [(model, a.out, row) for row in spec])
    print("simulated %d samples in %.0f s" % (len(spec), time.time() - t0), file=sys.stderr)
    refs = [p for p, r in zip(paths, spec) if r[6] == "ref"]
    tests = [p for p, r in zip(paths, spec) if r[6] == "test"]
    panel = os.path.join(a.out, "cohort.gxnipt")
    t = time.time()
    r = subprocess.run([a.gx, "nipt", "reference", "--gc-table", os.path.join(gdir, "gc-%d.tsv" % BIN), "--bin-size", str(BIN),
                        "--normalization", a.normalization, "--threads", str(a.threads), "-o", panel] + refs, capture_output=True, text=True)
    print(r.stdout, end="")
    if r.returncode:
        sys.exit("cohort: gx nipt reference failed: " + r.stderr)
    t_ref = time.time() - t
    results = os.path.join(a.out, "results")
    shutil.rmtree(results, ignore_errors=True)
    t = time.time()
    r = subprocess.run([a.gx, "nipt", "test", "--panel", panel, "--out", results, "--threads", str(a.threads)] + tests, capture_output=True, text=True)
    if r.returncode:
        sys.exit("cohort: gx nipt test failed: " + r.stderr)
    t_test = time.time() - t
    print("gx: reference set from %d samples in %.1f s; %d test samples in %.1f s (%.2f s per sample, bin counts given)"
          % (len(refs), t_ref, len(tests), t_test, t_test / len(tests)))
    ok = evaluate(spec, results)
    sys.exit(0 if ok else 1)


def evaluate(spec, results):
    truth = {row[0]: row for row in spec if row[6] == "test"}
    got = {}
    for name in truth:
        with open(os.path.join(results, name + ".json")) as f:
            got[name] = json.load(f)
    ok = True
    print()
    print("| FF | trisomy detected (T21 / T18 / T13) | euploid: false positives | sex chromosomes right (XO / XXX / XXY / euploid) | fetal sex right | no calls | male FF error, pp (mean abs / max) | female FF error, pp (mean abs / max, fragment size) |")
    print("|---|---|---|---|---|---|---|---|")
    for ff in (0.04, 0.08, 0.15):
        rows = [(truth[n], got[n]) for n in truth if truth[n][3] == ff]
        cells = []
        for kt in ("T21", "T18", "T13"):
            sub = [(t, g) for t, g in rows if t[1] == kt]
            hit = sum(1 for t, g in sub if g["trisomy"][kt[1:]] == "high risk")
            cells.append("%d/%d" % (hit, len(sub)))
            if ff >= 0.08 and hit < len(sub):
                ok = False
        eup = [(t, g) for t, g in rows if t[1] == "euploid"]
        # A false positive: any high-risk call (trisomy or sex chromosomes) on a euploid pregnancy.
        fp = sum(1 for t, g in eup if g["status"] == "high risk")
        # Also count false trisomy calls on the aneuploid samples' other chromosomes.
        fp_other = sum(1 for t, g in rows if t[1] != "euploid" for c in ("13", "18", "21")
                       if g["trisomy"][c] == "high risk" and t[1] != "T" + c)
        if fp:
            ok = False
        sexcells, sex_ok, sex_n = [], 0, 0
        for kt, want in (("XO", "XO"), ("XXX", "XXX"), ("XXY", "XXY"), ("euploid", None)):
            sub = [(t, g) for t, g in rows if t[1] == kt]
            right = sum(1 for t, g in sub if g["sexChromosomes"] == (want or ("XY" if t[2] == "male" else "XX")))
            sexcells.append("%d/%d" % (right, len(sub)))
            if ff >= 0.08 and right < len(sub):
                ok = False
        fsex = [(t, g) for t, g in rows]
        right_sex = sum(1 for t, g in fsex if g["fetalSex"] == ("male" if t[2] == "male" else "female"))
        if ff >= 0.08 and right_sex < len(fsex):
            ok = False
        nocall = sum(1 for t, g in rows if g["status"] == "no call")
        male_err = [abs(g["fetalFraction"]["chrY"] - t[3]) * 100 for t, g in rows if t[2] == "male" and g["fetalFraction"].get("chrY") is not None]
        if male_err and max(male_err) > 1.5:
            ok = False
        fem_err = [abs(g["fetalFraction"]["fragmentSize"] - t[3]) * 100 for t, g in rows
                   if t[2] == "female" and g["fetalFraction"].get("fragmentSize") is not None]
        def fmt(errs):
            return "%.2f / %.2f (n=%d)" % (statistics.mean(errs), max(errs), len(errs)) if errs else "-"
        print("| %d %% | %s | %d/%d euploid, %d other-chromosome | %s | %d/%d | %d/%d | %s | %s |" % (
            round(ff * 100), " / ".join(cells), fp, len(eup), fp_other, " / ".join(sexcells), right_sex, len(fsex), nocall, len(rows),
            fmt(male_err), fmt(fem_err)))
    # Sensitivity and specificity at 4 %, no-calls counted as not detected.
    rows = [(truth[n], got[n]) for n in truth if truth[n][3] == 0.04]
    tri = [(t, g) for t, g in rows if t[1] in ("T21", "T18", "T13")]
    det = sum(1 for t, g in tri if g["trisomy"][t[1][1:]] == "high risk")
    eup = [(t, g) for t, g in rows if t[1] == "euploid"]
    neg = sum(1 for t, g in eup if g["status"] != "high risk")
    print()
    called = [(t, g) for t, g in tri if g["status"] != "no call"]
    det_called = sum(1 for t, g in called if g["trisomy"][t[1][1:]] == "high risk")
    eup_called = [(t, g) for t, g in eup if g["status"] != "no call"]
    print("FF 4 %%: trisomy sensitivity %d/%d = %.1f %% (no-calls count as missed), %d/%d among samples given a result; "
          "specificity %d/%d = %.1f %% (%d euploid given a result)" % (
        det, len(tri), 100.0 * det / len(tri), det_called, len(called), neg, len(eup), 100.0 * neg / len(eup), len(eup_called)))
    allrows = [(truth[n], got[n]) for n in truth]
    eup_all = [(t, g) for t, g in allrows if t[1] == "euploid"]
    print("all FFs: %d euploid test samples, %d high-risk calls (false positives), %d no calls" % (
        len(eup_all), sum(1 for t, g in eup_all if g["status"] == "high risk"), sum(1 for t, g in eup_all if g["status"] == "no call")))
    others = ["%s: %s" % (t[0], ", ".join("chr%s z=%.2f" % (c, next(x["z"] for x in g["chromosomes"] if x["chromosome"] == c))
                                          for c in ("13", "18", "21") if g["trisomy"][c] == "high risk" and t[1] != "T" + c))
              for t, g in allrows if t[1] != "euploid" and any(g["trisomy"][c] == "high risk" and t[1] != "T" + c for c in ("13", "18", "21"))]
    print("trisomy calls on a chromosome other than the simulated one (aneuploid samples): %s" % ("; ".join(others) if others else "none"))
    z = {}
    for t, g in [(truth[n], got[n]) for n in truth]:
        for c in g["chromosomes"]:
            if c["chromosome"] in ("13", "18", "21") and t[1] == "euploid" and c.get("z") is not None:
                z.setdefault(c["chromosome"], []).append(c["z"])
    print("euploid z-scores: " + ", ".join("chr%s mean %.2f SD %.2f max |z| %.2f" % (k, statistics.mean(v), statistics.stdev(v), max(map(abs, v))) for k, v in sorted(z.items())))
    print("all done-when criteria met" if ok else "SOME CRITERIA FAILED")
    return ok


if __name__ == "__main__":
    main()
