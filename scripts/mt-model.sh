#!/usr/bin/env bash
# Train the machine-translation detector, data/mt-model.bin (src/mt.rs), on
# WMT21 news from ../shared/dev: every system's English output against the
# human reference, single segments, the pairs of wmt21-into-en (cs, de, ha,
# is, ja, ru into English); zh-en is held out for scripts/eval.sh. Prints
# the AUC of each trained pair's documents under a model trained on the
# other five (the data the probability is calibrated on), the held-out
# zh-en's under the final model, and checks that the file's collapsed rows
# give fastText's own predictions. Deterministic (one thread, fixed seed):
# the same input gives the same file. Details in scripts/mt_model.py.
#
#   scripts/mt-model.sh            # rewrites data/mt-model.bin
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/dev/wmt21-into-en ] || { echo "mt-model.sh: needs ../shared/dev (WMT21)" >&2; exit 1; }
# fastText 0.9.2's wheel and numpy from PyPI, the versions the committed
# file was made with (mt_model.py calls fastText's C++ prediction directly,
# since its Python wrapper's predict fails under numpy 2).
python3 -c 'import fasttext, numpy' 2>/dev/null || pip install --quiet fasttext-wheel==0.9.2 numpy==2.4.6
python3 scripts/mt_model.py ../shared/dev data/mt-model.bin
