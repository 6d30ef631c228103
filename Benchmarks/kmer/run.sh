#!/usr/bin/env bash
# k-mer benchmark: gx vs jellyfish 2 vs KMC 3 on the benchmark FASTQ, one run each, same input,
# page cache warmed before every row. Needs GX (release gxtool) and BENCH_DATA (see Benchmarks/run.sh).
#
#   1. counting, k = 31 and k = 21, canonical, 2 threads: wall time and peak RSS (/usr/bin/time -v) of
#      gx kmer count, jellyfish count -C -s $JF_HASH -t 2, and kmc -ci1 -t2 (+ kmc_tools histogram);
#   2. agreement: gx's histogram equals jellyfish histo exactly (and KMC's histogram), and the counts of
#      1,000 k-mers (500 taken from reads at random, 500 random sequences, half reverse-complemented)
#      equal jellyfish query;
#   3. the query structure: gx kmer scan (a Kmer.QuerySet of 10,000 k-mers streamed over every read)
#      vs gx fastq count (parse only) on the same file: scan speed as a fraction of parse speed.
#
# Environment: INPUTS (default "$BENCH_DATA/reads_1.fastq"; add reads_2.fastq for both mates),
# JF_HASH (default 100M, as in ../shared/bench/anchors.sh), GX_MEMORY (gx --memory, default 1G),
# KS (default "31 21"), SCRATCH (default a new folder under /tmp, removed at the end).
set -euo pipefail
: "${GX:?set GX to the release gxtool}"
: "${BENCH_DATA:?set BENCH_DATA}"
INPUTS=${INPUTS:-$BENCH_DATA/reads_1.fastq}
JF_HASH=${JF_HASH:-100M}
GX_MEMORY=${GX_MEMORY:-1G}
KS=${KS:-31 21}
THREADS=2
for tool in jellyfish kmc kmc_tools /usr/bin/time awk python3; do
  command -v "$tool" >/dev/null || { echo "kmer bench: missing $tool (scripts/setup.sh installs it)" >&2; exit 1; }
done
for f in $INPUTS; do [ -s "$f" ] || { echo "kmer bench: missing input $f" >&2; exit 1; }; done
SCR=${SCRATCH:-$(mktemp -d /tmp/gx-kmer-bench.XXXXXX)}
mkdir -p "$SCR"
[ -n "${SCRATCH:-}" ] || trap 'rm -rf "$SCR"' EXIT
bytes=$(cat $INPUTS | wc -c)
echo "inputs: $INPUTS ($((bytes / 1000000)) MB), threads $THREADS, machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "versions: $("$GX" --version 2>/dev/null || echo gx) | $(jellyfish --version) | $(kmc 2>&1 | head -1 | sed 's/ *$//')"

warm() { cat $INPUTS > /dev/null; }
# measure KEY LABEL CMD...: runs CMD under /usr/bin/time -v, prints a row, stores seconds and KB in T_KEY / M_KEY.
measure() {
  local key=$1 name=$2; shift 2
  warm
  /usr/bin/time -v -o "$SCR/$key.time" "$@" > "$SCR/$key.out" 2> "$SCR/$key.err" || {
    echo "kmer bench: $name failed:" >&2; tail -5 "$SCR/$key.err" >&2; tail -3 "$SCR/$key.time" >&2; exit 1; }
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$SCR/$key.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$SCR/$key.time")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$SCR/$key.time")
  printf '  %-44s %8.2f s  %8.1f MB peak RSS  %7.1f CPU s  %7.1f MB/s\n' "$name" "$wall" "$((rss))e-3" "$cpu" "$(echo "$bytes / 1000000 / $wall" | bc -l)"
  printf -v "T_$key" '%s' "$wall"
  printf -v "C_$key" '%s' "$cpu"
  printf -v "M_$key" '%s' "$rss"
}
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

# 1,000 query k-mers of length K: 500 from random read positions (N-free), 500 random; every other one
# reverse-complemented. Deterministic (seeded).
make_queries() {
  local k=$1 n=$2 out=$3
  python3 - "$k" "$n" "$out" $INPUTS <<'EOF'
import random, sys
k, n, out, files = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
rng = random.Random(20261130 + k)
picked, seen = [], set()
with open(files[0], 'rb') as f:
    for i, line in enumerate(f):
        if i % 4 != 1 or rng.random() > 0.002: continue
        s = line.strip().decode().upper()
        if len(s) < k: continue
        p = rng.randrange(len(s) - k + 1)
        w = s[p:p + k]
        if 'N' in w or w in seen: continue
        seen.add(w); picked.append(w)
        if len(picked) >= n // 2: break
while len(picked) < n:
    w = ''.join(rng.choice('ACGT') for _ in range(k))
    if w not in seen: seen.add(w); picked.append(w)
rc = str.maketrans('ACGT', 'TGCA')
with open(out, 'w') as o:
    for i, w in enumerate(picked):
        o.write((w.translate(rc)[::-1] if i % 2 else w) + '\n')
EOF
}

status=0
for K in $KS; do
  echo "== k = $K, canonical"
  measure gx$K "gx kmer count -k $K -C -t $THREADS --memory $GX_MEMORY" "$GX" kmer count -k "$K" -C -t $THREADS --memory "$GX_MEMORY" -o "$SCR/gx$K.gxk" $INPUTS
  measure jf$K "jellyfish count -m $K -C -s $JF_HASH -t $THREADS" jellyfish count -m "$K" -C -s "$JF_HASH" -t $THREADS -o "$SCR/jf$K.jf" $INPUTS
  jf_files=$(ls "$SCR/jf$K.jf"* | wc -l)
  [ "$jf_files" -eq 1 ] || echo "  note: jellyfish wrote $jf_files files (its hash overflowed; histo merges them below)"
  rm -rf "$SCR/kmc_tmp"; mkdir -p "$SCR/kmc_tmp"
  printf '%s\n' $INPUTS > "$SCR/kmc_inputs.txt"
  measure kmc$K "kmc -k$K -t$THREADS -ci1" kmc -k"$K" -t$THREADS -ci1 -cs1000000000 "@$SCR/kmc_inputs.txt" "$SCR/kmc$K" "$SCR/kmc_tmp"
  measure kmch$K "kmc_tools transform histogram" kmc_tools transform "$SCR/kmc$K" histogram "$SCR/kmc$K.histo" -ci1 -cx10000
  v=T_gx$K; gxT=${!v}; v=M_gx$K; gxM=${!v}
  v=T_jf$K; jfT=${!v}; v=M_jf$K; jfM=${!v}
  v=T_kmc$K; kmcT=${!v}; v=M_kmc$K; kmcM=${!v}
  v=C_gx$K; gxC=${!v}; v=C_jf$K; jfC=${!v}; v=C_kmc$K; kmcC=${!v}
  echo "  ratio time  jellyfish/gx = $(ratio "$jfT" "$gxT")x   kmc/gx = $(ratio "$kmcT" "$gxT")x   (>1: gx faster)"
  echo "  ratio CPU   jellyfish/gx = $(ratio "$jfC" "$gxC")x   kmc/gx = $(ratio "$kmcC" "$gxC")x"
  echo "  ratio peak RSS  gx/jellyfish = $(ratio "$gxM" "$jfM")   gx/kmc = $(ratio "$gxM" "$kmcM")   (<1: gx smaller)"

  "$GX" kmer histo "$SCR/gx$K.gxk" > "$SCR/gx$K.histo"
  if [ "$jf_files" -eq 1 ]; then jellyfish histo "$SCR/jf$K.jf" > "$SCR/jf$K.histo"
  else jellyfish merge -o "$SCR/jf$K.merged" "$SCR/jf$K.jf"* && mv "$SCR/jf$K.merged" "$SCR/jf$K.jf" && jellyfish histo "$SCR/jf$K.jf" > "$SCR/jf$K.histo"; fi
  # KMC prints every count 1..10000 (zeros too) and nothing above: compare those rows.
  awk -F'\t' '$2 > 0 { print $1, $2 }' "$SCR/kmc$K.histo" > "$SCR/kmc$K.jfhisto"
  awk '$1 <= 10000' "$SCR/gx$K.histo" > "$SCR/gx$K.histo10k"
  distinct=$(awk '{ s += $2 } END { print s }' "$SCR/gx$K.histo")
  if cmp -s "$SCR/gx$K.histo" "$SCR/jf$K.histo"; then echo "  histogram: gx == jellyfish ($(wc -l < "$SCR/gx$K.histo") rows, $distinct distinct k-mers)"
  else echo "  histogram: gx != jellyfish"; diff "$SCR/gx$K.histo" "$SCR/jf$K.histo" | head -10; status=1; fi
  if cmp -s "$SCR/gx$K.histo10k" "$SCR/kmc$K.jfhisto"; then echo "  histogram: gx == kmc (counts 1..10000)"
  else echo "  histogram: gx != kmc"; diff "$SCR/gx$K.histo10k" "$SCR/kmc$K.jfhisto" | head -5; status=1; fi

  make_queries "$K" 1000 "$SCR/q$K.txt"
  "$GX" kmer query "$SCR/gx$K.gxk" --file "$SCR/q$K.txt" | cut -f2 > "$SCR/gxq$K.txt"
  jellyfish query "$SCR/jf$K.jf" $(cat "$SCR/q$K.txt") | cut -d' ' -f2 > "$SCR/jfq$K.txt"
  nonzero=$(awk '$1 > 0' "$SCR/gxq$K.txt" | wc -l)
  if cmp -s "$SCR/gxq$K.txt" "$SCR/jfq$K.txt" && [ "$(wc -l < "$SCR/gxq$K.txt")" -eq 1000 ]; then
    echo "  query: 1000/1000 counts equal jellyfish query ($nonzero non-zero)"
  else echo "  query: counts differ from jellyfish query"; paste "$SCR/q$K.txt" "$SCR/gxq$K.txt" "$SCR/jfq$K.txt" | awk '$2 != $3' | head -5; status=1; fi
  rm -rf "$SCR/jf$K.jf"* "$SCR/kmc$K".* "$SCR/kmc_tmp"
done

echo "== query structure: 10,000 canonical 31-mers streamed over every read (kmer scan) vs parse only (fastq count)"
make_queries 31 10000 "$SCR/q10k.txt"
measure parse "gx fastq count --threads $THREADS" "$GX" fastq count --threads $THREADS $INPUTS
measure scan "gx kmer scan -C -t $THREADS (10,000 31-mers)" "$GX" kmer scan -C -t $THREADS --kmers "$SCR/q10k.txt" $INPUTS
echo "  scan speed / parse speed = $(ratio "$T_parse" "$T_scan") wall, $(ratio "$C_parse" "$C_scan") CPU (goal >= 0.70)"
if [ -f "$SCR/gx31.gxk" ]; then
  # The scan's counts must equal the table's for the same k-mers.
  "$GX" kmer query "$SCR/gx31.gxk" --file "$SCR/q10k.txt" > "$SCR/q10k.table"
  if cmp -s "$SCR/q10k.table" "$SCR/scan.out"; then echo "  scan counts == table counts for all 10,000 k-mers"
  else echo "  scan counts != table counts"; status=1; fi
fi
exit $status
