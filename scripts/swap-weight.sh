#!/usr/bin/env bash
# Fit the weight of a swap shown as evidence (src/detector/swap_weight.rs):
# how likely the swap's span holds a word a spinner wrote, from the swap's
# gain and the two word models' ratios of its words. Fitted on the swaps
# `unspun score --no-dict` shows on scripts/calibrate.sh's documents (its
# clean ones, and its spun ones against their sources); the document
# weights it writes go to build/swap-weight, data/ is left alone.
# Deterministic: the same inputs give the same file.
#
#   scripts/swap-weight.sh   # rewrites src/detector/swap_weight.rs
set -euo pipefail
cd "$(dirname "$0")/.."
w=build/swap-weight
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
"$t/examples/swapweights" "$w/clean.jsonl" > "$w/clean.tsv" &
pid=$!
"$t/examples/swapweights" "$w/spun.jsonl" > "$w/spun.tsv"
wait "$pid"
python3 scripts/swap_weight.py "$w/clean.tsv" "$w/spun.tsv" "$w/source.jsonl" "$w/spun.jsonl" > "$w/swap_weight.rs"
rustfmt --edition 2021 "$w/swap_weight.rs"
cp "$w/swap_weight.rs" src/detector/swap_weight.rs
echo "wrote src/detector/swap_weight.rs" >&2
