#!/usr/bin/env bash
# Rebuild the evaluation sets from held-out data and print ROC AUC and TPR
# at 1% FPR per set, with and without the phrase dictionary.
#
#   scripts/eval.sh            # N=300 documents per side of each set
#   N=1000 scripts/eval.sh
#
# Sets (test splits only; calibration uses the train splits):
#   long   Brown + web text (registry corpora), 2-10 sentences; clean vs
#          spun by `unspun spin` at 10/20/30% of content words
#   short  the same cut to 1-3 sentences
#   news   WMT21 human reference translations (../shared/dev), 8 lines
#   wordnet-spun  spun by a different spinner: WordNet synonyms only
#   mt     WMT21 machine translation vs the human reference
#   tortured  scientific sentences with tortured phrases vs the correct ones
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-300}
e=build/eval
mkdir -p "$e"
cargo build --release -q
bin=target/release/unspun
scripts/corpora.sh build/corpora >/dev/null
cat build/corpora/brown.test.jsonl build/corpora/web.test.jsonl > "$e/pool.jsonl"

py() { python3 scripts/sets.py "$@"; }
spin() { # in out rate seed [sources]
  "$bin" spin --rate "$3" --seed "$4" --sources "${5:-moby,mythes,wordnet}" "$1" -o "$2"
}
score() { # in out [flags]
  local in=$1 out=$2; shift 2
  "$bin" score -q "$@" "$in" > "$out"
}
row() { # name neg pos
  local name=$1 neg=$2 pos=$3
  score "$neg" "$neg.s" ; score "$pos" "$pos.s"
  score "$neg" "$neg.nd" --no-dict ; score "$pos" "$pos.nd" --no-dict
  read -r a t nn np < <(python3 scripts/metrics.py "$neg.s" "$pos.s")
  read -r a2 t2 _ _ < <(python3 scripts/metrics.py "$neg.nd" "$pos.nd")
  printf '| %s (%s vs %s) | %s | %s | %s | %s |\n' "$name" "$nn" "$np" "$a" "$t" "$a2" "$t2"
}

py sample "$e/pool.jsonl" "$e/long.clean.jsonl" "$N" clean 0
py sample "$e/pool.jsonl" "$e/long.src.jsonl" "$N" clean "$N"
py sample "$e/pool.jsonl" "$e/short.clean.jsonl" "$N" clean 0 --short
py sample "$e/pool.jsonl" "$e/short.src.jsonl" "$N" clean "$N" --short

echo "| set | AUC | TPR at 1% FPR | AUC, no dict | TPR at 1% FPR, no dict |"
echo "|---|---|---|---|---|"
for kind in long short; do
  for rate in 0.1 0.2 0.3; do
    spin "$e/$kind.src.jsonl" "$e/$kind.spun$rate.jsonl" "$rate" 7
    row "$kind, spun ${rate}" "$e/$kind.clean.jsonl" "$e/$kind.spun$rate.jsonl"
  done
done
spin "$e/long.src.jsonl" "$e/long.wnspun.jsonl" 0.2 7 wordnet
row "long, WordNet-only spinner 0.2" "$e/long.clean.jsonl" "$e/long.wnspun.jsonl"

if [ -d ../shared/dev ]; then
  py wmt ../shared/dev "$e/mt.all.jsonl" "$e/ref.all.jsonl"
  py sample "$e/ref.all.jsonl" "$e/news.clean.jsonl" "$N" clean 0
  py sample "$e/ref.all.jsonl" "$e/news.src.jsonl" "$N" clean "$N"
  for rate in 0.1 0.2 0.3; do
    spin "$e/news.src.jsonl" "$e/news.spun$rate.jsonl" "$rate" 7
    row "news (WMT21 refs), spun ${rate}" "$e/news.clean.jsonl" "$e/news.spun$rate.jsonl"
  done
  py sample "$e/mt.all.jsonl" "$e/mt.jsonl" "$N" mt 0
  row "WMT21 machine translation vs human reference" "$e/ref.all.jsonl" "$e/mt.jsonl"
else
  echo "(../shared/dev not present: news and MT sets skipped)" >&2
fi

if [ -f build/packages/tortured_phrases_list.txt ]; then
  py tortured build/packages/tortured_phrases_list.txt "$e/tortured.jsonl" "$e/correct.jsonl"
  row "tortured vs correct scientific phrases" "$e/correct.jsonl" "$e/tortured.jsonl"
fi
