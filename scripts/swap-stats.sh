#!/usr/bin/env bash
# Swap evidence on human text nobody here wrote, and what it costs.
#
#   scripts/swap-stats.sh [DEV_DIR]    (default ../shared/dev)
#
# Scores the WMT21 human reference translations (ref.A, 8 lines a
# document) without the phrase dictionary and prints swaps per 1,000 tokens
# and the most frequent swapped words; then the speed of `score` with and
# without the swap search on the same file, in CPU seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
dev=${1:-../shared/dev}
[ -d "$dev" ] || { echo "no $dev: nothing to measure" >&2; exit 0; }
w=build/swap-stats
mkdir -p "$w"
cargo build --release -q
bin=target/release/unspun
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
bytes=$(stat -c %s "$w/ref.jsonl")
for flags in "" "--no-swaps"; do
  s=$( { /usr/bin/time -f "%U %S" "$bin" score -q -j1 $flags "$w/ref.jsonl" > /dev/null; } 2>&1 | tail -1)
  python3 -c "import sys; u,s=map(float,'$s'.split()); b=$bytes; print(f'score -j1 ${flags:-(with swaps)}: {b/1e6:.2f} MB in {u+s:.2f} CPU s, {b/1e6/(u+s):.2f} MB per CPU second')"
done
