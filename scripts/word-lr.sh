#!/usr/bin/env bash
# Measure the word likelihood ratios of the swap search (GAIN_LOG10_LR in
# src/features.rs): 300 passages of the calibration split, spun by
# `unspun spin --rate 0.2`, per-word best gains of both, bucketed.
set -euo pipefail
cd "$(dirname "$0")/.."
w=build/word-lr
mkdir -p "$w"
cargo build --release -q --bins --examples
t=${CARGO_TARGET_DIR:-target}/release
scripts/corpora.sh build/corpora >/dev/null
cat build/corpora/brown.train.jsonl build/corpora/web.train.jsonl > "$w/pool.jsonl"
python3 scripts/sets.py sample "$w/pool.jsonl" "$w/src.jsonl" 300 wordlr 0
"$t/unspun" spin --rate 0.2 --seed 11 "$w/src.jsonl" > "$w/spun.jsonl"
"$t/examples/wordgains" "$w/src.jsonl" > "$w/clean.tsv"
"$t/examples/wordgains" "$w/spun.jsonl" > "$w/spun.tsv"
python3 scripts/word_lr.py "$w/clean.tsv" "$w/spun.tsv"
