#!/usr/bin/env python3
"""Fit the word model of src/features/words.rs and print it as Rust.

  word_model.py CLEAN.tsv SPUN.tsv [SPINNER] > word_model.rs
Both are outputs of `examples/wordfeatures`, on source documents and on the
same documents spun (same ids). Words of a spun document that differ from
its source (aligned with difflib) are the spinner's; every tested word of a
source document is the author's. Only tested words are used (rows with
columns).

The model is a logistic regression over binned columns: 12 quantile bins
for each continuous column, one column per value for each discrete one;
L2 penalty 1 on the weights, none on the intercept; fitted to convergence
by L-BFGS-B (scipy). The swap gains (best, single word, phrase) are
evidence, so their weights may only rise from bin to bin (a word that a
synonym beats by more is never less likely a spinner's), and a kind of
swap not tried weighs as the lowest bin: each gain is coded as steps
("at or above edge k"), each step's weight at least 0, the lowest bin 0.
Whether a kind of swap was tried at all says more about how the spinner's
thesaurus overlaps ours than about spinning (this project's spinner writes
our thesaurus phrases, real ones seldom do), so it is not a column. Nor
is the gain of a joint swap of two adjacent words (`WordTest::pair`): in
clean text that search finds nonsense that gains, and with it as a
column most document-level rows of scripts/eval.sh lost (see the README,
Evaluation); the pairs are still searched, for the evidence. The
other columns (unigram and context log10, length, n-gram lengths, sentence
start, occurrences) describe the word and its context and are free, one
weight per bin. The intercept printed has the log odds of the training
base rate taken out, so that intercept + weights is the natural log of a
likelihood ratio.

A summary goes to stderr: the counts, and the ROC AUC of the word ratio
against the best gain alone on held-out documents (fitted on half of the
documents, by a hash of the id).
"""
import difflib
import hashlib
import sys

import numpy as np
import scipy.optimize

BINS = 12
L2 = 1.0
# (column, Rust name, is a gain: monotone, absent = lowest bin)
CONTINUOUS = [
    ("best_gain", "BEST_GAIN", True),
    ("single", "SINGLE", True),
    ("phrase", "PHRASE", True),
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
        self.monotone = []  # design columns whose weight must be >= 0
        n = 0
        for col, name, monotone in CONTINUOUS:
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
            if monotone:
                # Steps: column k (0-based) is "at or above edge k".
                self.parts.append((col, name, "m", edges, n))
                self.monotone.extend(range(n, n + len(edges)))
                n += len(edges)
            else:
                self.parts.append((col, name, "c", edges, n))
                n += len(edges) + 1
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
            if kind == "m":
                e = np.array([float(t) for t in spec])
                b = np.searchsorted(e, np.nan_to_num(x, nan=-np.inf), side="right")
                for k in range(len(spec)):
                    X[:, start + k] = b > k
            elif kind == "c":
                e = np.array([float(t) for t in spec])
                b = np.searchsorted(e, x, side="right")
                X[np.arange(len(data)), start + b] = 1.0
            else:
                c = np.minimum(x.astype(int), spec - 1)
                X[np.arange(len(data)), start + c] = 1.0
        return X


def fit(X, y, monotone):
    """Intercept and weights of the L2-penalised logistic regression, the
    weights of the `monotone` columns at least 0."""
    A = np.hstack([np.ones((len(X), 1)), X])
    penalty = np.full(A.shape[1], L2)
    penalty[0] = 0.0

    def loss(w):
        z = A @ w
        # log(1 + e^z) - y z, stably
        nll = np.logaddexp(0.0, z).sum() - y @ z + 0.5 * (penalty * w * w).sum()
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        return nll, A.T @ (p - y) + penalty * w

    w0 = np.zeros(A.shape[1])
    w0[0] = np.log(y.mean() / (1 - y.mean()))
    bounds = [(None, None)] * A.shape[1]
    for j in monotone:
        bounds[j + 1] = (0.0, None)
    r = scipy.optimize.minimize(
        loss, w0, jac=True, method="L-BFGS-B", bounds=bounds,
        options={"maxiter": 5000, "ftol": 1e-13, "gtol": 1e-8},
    )
    w = r.x
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


SPINNERS = {
    "whole": "synonyms from the whole thesaurus (scripts/spin-mix.sh parts 1-3)",
    "fixed": "a fixed table of common words (scripts/spin-mix.sh parts 4-6)",
}


def rust(design, intercept, weights, prior, counts, spinner):
    out = [
        "//! A word model's table: generated by scripts/word-model.sh",
        "//! (scripts/word_model.py); edit those and run it again instead.",
        "//!",
        f"//! The spinner: {SPINNERS.get(spinner, spinner)}.",
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
        if kind in ("m", "c"):
            edges = spec
            if kind == "m":
                # Bin 0 (and absent) weighs 0; each edge adds its step.
                ws = np.concatenate([[0.0], np.cumsum(weights[start : start + len(edges)])])
                a = 0.0
            else:
                ws = weights[start : start + len(edges) + 1]
                a = 0.0
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
    b, w = fit(d.matrix(train), y[half == 0], d.monotone)
    lr = b + d.matrix(test) @ w
    gain = np.array([float(r["best_gain"]) for r in test])
    yt = y[half == 1]
    print(f"held-out ROC AUC: word model {auc(lr, yt):.4f}, best gain alone {auc(gain, yt):.4f}", file=sys.stderr)
    # The table: all documents.
    design = Design(data)
    intercept, weights = fit(design.matrix(data), y, design.monotone)
    prior = y.mean()
    intercept -= np.log(prior / (1 - prior))
    print(f"base rate {prior:.4f}; ln LR intercept {intercept:.4f}", file=sys.stderr)
    spinner = sys.argv[3] if len(sys.argv) > 3 else "whole"
    sys.stdout.write(rust(design, intercept, weights, prior, counts, spinner))


if __name__ == "__main__":
    main()
