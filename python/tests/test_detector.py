"""The binding: records, batches, errors, pickling, the GIL."""

import json
import os
import pickle
import subprocess
import threading
import time

import pytest

import unspun
from conftest import SPUN_SENTENCES, make_documents, unspun_binary, write_jsonl

RECORD_FIELDS = ["score", "label", "lang", "tokens", "perplexity", "mt", "evidence"]
EVIDENCE_FIELDS = ["start", "end", "text", "kind", "suggestion", "weight"]


@pytest.fixture(scope="module")
def detector():
    return unspun.Detector()


def test_score_returns_the_record_fields(detector):
    text = " ".join(SPUN_SENTENCES)
    record = detector.score(text)
    assert list(record)[: len(RECORD_FIELDS)] == RECORD_FIELDS
    assert record["label"] == "spun"
    assert 0.0 <= record["score"] <= 1.0
    assert record["score"] >= detector.threshold
    assert record["evidence"], record
    for e in record["evidence"]:
        # A swap also names its gain in log10, and so does a phrase hit
        # checked in its sentence.
        extra = ["gain"] if e["kind"] == "swap" or (e["kind"] == "phrase" and "gain" in e) else []
        assert list(e) == EVIDENCE_FIELDS + extra
        assert text[e["start"] : e["end"]] == e["text"]
    assert any(e["text"] == "lawyer normal" for e in record["evidence"])


def test_offsets_are_characters_not_bytes(detector):
    text = "Café naïve — résumé. " + " ".join(SPUN_SENTENCES)
    hits = [e for e in detector.score(text)["evidence"] if e["text"] == "lawyer normal"]
    assert hits
    for e in hits:
        assert text[e["start"] : e["end"]] == "lawyer normal"


def test_lone_surrogates_become_one_replacement_each(detector):
    # Text decoded with errors="surrogateescape" holds lone surrogates,
    # which cannot be encoded as UTF-8: each is scored as U+FFFD, one
    # character, so that offsets still index the string given.
    raw = "Caf\xe9 menu. ".encode("latin-1") + " ".join(SPUN_SENTENCES).encode()
    text = raw.decode("utf-8", errors="surrogateescape")
    assert "\udce9" in text
    for record in (detector.score(text), detector.score_batch([text, "plain text here"])[0]):
        assert record["warning"] == "1 lone surrogate(s) replaced by U+FFFD"
        hits = [e for e in record["evidence"] if e["text"] == "lawyer normal"]
        assert hits
        for e in hits:
            assert text[e["start"] : e["end"]] == "lawyer normal"
    assert "warning" not in detector.score_batch([text, "plain text here"])[1]
    # Two surrogates that would make a pair are still two characters of
    # the str: two replacements, and the offsets after them still hold.
    paired = "\ud83d\ude00 " + " ".join(SPUN_SENTENCES)
    record = detector.score(paired)
    assert record["warning"] == "2 lone surrogate(s) replaced by U+FFFD"
    hits = [e for e in record["evidence"] if e["text"] == "lawyer normal"]
    assert hits
    for e in hits:
        assert paired[e["start"] : e["end"]] == "lawyer normal"


def test_labels_for_empty_and_short(detector):
    empty = detector.score("")
    assert empty["label"] == "empty" and empty["score"] is None
    assert detector.score(" \n\t")["label"] == "empty"
    short = detector.score("Too short to judge.")
    assert short["label"] == "skipped" and short["score"] is None and "reason" in short


def test_same_record_as_the_cli(detector, tmp_path):
    binary = unspun_binary()
    if binary is None:
        pytest.skip("no unspun binary (set UNSPUN_BIN or cargo build --release)")
    docs = make_documents(40) + [
        {"id": "short", "text": "Hi."},
        {"id": "empty", "text": ""},
        {"id": "french", "text": "Le ministre a promis que l'hôpital recevrait plus d'infirmières l'année prochaine."},
    ]
    path = write_jsonl(tmp_path / "docs.jsonl", [{"id": d["id"], "text": d["text"]} for d in docs])
    out = subprocess.run([binary, "score", str(path)], check=True, capture_output=True, text=True)
    cli = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(cli) == len(docs)
    batch = detector.score_batch([d["text"] for d in docs])
    for doc, record, from_cli in zip(docs, batch, cli):
        assert from_cli.pop("id") == doc["id"]
        assert record == from_cli
        assert detector.score(doc["text"]) == from_cli


@pytest.mark.parametrize("threads", [None, 1, 2])
def test_batch_is_in_input_order(detector, threads):
    texts = [d["text"] for d in make_documents(60)]
    assert detector.score_batch(texts, threads=threads) == [detector.score(t) for t in texts]


def test_batch_takes_any_iterable(detector):
    texts = [d["text"] for d in make_documents(5)]
    assert detector.score_batch(iter(texts)) == detector.score_batch(tuple(texts))
    assert detector.score_batch([]) == []


def test_batch_releases_the_gil(detector):
    # A few seconds of scoring on one thread.
    texts = [d["text"] for d in make_documents(150)]
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.02)
    before = ticks
    started = time.perf_counter()
    detector.score_batch(texts, threads=1)
    elapsed = time.perf_counter() - started
    during = ticks - before
    stop.set()
    t.join()
    # With the GIL held the counter could not move while scoring.
    if elapsed > 0.05:
        assert during >= 5, (during, elapsed)


def test_errors_are_python_exceptions(tmp_path, detector):
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        unspun.Detector(threshold=1.5)
    with pytest.raises(FileNotFoundError, match="nope.tsv"):
        unspun.Detector(dictionaries=[tmp_path / "nope.tsv"])
    bad = tmp_path / "bad.tsv"
    bad.write_text("only\ttwo\n")
    with pytest.raises(ValueError, match=r"bad\.tsv:1"):
        unspun.Detector(dictionaries=[bad])
    with pytest.raises(TypeError):
        detector.score_batch("not a list")
    with pytest.raises(TypeError):
        detector.score_batch(["ok", 3])
    with pytest.raises(ValueError, match="threads"):
        detector.score_batch(["x"], threads=0)
    with pytest.raises(ValueError, match="at most 1024"):
        detector.score_batch(["x"], threads=10_000)


def test_evidence_text_is_the_callers_own_slice(detector):
    # A lone surrogate inside an evidence span (a markup comment between
    # the two words) is scored as U+FFFD; the record's text is still the
    # caller's characters at its offsets.
    text = "The lawyer<!-- \ud800 --> normal said on Monday. " + " ".join(SPUN_SENTENCES)
    for record in (detector.score(text), detector.score_batch([text])[0]):
        assert record["evidence"]
        for e in record["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]
        assert any("\ud800" in e["text"] for e in record["evidence"]), record["evidence"]



def test_user_dictionary_and_settings(tmp_path):
    user = tmp_path / "mine.tsv"
    user.write_text("purple elephant\tgrey mouse\tuser\t0.9\n")
    d = unspun.Detector(dictionaries=[str(user)], no_dict=True, threshold=0.3)
    assert d.threshold == 0.3
    text = "Every morning the purple elephant walks to the market and buys bread for the family."
    phrases = [(e["text"], e["suggestion"]) for e in d.score(text)["evidence"] if e["kind"] == "phrase"]
    assert phrases == [("purple elephant", "grey mouse")]
    assert not [e for e in unspun.Detector().score(text)["evidence"] if e["kind"] == "phrase"]


def test_pickle_round_trip(tmp_path):
    user = tmp_path / "mine.tsv"
    user.write_text("purple elephant\tgrey mouse\tuser\t0.9\n")
    d = unspun.Detector(threshold=0.25, dictionaries=[user], no_lang_check=True)
    e = pickle.loads(pickle.dumps(d))
    assert repr(e) == repr(d) and e.threshold == 0.25
    text = "Every morning the purple elephant walks to the market and buys bread for the family."
    assert e.score(text) == d.score(text)
    # A file name that is not UTF-8 (possible on POSIX) keeps its bytes.
    if os.name == "posix":
        odd = tmp_path / os.fsdecode(b"mine-\xff.tsv")
        odd.write_text("purple elephant\tgrey mouse\tuser\t0.9\n")
        d = unspun.Detector(dictionaries=[odd], no_lang_check=True)
        assert pickle.loads(pickle.dumps(d)).score(text) == d.score(text)


def test_langid_setting_is_kept_and_checked():
    d = unspun.Detector(langid="whatlang")
    assert 'langid="whatlang"' in repr(d)
    assert 'langid="whatlang"' in repr(pickle.loads(pickle.dumps(d)))
    with pytest.raises(ValueError, match="unknown language identifier"):
        unspun.Detector(langid="cld3")


def test_version():
    assert unspun.__version__
    assert 0 < unspun.DEFAULT_THRESHOLD < 1


def test_stubs_match_the_extension():
    """The .pyi names every keyword the extension takes, and nothing else."""
    import ast
    from pathlib import Path

    stub = ast.parse((Path(unspun.__file__).parent / "_unspun.pyi").read_text())
    detector_class = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Detector")
    methods = {n.name: n for n in detector_class.body if isinstance(n, ast.FunctionDef)}
    stub_keywords = [a.arg for a in methods["__init__"].args.kwonlyargs]
    _, kwargs = unspun.Detector().__getnewargs_ex__()
    assert stub_keywords == list(kwargs)
    assert [a.arg for a in methods["score_batch"].args.args] == ["self", "texts", "threads"]
    for name in methods:
        assert hasattr(unspun.Detector, name), name


def test_file_settings_and_swaps(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.lm"):
        unspun.Detector(model=tmp_path / "missing.lm")
    with pytest.raises(FileNotFoundError, match="missing.json"):
        unspun.Detector(weights=str(tmp_path / "missing.json"))
    text = " ".join(SPUN_SENTENCES)
    no_swaps = unspun.Detector(no_swaps=True, features=True).score(text)
    assert not [e for e in no_swaps["evidence"] if e["kind"] == "swap"]
    assert isinstance(no_swaps["features"], dict) and no_swaps["features"]


def test_mt_probability_and_its_settings():
    text = " ".join(SPUN_SENTENCES)
    record = unspun.Detector().score(text)
    assert 0.0 <= record["mt"] <= 1.0
    off = unspun.Detector(no_mt=True)
    assert "mt" not in off.score(text)
    assert "no_mt=True" in repr(pickle.loads(pickle.dumps(off)))


def test_no_evidence_scores_the_same():
    text = " ".join(SPUN_SENTENCES)
    full = unspun.Detector().score(text)
    bare = unspun.Detector(no_evidence=True)
    record = bare.score(text)
    assert full["evidence"] and record["evidence"] == []
    assert record["score"] == full["score"] and record["label"] == full["label"]
    assert "no_evidence=True" in repr(pickle.loads(pickle.dumps(bare)))


def test_min_weight_keeps_the_heavier_evidence():
    text = " ".join(SPUN_SENTENCES)
    full = unspun.Detector().score(text)
    strong = unspun.Detector(min_weight=0.5)
    record = strong.score(text)
    assert record["score"] == full["score"] and record["label"] == full["label"]
    assert record["evidence"] == [e for e in full["evidence"] if e["weight"] >= 0.5]
    assert len(record["evidence"]) < len(full["evidence"])
    assert "min_weight=0.5" in repr(pickle.loads(pickle.dumps(strong)))
    with pytest.raises(ValueError, match="minimum evidence weight"):
        unspun.Detector(min_weight=1.5)
