#!/usr/bin/env bash
# What `unspun dict learn` gives a second `score` run, on held-out articles
# (the test splits of Brown and nlp-corpus, as scripts/eval.sh takes them).
#
# Each "source" is a corpus of documents: half the held-out articles clean
# (odd lines) and spun ones made from the other half (even lines), so that
# no document is there both clean and spun. Pass 1 scores the source with
# the built-in settings; `dict learn` reads pass 1 and writes the swaps
# shown in 4 or more documents; pass 2 scores the source again with them
# (`--dict`). Prints, per source, the entries learned and, pass 1 -> pass
# 2, ROC AUC and TPR at 1% FPR (spun against the source's clean
# documents) and how many of each side the default threshold labels spun.
# The sources with nothing spun show what learning costs clean text:
# the clean half alone, and each Brown genre (the documents of one
# category, its "site") alone.
#
#   scripts/learn-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
l=build/learn
mkdir -p "$l"
cargo build --release -q
bin=${CARGO_TARGET_DIR:-target}/release/unspun
scripts/corpora.sh build/corpora >/dev/null
cat build/corpora/brown.test.jsonl build/corpora/web.test.jsonl > "$l/pool.jsonl"
python3 scripts/sets.py sample "$l/pool.jsonl" "$l/every.jsonl" 1000000 test 0 --long
awk 'NR % 2 == 1' "$l/every.jsonl" > "$l/clean.jsonl"
awk 'NR % 2 == 0' "$l/every.jsonl" > "$l/src.jsonl"
# shellcheck source=scripts/spinners.sh
. scripts/spinners.sh
# shellcheck disable=SC2086
"$bin" spin --rate 0.4 --seed 7 $SPIN_TABLE "$l/src.jsonl" -o "$l/table.jsonl"
head -n "$(( $(wc -l < "$l/src.jsonl") / 10 ))" "$l/table.jsonl" > "$l/table10.jsonl"
# shellcheck disable=SC2086
"$bin" spin --rate 0.4 --seed 7 $SPIN_FIXED "$l/src.jsonl" -o "$l/fixed.jsonl"
"$bin" spin --rate 0.2 --seed 7 "$l/src.jsonl" -o "$l/spun.jsonl"
"$bin" score -q "$l/clean.jsonl" > "$l/clean.1"
echo "| source (clean + spun documents) | entries learned | AUC / TPR at 1% FPR, pass 1 -> 2 | clean labelled spun, 1 -> 2 | spun labelled spun, 1 -> 2 |"
echo "|---|---|---|---|---|"
metrics() { python3 scripts/metrics.py "$@"; }
labelled() { metrics --labelled-spun "$1" | cut -d' ' -f1; }
for s in table table10 fixed spun; do
  case $s in
    table) name="one table at 40%, half the documents" ;;
    table10) name="one table at 40%, a tenth" ;;
    fixed) name="fixed-table spinner at 40% (a synonym a word, each document its own)" ;;
    spun) name="whole-thesaurus spinner at 20%" ;;
  esac
  "$bin" score -q "$l/$s.jsonl" > "$l/$s.1"
  "$bin" dict learn -o "$l/$s.tsv" "$l/clean.1" "$l/$s.1" 2>/dev/null
  "$bin" score -q --dict "$l/$s.tsv" "$l/clean.jsonl" > "$l/clean.$s.2"
  "$bin" score -q --dict "$l/$s.tsv" "$l/$s.jsonl" > "$l/$s.2"
  read -r a1 t1 nc ns < <(metrics "$l/clean.1" "$l/$s.1")
  read -r a2 t2 _ _ < <(metrics "$l/clean.$s.2" "$l/$s.2")
  entries=$(grep -vc '^#' "$l/$s.tsv" || true)
  echo "| $name ($nc + $ns) | $entries | $a1 / $t1 -> $a2 / $t2 | $(labelled "$l/clean.1") -> $(labelled "$l/clean.$s.2") | $(labelled "$l/$s.1") -> $(labelled "$l/$s.2") |"
done
# Sources with nothing spun.
clean_row() { # name scores1 docs
  "$bin" dict learn -o "$l/$2.tsv" "$l/$2.1" 2>/dev/null
  "$bin" score -q --dict "$l/$2.tsv" "$3" > "$l/$2.2"
  local n
  n=$(grep -vc '^#' "$l/$2.tsv" || true)
  echo "| $1 ($(wc -l < "$3") + 0) | $n | | $(labelled "$l/$2.1") -> $(labelled "$l/$2.2") | |"
}
clean_row "the clean half alone" clean "$l/clean.jsonl"
for c in g j n f h; do
  grep "\"id\": *\"brown-c$c" "$l/every.jsonl" > "$l/brown$c.jsonl" || true
  [ -s "$l/brown$c.jsonl" ] || continue
  "$bin" score -q "$l/brown$c.jsonl" > "$l/brown$c.1"
  clean_row "Brown category $c alone" "brown$c" "$l/brown$c.jsonl"
done
