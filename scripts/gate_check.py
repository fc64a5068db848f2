#!/usr/bin/env python3
"""Could the swap search probe fewer positions? Reads the word tables of
scripts/word-model.sh (build/word-model: `examples/wordfeatures` on source
documents and on the same documents spun) and prints, for position rules
the language model gives for free, the share of the tested words each rule
would still probe: the authors' (the cost) and the spinner's (the recall),
and of the spinner's words with a best gain of at least 3 (the ones shown
as evidence).

  scripts/gate_check.py [DIR]     (default build/word-model)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import word_model  # noqa: E402

RULES = {
    "every tested word (now)": lambda n, nn, l, u: np.ones_like(l, bool),
    "backs off (n-gram length 1)": lambda n, nn, l, u: n <= 1,
    "backs off, and the next word too": lambda n, nn, l, u: (n <= 1) & (nn <= 1),
    "log10 in context below -4": lambda n, nn, l, u: l < -4,
    "context lowers the unigram log10 by over 0.5": lambda n, nn, l, u: (l - u) < -0.5,
}


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "build/word-model"
    clean = word_model.load(f"{d}/clean.tsv")
    spun = word_model.load(f"{d}/spun.whole.tsv")
    rows, labels, _ = word_model.rows(clean, spun)

    def col(name):
        return np.array([float(r[name]) for r in rows])

    n, nn = col("ngram_len"), col("next_ngram_len")
    l, u, g = col("log10"), col("unigram_log10"), col("best_gain")
    author, spinner = labels == 0, labels == 1
    print(f"tested words: authors' {author.sum()}, the spinner's {spinner.sum()}")
    print("| rule | authors' words probed | spinner's words probed | spinner's with gain >= 3 |")
    print("|---|---|---|---|")
    for name, rule in RULES.items():
        keep = rule(n, nn, l, u)
        strong = spinner & (g >= 3)
        print(f"| {name} | {keep[author].mean():.3f} | {keep[spinner].mean():.3f} "
              f"| {keep[strong].sum() / max(1, strong.sum()):.3f} |")


if __name__ == "__main__":
    main()
