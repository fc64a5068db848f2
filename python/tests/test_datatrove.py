"""A real DataTrove pipeline: JsonlReader -> UnspunFilter -> JsonlWriter."""

import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from conftest import make_documents, read_jsonl, write_jsonl  # noqa: E402
from unspun.datatrove import UnspunFilter  # noqa: E402

THRESHOLD = 0.5


def rows_under(directory):
    rows = []
    for path in sorted(Path(directory).rglob("*.jsonl*")):
        rows.extend(read_jsonl(path))
    return rows


@pytest.mark.parametrize("tasks,workers", [(1, 1), (3, 2)])
def test_pipeline_keeps_plus_excludes_all_it_reads(tmp_path, tasks, workers):
    docs = make_documents(300)
    kinds = {d["id"]: d["kind"] for d in docs}
    for shard in range(3):
        write_jsonl(
            tmp_path / "in" / f"shard-{shard}.jsonl",
            [{"id": d["id"], "text": d["text"]} for d in docs[shard::3]],
        )
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            UnspunFilter(
                threshold=THRESHOLD,
                batch_size=64,
                threads=1,
                exclusion_writer=JsonlWriter(str(tmp_path / "spun")),
            ),
            JsonlWriter(str(tmp_path / "kept")),
        ],
        tasks=tasks,
        workers=workers,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    kept, spun = rows_under(tmp_path / "kept"), rows_under(tmp_path / "spun")
    print(f"datatrove tasks={tasks}: read {len(docs)}, kept {len(kept)}, excluded {len(spun)}")
    assert len(kept) + len(spun) == len(docs)
    assert sorted(r["id"] for r in kept + spun) == sorted(kinds)
    for r in kept:
        score = r["metadata"]["unspun_score"]
        assert score is None or score < THRESHOLD
        assert r["metadata"]["unspun_label"] in ("clean", "skipped", "empty")
    for r in spun:
        assert r["metadata"]["unspun_score"] >= THRESHOLD
        assert r["metadata"]["unspun_label"] == "spun"
        assert r["metadata"]["filter_reason"] == "spun"
    # The documents written to be spun are the ones dropped, nearly all.
    spun_ids = {r["id"] for r in spun}
    made_spun = {i for i, k in kinds.items() if k == "spun"}
    assert len(spun_ids & made_spun) >= 0.8 * len(made_spun)
    assert len(spun_ids - made_spun) <= 0.2 * len(made_spun)

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "unspun" in s["name"])
    counts = {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}
    assert counts["total"] == len(docs)
    assert counts["dropped"] == len(spun) == counts["dropped_spun"]
    assert counts["forwarded"] == len(kept)


def test_filter_drops_unscored_when_asked():
    from datatrove.data import Document

    f = UnspunFilter(drop_skipped=True)
    batch = [Document(text="Too short.", id="a"), Document(text=make_documents(1)[0]["text"], id="b")]
    assert f.filter_batch(batch) == [(False, "unscored"), (False, "spun")]
    assert batch[0].metadata == {"unspun_score": None, "unspun_label": "skipped"}
    assert f.filter(Document(text="", id="c")) == (False, "unscored")


def test_bad_settings_fail_when_the_pipeline_is_defined():
    with pytest.raises(ValueError, match="threshold"):
        UnspunFilter(threshold=7)
    for threads in (0, -1, 2.5, 10_000):
        with pytest.raises(ValueError, match="threads"):
            UnspunFilter(threads=threads)


def test_no_threshold_means_the_built_in_one():
    from datatrove.data import Document

    from unspun import Detector

    f = UnspunFilter(threshold=None)
    assert f.threshold == Detector().threshold
    assert f.filter(Document(text=make_documents(1)[0]["text"], id="s")) == (False, "spun")
