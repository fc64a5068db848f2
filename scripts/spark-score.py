#!/usr/bin/env python3
"""Score a directory of JSONL shards with PySpark and the unspun package.

Usage: spark-score.py INPUT_DIR OUTPUT_DIR [--master local[2]] [--text-field text]
                      [--threshold T] [--threads-per-task N] [--skip-existing]

Every input shard (``*.jsonl``, ``*.json``, ``*.ndjson``, also ``.gz``;
recursively, sorted) becomes one Spark task, which writes OUTPUT_DIR/<the
same relative path>: the same lines, in the same order, each JSON object
with an ``unspun`` object added (the fields of ``unspun score --annotate``).
A line that is not a JSON object becomes ``{"id": "FILE:LINE", "raw": ...,
"unspun": {..., "label": "error", "error": ...}}``, as in the CLI. Each
task scores in batches with one ``unspun.Detector`` per Python worker, and
writes to a temporary file that is renamed when complete.

The shards must be on a file system every executor sees at the same path
(local disk for ``local[N]``; NFS, Lustre or a mounted bucket on a cluster).
On a cluster, install the unspun wheel into the executors' Python (the
default model is inside it); see python/README.md.

Prints one JSON summary line on stdout: files, skipped_existing, documents,
bytes (of the lines read), seconds (the Spark job, wall time), cpu_seconds
(of the Python workers, scoring threads included), docs_per_second,
mb_per_second, labels.
"""

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

#: Documents scored per call to score_batch inside a task.
BATCH_DOCS = 1024
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")

_DETECTOR = None
_DETECTOR_OPTIONS = None


def detector(options):
    """One Detector per Python worker process, reused across its tasks."""
    global _DETECTOR, _DETECTOR_OPTIONS
    if _DETECTOR is None or _DETECTOR_OPTIONS != options:
        import unspun

        _DETECTOR = unspun.Detector(**options)
        _DETECTOR_OPTIONS = options
    return _DETECTOR


def is_shard(path):
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    return path.is_file() and not path.name.startswith(".") and name.endswith(JSONL_SUFFIXES)


def list_shards(input_dir):
    return sorted(p for p in Path(input_dir).rglob("*") if is_shard(p))


def _open(path, mode, gz):
    if gz:
        return gzip.open(path, mode + "t", encoding="utf-8", newline="\n")
    return open(path, mode, encoding="utf-8", newline="\n")


def error_record(message):
    return {
        "score": None,
        "label": "error",
        "lang": None,
        "tokens": 0,
        "perplexity": None,
        "evidence": [],
        "error": message,
    }


def parse(line, name, number, text_field):
    """(object to write, text to score or None, error message or None)."""
    try:
        obj = json.loads(line)
    except ValueError as e:
        return {"id": f"{name}:{number}", "raw": line}, None, f"invalid JSON: {e}"
    if not isinstance(obj, dict):
        return {"id": f"{name}:{number}", "raw": line}, None, "expected a JSON object"
    text = obj.get(text_field)
    if not isinstance(text, str):
        what = "no" if text is None else "a non-string"
        return obj, None, f'{what} "{text_field}" field'
    return obj, text, None


def score_shard(src, dst, options, text_field, threads):
    """Score one shard into dst (through a temporary file); returns counts."""
    d = detector(options)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp-{os.getpid()}")
    counts = {"documents": 0, "bytes": 0, "labels": {}}

    def flush(out, pending):
        texts = [text for _, text, _ in pending if text is not None]
        records = iter(d.score_batch(texts, threads=threads)) if texts else iter(())
        for obj, text, error in pending:
            record = next(records) if text is not None else error_record(error)
            obj["unspun"] = record
            label = record["label"]
            counts["labels"][label] = counts["labels"].get(label, 0) + 1
            out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")

    try:
        with _open(src, "r", src.name.endswith(".gz")) as inp, _open(tmp, "w", dst.name.endswith(".gz")) as out:
            pending = []
            for number, line in enumerate(inp, 1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                counts["documents"] += 1
                counts["bytes"] += len(line.encode("utf-8"))
                pending.append(parse(line, str(src), number, text_field))
                if len(pending) >= BATCH_DOCS:
                    flush(out, pending)
                    pending = []
            flush(out, pending)
        os.replace(tmp, dst)
    finally:
        if tmp.exists():
            tmp.unlink()
    return counts


def score_partition(shards, options, text_field, threads):
    """mapPartitions body: each element is (source path, destination path)."""
    for src, dst in shards:
        started, cpu_started = time.perf_counter(), time.process_time()
        counts = score_shard(Path(src), Path(dst), options, text_field, threads)
        counts["seconds"] = time.perf_counter() - started
        # The worker's CPU time, scoring threads included.
        counts["cpu_seconds"] = time.process_time() - cpu_started
        yield counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input_dir")
    ap.add_argument("output_dir")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument(
        "--threads-per-task",
        type=int,
        default=None,
        help="scoring threads in each task (default: spark.task.cpus, 1 unless set)",
    )
    ap.add_argument("--skip-existing", action="store_true", help="leave existing output shards alone")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    input_dir, output_dir = Path(args.input_dir).resolve(), Path(args.output_dir).resolve()
    shards = list_shards(input_dir)
    if not shards:
        sys.exit(f"spark-score: {input_dir}: no JSONL shards (*.jsonl, *.json, *.ndjson, also .gz)")
    pairs = [(str(s), str(output_dir / s.relative_to(input_dir))) for s in shards]
    if args.skip_existing:
        pairs = [(s, d) for s, d in pairs if not os.path.exists(d)]

    if args.master and args.master.startswith("local"):
        # Local workers run this interpreter, which has unspun installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("unspun-score")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    threads = args.threads_per_task or int(sc.getConf().get("spark.task.cpus", "1"))
    options = {"threshold": args.threshold}
    text_field = args.text_field

    started = time.perf_counter()
    results = []
    if pairs:
        rdd = sc.parallelize(pairs, numSlices=len(pairs))
        results = rdd.mapPartitions(lambda it: score_partition(it, options, text_field, threads)).collect()
    seconds = time.perf_counter() - started
    spark.stop()

    documents = sum(r["documents"] for r in results)
    size = sum(r["bytes"] for r in results)
    labels = {}
    for r in results:
        for k, v in r["labels"].items():
            labels[k] = labels.get(k, 0) + v
    summary = {
        "files": len(results),
        "skipped_existing": len(shards) - len(pairs),
        "documents": documents,
        "bytes": size,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(sum(r["cpu_seconds"] for r in results), 3),
        "docs_per_second": round(documents / seconds, 1) if seconds > 0 else None,
        "mb_per_second": round(size / 1e6 / seconds, 3) if seconds > 0 else None,
        "labels": labels,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
