"""Train the machine-translation detector (data/mt-model.bin).

    mt_model.py DEV_DIR OUT.bin

A fastText supervised classifier (softmax over two labels, word unigrams and
bigrams, bucket 200,000, dim 50, 5 epochs, learning rate 0.05, one thread
and a fixed seed, so the same input gives the same file) on single segments
of WMT21 news: machine translation (every system's output, label `mt`)
against the human reference translation (`hu`, repeated once per system so
that both labels weigh the same). Trained on the pairs of
DEV_DIR/wmt21-into-en (cs, de, ha, is, ja, ru into English); zh-en
(DEV_DIR/wmt21-zh-en) is left out for the evaluation (scripts/eval.sh).

With two labels and softmax, fastText's log-odds of `mt` is linear in the
mean of the input rows of a line: (B_mt - B_hu) . mean(A_i). So each input
row collapses to one number, and the file holds, per vocabulary word and per
bigram bucket, (B_mt - B_hu) . A_i: the same log-odds as fastText's own
prediction (checked here on every held-out line), in 1.07 MB instead of the
44 MB of 221,545 rows of 50 floats.

A document's value is the sum of the numbers of all its lines' rows over
the count of rows plus K, a mean shrunk toward 0 so that a document of a few
words cannot look as sure as a long one, mapped to a probability by a
logistic fit: P(mt) = 1 / (1 + exp(-(scale x + offset))). K, scale and
offset are fitted on out-of-pair documents (each training pair's documents
scored by a model trained on the other five) of 1, 2, 4, 8 and 24 lines,
each length and class weighing the same; K is the one of a grid with the
least log loss.

Format (little endian): b"UNSPUNMT", u32 version (1), u32 bucket, u32 word
count, f64 scale, f64 offset, f64 K, u32 byte length of the words block, the words
block (UTF-8 words each ended by a NUL, in fastText's vocabulary order), f32
per word, f32 per bucket, then u64 FNV-1a of every byte before it.
"""

import glob
import os
import random
import struct
import sys

import numpy as np

import fasttext

import metrics  # scripts/metrics.py, beside this file

PAIRS_HELD_OUT = ("zh-en",)
QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " ",
     # Latin ligatures, as PDF text keeps them (none in the WMT21 text).
     "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)
PUNCT = set(".,!?;:\"()'")
CHECK_SENTENCES = (
    "The committee said on Tuesday that it would review the proposal.",
    "According to reports, the relevant departments have carried out rectification work.",
    "\u201cWe\u2019re not done yet,\u201d the coach told reporters \u2014 and smiled.",
    "Le caf\u00e9 na\u00efve r\u00e9sum\u00e9 (\u00c9T\u00c9) was closed!",
)
CALIBRATION_LINES = (1, 2, 4, 8, 24)
PARAMS = dict(wordNgrams=2, bucket=200000, dim=50, epoch=5, lr=0.05, thread=1, seed=1, verbose=0, minCount=1)


def norm(s):
    """What src/mt.rs does to a line before looking its words up."""
    s = s.translate(QUOTES).lower()
    return " ".join("".join(f" {c} " if c in PUNCT else c for c in s).split())


def load(dev):
    """{pair: [(system or 'REF', [segments])]} from every WMT21 file."""
    data = {}
    for path in sorted(glob.glob(os.path.join(dev, "**", "newstest2021.*-en.*.en"), recursive=True)):
        name = os.path.basename(path)
        pair = name.split(".")[1]
        system = "REF" if ".ref.A." in name else name.split(".", 3)[3][:-3]
        segs = [l.strip() for l in open(path, encoding="utf-8", errors="replace")]
        data.setdefault(pair, []).append((system, segs))
    return data


def train(data, pairs, path):
    lines = []
    for pair in pairs:
        systems = data[pair]
        n_mt = sum(1 for s, _ in systems if s != "REF")
        for system, segs in systems:
            label, rep = ("__label__hu", n_mt) if system == "REF" else ("__label__mt", 1)
            lines.extend(f"{label} {norm(s)}" for s in segs if s for _ in range(rep))
    random.Random(1).shuffle(lines)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return fasttext.train_supervised(path, **PARAMS)


def row_weights(m):
    labels = m.get_labels()
    b = m.get_output_matrix()
    d = b[labels.index("__label__mt")] - b[labels.index("__label__hu")]
    return m.get_input_matrix().astype(np.float64) @ d.astype(np.float64)


def fnv32(b):
    h = 2166136261
    for x in b:
        h ^= (x - 256 if x > 127 else x) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


class Collapsed:
    """The per-row log-odds, and fastText's tokenising and hashing."""

    def __init__(self, m):
        self.words = m.get_words(include_freq=False)
        self.index = {w: i for i, w in enumerate(self.words)}
        # As the file stores them (single precision).
        self.w = row_weights(m).astype("<f4").astype(np.float64)
        self.bucket = PARAMS["bucket"]

    def logit(self, line):
        total, n = self.rows(line)
        return total / n if n else 0.0

    def rows(self, line):
        """The sum of the line's row numbers, and how many rows it has."""
        toks = norm(line).split() + ["</s>"]
        hashes = [fnv32(t.encode("utf-8")) for t in toks]
        rows = [self.index[t] for t in toks if t in self.index]
        for a, b in zip(hashes, hashes[1:]):
            sa = a - (1 << 32) if a >= 1 << 31 else a
            sb = b - (1 << 32) if b >= 1 << 31 else b
            h = ((sa % (1 << 64)) * 116049371 + (sb % (1 << 64))) % (1 << 64)
            rows.append(len(self.words) + h % self.bucket)
        return float(np.sum(self.w[rows])), len(rows)


def fasttext_probability(m, sentence):
    out = dict((label, p) for p, label in m.f.predict(norm(sentence) + "\n", 2, 0.0, "strict"))
    return out.get("__label__mt", 0.0)


def documents(segs, lines):
    for i in range(0, len(segs), lines):
        chunk = [s for s in segs[i : i + lines] if s]
        if chunk:
            yield chunk


def doc_rows(c, systems, lines):
    """(sum of row numbers, rows, 1 for MT) of each document of `lines`
    segments: all its lines' rows together, so that a short line (a
    caption, a menu item) weighs as little as its few words."""
    out = []
    for system, segs in systems:
        for chunk in documents(segs, lines):
            rows = [c.rows(s) for s in chunk]
            out.append((sum(t for t, _ in rows), sum(n for _, n in rows), 0 if system == "REF" else 1))
    return out


def doc_scores(c, systems, lines, shrink=0):
    """(log-odds over the rows plus `shrink`, 1 for MT) of each document."""
    return [(t / max(1, n + shrink), y) for t, n, y in doc_rows(c, systems, lines)]


def auc(scores):
    """ROC AUC of (value, label) pairs, label 1 the positive side."""
    return metrics.auc([v for v, y in scores if y == 0], [v for v, y in scores if y == 1])


def fit_logistic(x, y, w):
    """a, b of P(mt) = 1 / (1 + exp(-(a x + b))) with weights w; its log loss."""
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a * x + b)))
        g = np.array([np.sum(w * (p - y) * x), np.sum(w * (p - y))])
        s = w * p * (1 - p)
        hess = np.array([[np.sum(s * x * x), np.sum(s * x)], [np.sum(s * x), np.sum(s)]])
        a, b = np.array([a, b]) - np.linalg.solve(hess, g)
    z = a * x + b
    loss = np.sum(w * (np.logaddexp(0, z) - y * z)) / np.sum(w)
    return float(a), float(b), float(loss)


SHRINK_GRID = (0, 5, 10, 20, 40, 80, 160, 320, 640)


def fit_calibration(groups):
    """(K, scale, offset) from {(lines, label): [(sum, rows)]}, each group
    weighing the same."""
    t = np.array([v[0] for g in groups.values() for v in g])
    n = np.array([v[1] for g in groups.values() for v in g], dtype=float)
    y = np.array([k[1] for k, g in groups.items() for _ in g], dtype=float)
    w = np.array([1.0 / len(g) for g in groups.values() for _ in g])
    best = None
    for k in SHRINK_GRID:
        a, b, loss = fit_logistic(t / np.maximum(n + k, 1), y, w)
        print(f"calibration: K {k:3d}, scale {a:.4f}, offset {b:.4f}, log loss {loss:.5f}")
        if best is None or loss < best[3]:
            best = (k, a, b, loss)
    return best[:3]


def write(path, c, scale, offset, shrink):
    words = b"".join(w.encode("utf-8") + b"\0" for w in c.words)
    body = b"UNSPUNMT" + struct.pack("<III", 1, c.bucket, len(c.words))
    body += struct.pack("<ddd", scale, offset, shrink) + struct.pack("<I", len(words)) + words
    body += c.w.astype("<f4").tobytes()
    h = 0xCBF29CE484222325
    for x in body:
        h = ((h ^ x) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    with open(path, "wb") as f:
        f.write(body + struct.pack("<Q", h))


def main(dev, out):
    data = load(dev)
    train_pairs = [p for p in sorted(data) if p not in PAIRS_HELD_OUT]
    tmp = out + ".train.txt"
    # Out-of-pair documents: the calibration data and the first table.
    print("| held-out pair | documents (MT vs human) | AUC, 8 lines | AUC, 24 lines |")
    print("|---|---|---|---|")
    calib = {}
    for held in train_pairs:
        c = Collapsed(train(data, [p for p in train_pairs if p != held], tmp))
        for lines in CALIBRATION_LINES:
            for t, n, y in doc_rows(c, data[held], lines):
                calib.setdefault((lines, y), []).append((t, n))
        d8, d24 = doc_scores(c, data[held], 8), doc_scores(c, data[held], 24)
        n1 = sum(l for _, l in d24)
        print(f"| {held} | {n1} vs {len(d24) - n1} | {auc(d8):.4f} | {auc(d24):.4f} |", flush=True)
    shrink, scale, offset = fit_calibration(calib)
    m = train(data, train_pairs, tmp)
    os.remove(tmp)
    c = Collapsed(m)
    for held in PAIRS_HELD_OUT:
        segs = [s for _, ss in data.get(held, []) for s in ss if s]
        # fastText computes in single precision.
        diff = max((abs(1 / (1 + np.exp(-c.logit(s))) - fasttext_probability(m, s)) for s in segs), default=0.0)
        assert diff < 1e-4, f"collapsed rows disagree with fastText by {diff}"
        d8, d24 = doc_scores(c, data[held], 8, shrink), doc_scores(c, data[held], 24, shrink)
        n1 = sum(l for _, l in d24)
        print(f"| {held} (not trained on, final model, K = {shrink}) | {n1} vs {len(d24) - n1} | {auc(d8):.4f} | {auc(d24):.4f} |")
        print(f"collapsed rows vs fastText on {len(segs)} {held} segments: largest probability difference {diff:.2e}")
        # Does the probability mean the same at every length?
        for lines in CALIBRATION_LINES:
            docs = doc_rows(c, data[held], lines)
            p = [(1 / (1 + np.exp(-(scale * t / max(1, n + shrink) + offset))), y) for t, n, y in docs]
            mean = [np.mean([q for q, y in p if y == label]) for label in (0, 1)]
            print(f"{held}, {lines:2d} lines: mean P(mt) human {mean[0]:.3f}, machine {mean[1]:.3f}")
    write(out, c, scale, offset, shrink)
    # src/mt.rs's test checks that it computes these same values.
    for s in CHECK_SENTENCES:
        print(f"log-odds {c.logit(s):.9f} {s!r}")
    print(
        f"{out}: {len(c.words)} words, {c.bucket} buckets, "
        f"P(mt) = 1 / (1 + exp(-({scale:.4f} x + {offset:.4f}))), x = sum / (rows + {shrink}), "
        f"{os.path.getsize(out)} bytes"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
