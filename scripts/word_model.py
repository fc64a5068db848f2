#!/usr/bin/env python3
"""Fit the word model of src/features/words.rs and print it as Rust.

  word_model.py CLEAN.tsv SPUN.tsv > word_model.rs
Both are outputs of `examples/wordfeatures`, on source documents and on the
same documents spun (same ids). Words of a spun document that differ from
its source (aligned with difflib) are the spinner's; every tested word of a
source document is the author's. Only tested words are used (rows with
columns).

The model is a logistic regression over one-hot columns: 12 quantile bins
(and an "absent" column for a kind of swap not tried) for each continuous
column, one column per value for each discrete one; L2 penalty 1 on the
weights, none on the intercept; Newton's method to convergence. The
intercept printed has the log odds of the training base rate taken out, so
that intercept + weights is the natural log of a likelihood ratio.

A summary goes to stderr: the counts, and the ROC AUC of the word ratio
against the best gain alone on held-out documents (fitted on half of the
documents, by a hash of the id).
"""
import difflib
import hashlib
import sys

import numpy as np

BINS = 12
L2 = 1.0
# (column, Rust name, may be absent)
CONTINUOUS = [
    ("best_gain", "BEST_GAIN", False),
    ("single", "SINGLE", True),
    ("phrase", "PHRASE", True),
    ("pair", "PAIR", True),
    ("unigram_log10", "UNIGRAM_LOG10", False),
    ("log10", "LOG10", False),
    ("chars", "CHARS", False),
]
# (column, Rust name, table length: codes 0..len-1)
DISCRETE = [
    ("ngram_len", "NGRAM_LEN", None),
    ("next_ngram_len", "NEXT_NGRAM_LEN", None),
    ("sentence_first", "SENTENCE_FIRST", 2),
    ("occurrences", "OCCURRENCES", 5),
]


def load(path):
    """{id: [(word, {column: text} or None)]} in file order."""
    docs = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            parts = line.rstrip("\n").split("\t")
            cols = dict(zip(header[3:], parts[3:])) if len(parts) > 3 else None
            docs.setdefault(parts[0], []).append((parts[2], cols))
    return docs


def rows(clean, spun):
    """(rows of column texts, labels, document ids)."""
    out, labels, ids = [], [], []
    for doc, words in clean.items():
        for _, cols in words:
            if cols:
                out.append(cols), labels.append(0), ids.append(doc)
        other = spun.get(doc)
        if not other:
            continue
        m = difflib.SequenceMatcher(None, [w for w, _ in words], [w for w, _ in other], autojunk=False)
        for op, _, _, j1, j2 in m.get_opcodes():
            if op in ("replace", "insert"):
                for _, cols in other[j1:j2]:
                    if cols:
                        out.append(cols), labels.append(1), ids.append(doc)
    return out, np.array(labels, float), ids


def value(text):
    return np.nan if text == "NA" else float(text)


class Design:
    """The one-hot layout, from training rows."""

    def __init__(self, data):
        self.parts = []  # (name, kind, edges-or-size, first column)
        n = 0
        for col, name, absent in CONTINUOUS:
            x = np.array([value(r[col]) for r in data])
            present = x[~np.isnan(x)]
            qs = np.quantile(present, [k / BINS for k in range(1, BINS)], method="lower")
            # Edges are values from the data, as printed by Rust (f32).
            texts = {}
            for r in data:
                if r[col] != "NA":
                    texts.setdefault(float(r[col]), r[col])
            edges = sorted(set(qs.tolist()))
            edges = [e for e in edges if e > present.min()]
            edges = [texts[e] if "." in texts[e] else texts[e] + ".0" for e in edges]
            self.parts.append((col, name, "c", (edges, absent), n))
            n += len(edges) + 1 + (1 if absent else 0)
        for col, name, size in DISCRETE:
            top = int(max(float(r[col]) for r in data))
            size = size or top + 1
            self.parts.append((col, name, "d", size, n))
            n += size
        self.width = n

    def matrix(self, data):
        X = np.zeros((len(data), self.width))
        for col, _, kind, spec, start in self.parts:
            x = np.array([value(r[col]) for r in data])
            if kind == "c":
                edges, absent = spec
                e = np.array([float(t) for t in edges])
                b = np.searchsorted(e, np.nan_to_num(x, nan=0.0), side="right")
                if absent:
                    b = np.where(np.isnan(x), len(edges) + 1, b)
                X[np.arange(len(data)), start + b] = 1.0
            else:
                c = np.minimum(x.astype(int), spec - 1)
                X[np.arange(len(data)), start + c] = 1.0
        return X


def fit(X, y):
    """Intercept and weights of the L2-penalised logistic regression."""
    A = np.hstack([np.ones((len(X), 1)), X])
    penalty = np.full(A.shape[1], L2)
    penalty[0] = 0.0
    w = np.zeros(A.shape[1])
    w[0] = np.log(y.mean() / (1 - y.mean()))
    for _ in range(100):
        z = A @ w
        p = 1.0 / (1.0 + np.exp(-z))
        grad = A.T @ (p - y) + penalty * w
        H = (A * (p * (1 - p))[:, None]).T @ A + np.diag(penalty)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w[0], w[1:]


def auc(score, y):
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y.sum()
    return (ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * (len(y) - pos))


def floats(ws):
    return ", ".join(f"{w:.4f}" for w in ws)


def rust(design, intercept, weights, prior, counts):
    out = [
        "//! The word model's table: generated by scripts/word-model.sh",
        "//! (scripts/word_model.py); edit those and run it again instead.",
        "//!",
        f"//! Fitted on {counts[1]} words `unspun spin` replaced against {counts[0]}",
        "//! tested words of the same documents unspun (base rate",
        f"//! {prior:.4f}, taken out of the intercept).",
        "",
        "use super::words::Binned;",
        "",
        "/// Intercept: natural log of the likelihood ratio before the columns.",
        f"pub(super) const LN_LR_INTERCEPT: f64 = {intercept:.4f};",
    ]
    for col, name, kind, spec, start in design.parts:
        out.append("")
        if kind == "c":
            edges, absent = spec
            n = len(edges) + 1
            ws = weights[start : start + n]
            a = weights[start + n] if absent else 0.0
            out.append(f"/// Column `{col}`.")
            out.append(f"pub(super) const {name}: Binned = Binned {{")
            out.append(f"    edges: &[{', '.join(edges)}],")
            out.append(f"    weights: &[{floats(ws)}],")
            out.append(f"    absent: {a:.4f},")
            out.append("};")
        else:
            out.append(f"/// Column `{col}`, by code.")
            out.append(f"pub(super) const {name}: &[f64] = &[{floats(weights[start : start + spec])}];")
    return "\n".join(out) + "\n"


def main():
    clean, spun = load(sys.argv[1]), load(sys.argv[2])
    data, y, ids = rows(clean, spun)
    counts = (int((y == 0).sum()), int((y == 1).sum()))
    print(f"tested words: author {counts[0]}, spinner {counts[1]}", file=sys.stderr)
    # Held-out check: fit on half of the documents, measure on the rest.
    half = np.array([int(hashlib.sha1(d.encode()).hexdigest(), 16) % 2 for d in ids])
    train = [r for r, h in zip(data, half) if h == 0]
    test = [r for r, h in zip(data, half) if h == 1]
    d = Design(train)
    b, w = fit(d.matrix(train), y[half == 0])
    lr = b + d.matrix(test) @ w
    gain = np.array([float(r["best_gain"]) for r in test])
    yt = y[half == 1]
    print(f"held-out ROC AUC: word model {auc(lr, yt):.4f}, best gain alone {auc(gain, yt):.4f}", file=sys.stderr)
    # The table: all documents.
    design = Design(data)
    intercept, weights = fit(design.matrix(data), y)
    prior = y.mean()
    intercept -= np.log(prior / (1 - prior))
    print(f"base rate {prior:.4f}; ln LR intercept {intercept:.4f}", file=sys.stderr)
    sys.stdout.write(rust(design, intercept, weights, prior, counts))


if __name__ == "__main__":
    main()
