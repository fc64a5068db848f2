#!/usr/bin/env bash
# Fit the weights of the evidence from the model (src/detector/evidence_weight.rs):
# how likely a swap's or a least likely window's span holds a word a
# spinner wrote, from the swap's gain or the window's log10 and the two
# word models' ratios of its words. Fitted on the evidence `unspun score
# --no-dict` shows on scripts/calibrate.sh's documents (its clean ones,
# and its spun ones against their sources); the document weights it
# writes go to build/evidence-weight, data/ is left alone.
# Deterministic: the same inputs give the same file.
#
#   scripts/evidence-weight.sh   # rewrites src/detector/evidence_weight.rs
set -euo pipefail
cd "$(dirname "$0")/.."
w=build/evidence-weight
mkdir -p "$w"
python3 -c 'import numpy' 2>/dev/null || pip install --quiet numpy==2.4.6
scripts/calibrate.sh "$w/weights.json" "$w/weights-noswaps.json" > "$w/calibrate.log" 2>&1
cargo build --release -q --examples
t=${CARGO_TARGET_DIR:-target}/release
c=build/calibrate
# The sets calibrate.sh fits on (its `fit` function names them).
for s in medium long short rest austen; do cat "$c/clean.$s.jsonl"; done > "$w/clean.jsonl"
for s in medium long short rest austen; do cat "$c/src.$s.jsonl"; done > "$w/source.jsonl"
cat "$c/spun.whole.jsonl" "$c/spun.fixed.jsonl" > "$w/spun.jsonl"
"$t/examples/evidenceweights" "$w/clean.jsonl" > "$w/clean.tsv" &
pid=$!
"$t/examples/evidenceweights" "$w/spun.jsonl" > "$w/spun.tsv"
wait "$pid"
python3 scripts/evidence_weight.py "$w/clean.tsv" "$w/spun.tsv" "$w/source.jsonl" "$w/spun.jsonl" > "$w/evidence_weight.rs"
rustfmt --edition 2021 "$w/evidence_weight.rs"
cp "$w/evidence_weight.rs" src/detector/evidence_weight.rs
echo "wrote src/detector/evidence_weight.rs" >&2
