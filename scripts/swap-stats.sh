#!/usr/bin/env bash
# Swap evidence on human text nobody here wrote, and what it costs.
#
#   scripts/swap-stats.sh [DEV_DIR]    (default ../shared/dev)
#
# Scores the WMT21 human reference translations (ref.A, 8 lines a
# document) without the phrase dictionary and prints swaps per 1,000 tokens
# and the most frequent swapped words; then the speed of `score` with and
# without the swap search on the same file, in CPU seconds, with and
# without the start-up cost.
set -euo pipefail
cd "$(dirname "$0")/.."
dev=${1:-../shared/dev}
[ -d "$dev" ] || { echo "no $dev: nothing to measure" >&2; exit 0; }
w=build/swap-stats
mkdir -p "$w"
cargo build --release -q
bin=${CARGO_TARGET_DIR:-target}/release/unspun
python3 scripts/sets.py wmt "$dev" "$w/mt.jsonl" "$w/ref.jsonl" 8
"$bin" score -q --no-dict -j1 "$w/ref.jsonl" > "$w/ref.scored.jsonl"
python3 - "$w/ref.scored.jsonl" <<'PY'
import collections, json, sys
docs = tokens = swaps = 0
words = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["score"] is None:
        continue
    docs += 1
    tokens += r["tokens"]
    for e in r["evidence"]:
        if e["kind"] == "swap":
            swaps += 1
            words[f'{e["text"].lower()} -> {e["suggestion"].lower()}'] += 1
print(f"WMT21 human references: {docs} documents, {tokens} tokens, {swaps} swaps, "
      f"{1000 * swaps / max(tokens, 1):.2f} swaps per 1,000 tokens")
print("most frequent:", "; ".join(f"{k} ({n})" for k, n in words.most_common(10)))
PY
# The speed runs read the references four times over (5 MB), so that the
# rate after start-up is not lost in timer noise.
for _ in 1 2 3 4; do cat "$w/ref.jsonl"; done > "$w/ref4.jsonl"
bytes=$(stat -c %s "$w/ref4.jsonl")
# Start-up (loading the model, thesaurus, dictionary and language
# identifier) is paid once per process: measured on a one-document input
# and reported apart, so the rate is what a long run sees.
head -n 1 "$w/ref.jsonl" > "$w/one.jsonl"
# --no-evidence gives the same scores with the search's joint swaps of
# adjacent words left out (they serve only the evidence).
# CPU seconds of a run, the least of three (timer noise is large beside
# the 0.2 s that the run without swaps takes after start-up).
cpu() {
  for _ in 1 2 3; do
    { /usr/bin/time -f "%U %S" "$bin" score -q -j1 "$@" > /dev/null; } 2>&1 | tail -1 | awk '{print $1 + $2}'
  done | sort -g | head -1
}
for flags in "" "--no-evidence" "--no-swaps" "--no-swaps --no-mt"; do
  total=$(cpu $flags "$w/ref4.jsonl")
  start=$(cpu $flags "$w/one.jsonl")
  python3 -c "b=$bytes; t=$total; s=$start; print(f'score -j1 ${flags:-(with swaps)}: {b/1e6:.2f} MB in {t:.2f} CPU s ({s:.2f} of them start-up), {b/1e6/t:.2f} MB per CPU second, {b/1e6/max(t-s,1e-9):.2f} after start-up')"
done
