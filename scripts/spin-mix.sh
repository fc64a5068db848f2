#!/usr/bin/env bash
# Spin documents as the training data of scripts/calibrate.sh and
# scripts/word-model.sh is spun: the input cut into six consecutive parts,
# the last taking the remainder, each spun by `unspun spin` with all
# thesaurus sources:
#   1-3  synonyms drawn from the whole thesaurus, at 10%, 20%, 30%;
#   4-6  the way a spinner with a fixed table of common words does (the
#        same synonym at each occurrence, one of the 5 most frequent,
#        sentence-initial words and three-word phrases spun too), at 20%,
#        40%, 60%: adjacent words are then often both spun, as in real
#        spinners' output.
# With WORD_BY_WORD_4=1 (scripts/word-model.sh sets it), part 4 is spun
# instead as a table keyed by single words spins: word by word, each
# word's most frequent synonym ("attorney general" -> "lawyer normal").
# Deterministic.
#
#   scripts/spin-mix.sh UNSPUN SEED IN.jsonl > OUT.jsonl
#   PARTS="3 4 5" scripts/spin-mix.sh ...   # only these parts (0-5)
set -euo pipefail
bin=$1 seed=$2 in=$3
n=$(wc -l < "$in")
part=$(( n / 6 ))
tmp=$(mktemp --suffix=.jsonl)
trap 'rm -f "$tmp"' EXIT
# shellcheck source=scripts/spinners.sh
. "$(dirname "$0")/spinners.sh"
for k in ${PARTS:-0 1 2 3 4 5}; do
  sed -n "$(( k * part + 1 )),$(( k == 5 ? n : (k + 1) * part ))p" "$in" > "$tmp"
  case $k in
    0) "$bin" spin --rate 0.1 --seed "$seed" "$tmp" ;;
    1) "$bin" spin --rate 0.2 --seed "$seed" "$tmp" ;;
    2) "$bin" spin --rate 0.3 --seed "$seed" "$tmp" ;;
    3) "$bin" spin --rate 0.2 --seed "$seed" $SPIN_FIXED "$tmp" ;;
    4) if [ "${WORD_BY_WORD_4:-0}" = 1 ]; then
         "$bin" spin --rate 0.4 --seed "$seed" $SPIN_WORD "$tmp"
       else
         "$bin" spin --rate 0.4 --seed "$seed" $SPIN_FIXED "$tmp"
       fi ;;
    5) "$bin" spin --rate 0.6 --seed "$seed" $SPIN_FIXED "$tmp" ;;
  esac
done
