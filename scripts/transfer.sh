#!/usr/bin/env bash
# How the document score carries over to a kind of spinner it was not
# fitted on: leave one kind out.
#
# Four kinds of context-blind spinner, all `unspun spin` with every
# thesaurus source:
#   whole      synonyms drawn from the whole thesaurus (scripts/spin-mix.sh
#              parts 1-3, 10-30%)
#   fixed      a fixed table of common words (spin-mix.sh parts 4-6, 20-60%)
#   word       word by word, each word's most frequent synonym, consistent
#              (45%)
#   plausible  word by word, of each word's five most frequent synonyms the
#              one the model likes best where the word first occurs (45%)
# The built-in weights are fitted on the first two. For each kind left out,
# `unspun calibrate --kind-per-file` fits the weights on the calibration
# documents of scripts/calibrate.sh (the same clean ones; the spun ones of
# the other three kinds, 807 each), and every held-out article (as
# scripts/eval.sh builds them: clean, and spun by each kind at seed 7) is
# scored with them, without the dictionary. Then the same with all four
# kinds, and the built-in weights.
#
# Prints one row per fit: ROC AUC and TPR at 1% FPR against the clean
# articles for each kind's articles; the kind left out is marked.
# With ../shared/examples present, also where the spun example falls among
# the clean articles under each fit, and, under the built-in weights, for
# each feature, the share of clean articles at or beyond the example's
# value (the direction in which the feature counts as evidence).
#
#   scripts/transfer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
t=build/transfer
mkdir -p "$t"
cargo build --release -q
bin=${CARGO_TARGET_DIR:-target}/release/unspun
# The calibration documents (and weights equal to the built-in ones).
scripts/calibrate.sh "$t/builtin.json" "$t/builtin-noswaps.json" >/dev/null
c=build/calibrate
cat "$c"/src.{medium,long,short,rest}.jsonl > "$t/cal.src.jsonl"
# shellcheck source=scripts/spinners.sh
. scripts/spinners.sh
# Every other source document, spun by each word-by-word kind: as many as
# the other two kinds have.
spin_cal() { # kind flags...
  local kind=$1
  shift
  "$bin" spin --rate 0.45 --seed 11 "$@" "$t/cal.src.jsonl" -o "$t/cal.$kind.all.jsonl"
  awk 'NR % 2 == 1' "$t/cal.$kind.all.jsonl" > "$t/cal.$kind.jsonl"
}
# shellcheck disable=SC2086
spin_cal word $SPIN_WORD
# shellcheck disable=SC2086
spin_cal plausible $SPIN_PLAUSIBLE
cp "$c/spun.whole.jsonl" "$t/cal.whole.jsonl"
cp "$c/spun.fixed.jsonl" "$t/cal.fixed.jsonl"
# The held-out articles, as scripts/eval.sh makes them.
scripts/corpora.sh build/corpora >/dev/null
cat build/corpora/brown.test.jsonl build/corpora/web.test.jsonl > "$t/pool.jsonl"
python3 scripts/sets.py sample "$t/pool.jsonl" "$t/ev.clean.jsonl" 1000000 test 0 --long
"$bin" spin --rate 0.2 --seed 7 "$t/ev.clean.jsonl" -o "$t/ev.whole.jsonl"
# shellcheck disable=SC2086
"$bin" spin --rate 0.4 --seed 7 $SPIN_FIXED "$t/ev.clean.jsonl" -o "$t/ev.fixed.jsonl"
# shellcheck disable=SC2086
"$bin" spin --rate 0.45 --seed 7 $SPIN_WORD "$t/ev.clean.jsonl" -o "$t/ev.word.jsonl"
# shellcheck disable=SC2086
"$bin" spin --rate 0.45 --seed 7 $SPIN_PLAUSIBLE "$t/ev.clean.jsonl" -o "$t/ev.plausible.jsonl"
clean=$(cat "$c"/clean.{medium,long,short,rest}.jsonl | wc -l)
fit() { # out kinds...: weights on the clean calibration documents and these kinds
  local out=$1
  shift
  local spun=()
  for k in "$@"; do spun+=("$t/cal.$k.jsonl"); done
  "$bin" calibrate --no-dict --clean "$c"/clean.{medium,long,short,rest}.jsonl \
    --spun "${spun[@]}" --kind-per-file -o "$out" --recipe "scripts/transfer.sh: $*" > "$t/calibrate.log" 2>&1 ||
    { cat "$t/calibrate.log" >&2; exit 1; }
}
kinds=(whole fixed word plausible)
echo "Leave one kind of spinner out: every held-out article, no dictionary ($clean clean calibration documents, 807 spun a kind)"
echo
printf '| fitted on | left out |'
for k in "${kinds[@]}"; do printf ' %s |' "$k"; done
[ -d ../shared/examples ] && printf ' spun example: clean articles at or above |'
echo
printf '|---|---|'
for _ in "${kinds[@]}"; do printf -- '---|'; done
[ -d ../shared/examples ] && printf -- '---|'
echo
row() { # weights fitted-on left-out
  local w=$1 on=$2 out=$3
  for s in clean "${kinds[@]}"; do
    "$bin" score -q --no-dict --no-evidence --weights "$w" "$t/ev.$s.jsonl" > "$t/ev.$s.scores"
  done
  printf '| %s | %s |' "$on" "$out"
  for k in "${kinds[@]}"; do
    read -r a tp _ _ < <(python3 scripts/metrics.py "$t/ev.clean.scores" "$t/ev.$k.scores")
    if [ "$k" = "$out" ]; then printf ' **%s / %s** |' "$a" "$tp"; else printf ' %s / %s |' "$a" "$tp"; fi
  done
  if [ -d ../shared/examples ]; then
    "$bin" score -q --no-dict --no-evidence --weights "$w" ../shared/examples/spun-news-article.txt > "$t/example.scores"
    python3 - "$t/ev.clean.scores" "$t/example.scores" <<'PY'
import json, sys
clean = [json.loads(l)["score"] for l in open(sys.argv[1], encoding="utf-8")]
clean = [s for s in clean if s is not None]
ex = json.loads(open(sys.argv[2], encoding="utf-8").readline())["score"]
print(f" {ex:.3f}: {sum(s >= ex for s in clean) / len(clean):.3f} |", end="")
PY
  fi
  echo
}
for out in "${kinds[@]}"; do
  on=()
  for k in "${kinds[@]}"; do [ "$k" = "$out" ] || on+=("$k"); done
  fit "$t/w.no-$out.json" "${on[@]}"
  row "$t/w.no-$out.json" "$(IFS=+; echo "${on[*]}")" "$out"
done
fit "$t/w.all.json" "${kinds[@]}"
row "$t/w.all.json" "all four" "none"
row "$t/builtin.json" "whole+fixed (built-in)" "word, plausible"
if [ -d ../shared/examples ]; then
  echo
  echo "The spun example under the built-in weights, no dictionary: each feature's value, and the share of clean articles at or beyond it (toward spun; for length and OOV share, at or above)"
  echo
  "$bin" score -q --no-dict --features ../shared/examples/spun-news-article.txt > "$t/example.features"
  "$bin" score -q --no-dict --features "$t/ev.clean.jsonl" > "$t/ev.clean.features"
  python3 - "$t/ev.clean.features" "$t/example.features" <<'PY'
import json, sys
# The direction of each feature as src/features.rs's FEATURE_SIGNS gives it.
lower_is_evidence = {"context_gain_per_word"}
clean = [json.loads(l)["features"] for l in open(sys.argv[1], encoding="utf-8")]
clean = [f for f in clean if f]
ex = json.loads(open(sys.argv[2], encoding="utf-8").readline())["features"]
print("| feature | spun example | clean articles at or beyond |")
print("|---|---|---|")
for name, v in ex.items():
    if name in lower_is_evidence:
        share = sum(f[name] <= v for f in clean) / len(clean)
    else:
        share = sum(f[name] >= v for f in clean) / len(clean)
    print(f"| {name} | {v:.3f} | {share:.3f} |")
PY
fi
