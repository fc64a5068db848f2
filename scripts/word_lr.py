#!/usr/bin/env python3
"""Word likelihood ratios of the swap search, measured.

  word_lr.py CLEAN.tsv SPUN.tsv
Both are outputs of `examples/wordgains` on the same documents, unspun and
spun. Words of the spun documents that differ from the clean ones (aligned
with difflib) are the spinner's; every content word of the clean documents
is the author's. Prints, per bucket of best gain, the share of each and the
log10 of their ratio: the table GAIN_LOG10_LR in src/features.rs.
"""
import collections
import difflib
import math
import sys


def load(path):
    docs = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        doc, _, word, gain, content = line.rstrip("\n").split("\t")
        docs[doc].append((word, None if gain == "NA" else float(gain), content == "1"))
    return docs


def main():
    clean, spun = load(sys.argv[1]), load(sys.argv[2])
    authors, spinners = [], []
    for doc, words in clean.items():
        authors += [w for w in words if w[2]]
        other = spun.get(doc, [])
        m = difflib.SequenceMatcher(None, [w[0] for w in words], [w[0] for w in other], autojunk=False)
        for op, _, _, j1, j2 in m.get_opcodes():
            if op != "equal":
                spinners += [w for w in other[j1:j2] if w[2]]
    print(f"content words: author {len(authors)}, spinner {len(spinners)}")
    buckets = [("not probed", lambda g: g is None)]
    edges = [-1e9, 0, 1, 2, 3, 4, 5, 1e9]
    for lo, hi in zip(edges, edges[1:]):
        buckets.append((f"({lo:g}, {hi:g}]", lambda g, lo=lo, hi=hi: g is not None and lo < g <= hi))
    for name, test in buckets:
        a = sum(1 for w in authors if test(w[1])) / max(len(authors), 1)
        s = sum(1 for w in spinners if test(w[1])) / max(len(spinners), 1)
        lr = f"{math.log10(s / a):+.2f}" if a > 0 and s > 0 else "n/a"
        print(f"{name:14s} author {a:.4f}  spinner {s:.4f}  log10 LR {lr}")


if __name__ == "__main__":
    main()
