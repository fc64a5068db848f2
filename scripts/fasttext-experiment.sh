#!/usr/bin/env bash
# Experiment: does a fastText supervised classifier (word bigrams, explicit
# bucket size) trained on the calibration TRAIN split earn its place as one
# more feature beside the unspun score? Prints a markdown table of ROC AUC
# and TPR at 1% FPR per scripts/eval.sh set for unspun alone, fastText alone
# and a logistic combination of both (fitted on the TRAIN documents with
# out-of-fold fastText log-odds), the model size, and a verdict. Details in
# scripts/fasttext_experiment.py. Deterministic (one fastText thread, fixed
# seed, stable folds). Intermediate files go to build/fasttext/.
#
#   scripts/fasttext-experiment.sh                  # bucket 200000, dim 50
#   scripts/fasttext-experiment.sh --bucket 2000000 --epoch 25
#
# Needs build/calibrate (scripts/calibrate.sh) and build/eval with its .s
# and .nd score files (scripts/eval.sh), and target/release/unspun.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/fasttext
mkdir -p "$out"
bin=target/release/unspun
[ -x "$bin" ] || { echo "missing $bin: cargo build --release" >&2; exit 1; }
for f in clean.medium clean.long clean.short spun; do
  [ -f build/calibrate/$f.jsonl ] || { echo "missing build/calibrate/$f.jsonl: run scripts/calibrate.sh" >&2; exit 1; }
done
[ -f build/eval/articles.clean.jsonl.s ] || { echo "missing build/eval/*.s: run scripts/eval.sh" >&2; exit 1; }

python3 -c 'import numpy' 2>/dev/null || pip install --quiet numpy
python3 -c 'import fasttext' 2>/dev/null || pip install --quiet fasttext-wheel==0.9.2

# Score the TRAIN documents with unspun (with the dictionary), once.
for f in clean.medium clean.long clean.short spun; do
  in=build/calibrate/$f.jsonl s=$out/train.$f.s
  if [ ! -s "$s" ] || [ "$in" -nt "$s" ] || [ "$bin" -nt "$s" ]; then
    "$bin" score -q -j 2 "$in" > "$s.tmp" && mv "$s.tmp" "$s"
  fi
done

python3 scripts/fasttext_experiment.py --out "$out" "$@"
