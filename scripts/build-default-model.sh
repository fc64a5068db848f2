#!/usr/bin/env bash
# Rebuild data/en-us.lm, the built-in language model, from the PyPI wheel
# pocketsphinx==5.1.1 (CMU Sphinx US-English 3-gram, BSD-2-Clause).
# Deterministic: the same bytes on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
work=build/default-model
mkdir -p "$work" data
if ! ls "$work"/pocketsphinx-5.1.1-*.whl >/dev/null 2>&1; then
  pip download --no-deps --only-binary :all: -d "$work" pocketsphinx==5.1.1 >/dev/null
fi
python3 - "$work" <<'PY'
import glob, sys, zipfile
work = sys.argv[1]
whl = sorted(glob.glob(f"{work}/pocketsphinx-5.1.1-*.whl"))[0]
with zipfile.ZipFile(whl) as z:
    open(f"{work}/en-us.lm.bin", "wb").write(z.read("pocketsphinx/model/en-us/en-us.lm.bin"))
PY
echo "574e3e017b3451d571a81c86f26128b7  $work/en-us.lm.bin" | md5sum -c --quiet
# The converter is the crate itself; data/en-us.lm must exist to build it,
# so start from an empty placeholder when it is missing.
[ -f data/en-us.lm ] || : > data/en-us.lm
cargo build --release -q
"${CARGO_TARGET_DIR:-target}"/release/unspun lm convert "$work/en-us.lm.bin" -o "$work/en-us.lm.new"
mv "$work/en-us.lm.new" data/en-us.lm
ls -l data/en-us.lm
md5sum data/en-us.lm
