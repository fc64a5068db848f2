"""Shared test data: documents written for these tests, some of them spun.

Clean documents are made of plain news-style sentences; spun ones have the
same sentences with a few words swapped the way synonym spinners do
("attorney general" -> "lawyer normal"), using phrases the built-in
dictionary knows.
"""

import json
import os
import random
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CLEAN_SENTENCES = [
    "The attorney general said on Monday that the inquiry would take at least another year.",
    "The football coach told reporters that his players had trained hard all week.",
    "Prices rose by three percent in the first quarter, the statistics office reported.",
    "A new marketing campaign for the city's museums starts in the spring.",
    "Residents gathered outside the town hall to hear the result of the vote.",
    "The company plans to open two factories and hire several hundred workers.",
    "Heavy rain closed the coastal road for most of the afternoon.",
    "Scientists at the university published their findings in a medical journal.",
    "The school board agreed to repair the roof before the winter term begins.",
    "Fans waited for hours in the cold to buy tickets for the final match.",
    "The minister promised that the hospital would receive more nurses next year.",
    "Local farmers say the dry summer has cut their harvest by almost half.",
    "The bridge will be closed to traffic while engineers inspect the cables.",
    "Volunteers planted more than a thousand trees along the river bank.",
    "The festival drew visitors from across the region despite the weather.",
    "Police asked drivers to avoid the main square during the parade.",
]

SPUN_SENTENCES = [
    "The lawyer normal said on Monday that the inquiry would take at least another year.",
    "The soccer trainer told reporters that his players had trained hard all week.",
    "Prices rose by three p.c in the first quarter, the statistics office reported.",
    "The lawyer normal has asked the court to review the earlier decision.",
    "A spokesman for the lawyer normal declined to comment on the case.",
]


def make_documents(n, seed=7, spun_every=3):
    """`n` documents as dicts {id, text, kind}; every `spun_every`-th is spun."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        sentences = rng.sample(CLEAN_SENTENCES, 6)
        kind = "spun" if i % spun_every == 0 else "clean"
        if kind == "spun":
            sentences[1:1] = rng.sample(SPUN_SENTENCES, 3)
            sentences.append(SPUN_SENTENCES[3])
        docs.append({"id": f"doc-{i:04d}", "text": " ".join(sentences), "kind": kind})
    return docs


def write_jsonl(path, rows):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def read_jsonl(path):
    import gzip

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def unspun_binary():
    """The CLI binary: $UNSPUN_BIN, else target/release/unspun, else None."""
    path = os.environ.get("UNSPUN_BIN") or str(REPO / "target" / "release" / "unspun")
    return path if os.access(path, os.X_OK) else None


@pytest.fixture
def documents():
    return make_documents(300)


def pytest_sessionfinish(session, exitstatus):
    """With UNSPUN_NO_SKIPS set (CI), a skipped test fails the run: CI must
    run the DataTrove and Spark tests and the comparison with the CLI, not
    skip them because something is missing."""
    if not os.environ.get("UNSPUN_NO_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == 0:
        if reporter:
            reporter.write_line(f"UNSPUN_NO_SKIPS: {skipped} test(s) skipped", red=True)
        session.exitstatus = 1
