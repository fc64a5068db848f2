"""scripts/spark-score.py on local[2]: one scored shard per input shard."""

import gzip
import json
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, make_documents, read_jsonl, write_jsonl

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no java on PATH (PySpark needs Java 17)", allow_module_level=True)

import unspun  # noqa: E402

SCRIPT = REPO / "scripts" / "spark-score.py"


def test_spark_scores_each_shard(tmp_path):
    docs = make_documents(240)
    inp, out = tmp_path / "in", tmp_path / "out"
    shards = {
        "a.jsonl": [{"id": d["id"], "text": d["text"], "n": i} for i, d in enumerate(docs[:100])],
        "sub/b.jsonl": [{"id": d["id"], "text": d["text"]} for d in docs[100:180]],
    }
    for name, rows in shards.items():
        write_jsonl(inp / name, rows)
    gz_rows = [{"id": d["id"], "text": d["text"], "source": "gz"} for d in docs[180:]]
    with gzip.open(inp / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        for row in gz_rows:
            f.write(json.dumps(row) + "\n")
        f.write("{not json\n")
    shards["c.jsonl.gz"] = gz_rows

    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(inp), str(out), "--master", "local[2]"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["files"] == 3 and summary["documents"] == len(docs) + 1
    assert summary["labels"]["error"] == 1

    detector = unspun.Detector()
    for name, rows in shards.items():
        scored = read_jsonl(out / name)
        if name == "c.jsonl.gz":
            bad = scored.pop()
            assert bad["raw"] == "{not json" and bad["unspun"]["label"] == "error"
            assert bad["id"].endswith("c.jsonl.gz:61")
        assert len(scored) == len(rows)
        for row, got in zip(rows, scored):
            record = got.pop("unspun")
            assert got == row
            assert record == detector.score(row["text"])
    assert not list(out.rglob(".*")), "temporary files left behind"

    # Resumable: existing shards are left alone.
    (out / "a.jsonl").write_text("kept\n")
    again = subprocess.run(
        [sys.executable, str(SCRIPT), str(inp), str(out), "--master", "local[2]", "--skip-existing"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert json.loads(again.stdout.strip().splitlines()[-1])["skipped_existing"] == 3
    assert (out / "a.jsonl").read_text() == "kept\n"
