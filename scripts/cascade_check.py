#!/usr/bin/env python3
"""Would a cascade make `score` with swaps fast? Reads the outputs of
scripts/eval.sh (build/eval): for each set, the scores of `score --no-swaps`
(the fast tier, `.f` files) on its clean and spun documents.

A cascade would run the swap search only on documents the fast tier cannot
rule out: those scoring at or above a cut that keeps RECALL of the spun
documents. This prints, per set and recall, the share of clean documents
below the cut (the ones it would spare the search), and the resulting rate
on clean text from the two measured speeds, in MB per CPU second after
start-up:  1 / (1 / fast + (1 - spared) * (1 / full - 1 / fast)).

  scripts/cascade_check.py [EVAL_DIR] [FULL_MBPS FAST_MBPS]
      (defaults: build/eval 2.37 12.40, the rates scripts/swap-stats.sh
      printed on the WMT21 references)
"""
import json
import sys

SETS = [
    ("articles", "articles.clean", "articles.spun0.2"),
    ("articles, spun 0.3", "articles.clean", "articles.spun0.3"),
    ("passages", "passages.clean", "passages.spun0.2"),
    ("short", "short.clean", "short.spun0.2"),
    ("articles, fixed-table spinner 0.4", "articles.clean", "articles.fixed"),
    ("news (WMT21 refs, 8 lines)", "news8.clean", "news8.spun0.2"),
]
RECALLS = [0.95, 0.99, 0.995]


def scores(path):
    out = []
    for line in open(path, encoding="utf-8"):
        s = json.loads(line).get("score")
        if s is not None:
            out.append(s)
    return out


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "build/eval"
    full, fast = (float(x) for x in sys.argv[2:4]) if len(sys.argv) > 3 else (2.37, 12.40)
    print(f"rates: with swaps {full} MB per CPU s, fast tier {fast}")
    print("| set (spun at 0.2 unless named) | " + " | ".join(f"recall {r}: spared, MB/CPU s" for r in RECALLS) + " |")
    print("|---|" + "---|" * len(RECALLS))
    for name, neg, pos in SETS:
        try:
            clean = scores(f"{d}/{neg}.jsonl.f")
            spun = sorted(scores(f"{d}/{pos}.jsonl.f"))
        except FileNotFoundError:
            print(f"| {name} | (not in {d}: run scripts/eval.sh) |")
            continue
        cells = []
        for r in RECALLS:
            # The cut keeps the top `r` of the spun documents.
            cut = spun[int((1 - r) * len(spun))]
            spared = sum(1 for s in clean if s < cut) / len(clean)
            rate = 1 / (1 / fast + (1 - spared) * (1 / full - 1 / fast))
            cells.append(f"{spared:.3f}, {rate:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
