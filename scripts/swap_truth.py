#!/usr/bin/env python3
"""Swap evidence against the truth: does a swap sit on words the spinner
changed, and does its suggestion name what the author wrote?

  swap_truth.py CLEAN.jsonl SPUN.jsonl SPUN.scores.jsonl [NAME]

CLEAN and SPUN are the same documents (same ids) before and after
`unspun spin`; SPUN.scores is `unspun score` of SPUN with evidence. The two
texts are aligned word by word (difflib on lower-cased word tokens); a
swap's words are "spun" when one of them is inside a changed block, and
its suggestion is "right" when it equals, ignoring case, the source words
of its span (a changed block counted whole, so "lawyer normal" against
"attorney general" is right). Prints one Markdown row, by the number of
words in the swap's span:

  | NAME | swaps per 1,000 tokens | one word: n, spun, right | two words | three or more |
"""
import difflib
import json
import re
import sys
from collections import Counter

WORD = re.compile(r"[A-Za-z0-9'.]+")


def load(path):
    return {r["id"]: r["text"] for r in map(json.loads, open(path, encoding="utf-8"))}


def source_map(spun, clean):
    """Spun word index -> source word range, and the indices changed."""
    sw = [m.group().lower() for m in spun]
    cw = [m.group().lower() for m in clean]
    blocks, changed = {}, set()
    matcher = difflib.SequenceMatcher(None, sw, cw, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                blocks[i1 + k] = (j1 + k, j1 + k + 1)
        else:
            changed.update(range(i1, i2))
            for k in range(i1, i2):
                blocks[k] = (j1, j2)
    return blocks, changed


def main():
    clean_path, spun_path, scores_path = sys.argv[1:4]
    name = sys.argv[4] if len(sys.argv) > 4 else scores_path
    clean, spun = load(clean_path), load(spun_path)
    count = Counter()
    for r in map(json.loads, open(scores_path, encoding="utf-8")):
        if r.get("score") is None or r["id"] not in clean:
            continue
        count["tokens"] += r["tokens"]
        # Offsets are in characters, as Python indexes strings.
        sw = list(WORD.finditer(spun[r["id"]]))
        cw = list(WORD.finditer(clean[r["id"]]))
        blocks, changed = source_map(sw, cw)
        for e in r["evidence"]:
            if e["kind"] != "swap":
                continue
            idx = [i for i, m in enumerate(sw) if m.start() >= e["start"] and m.end() <= e["end"]]
            size = min(len(e["text"].split()), 3)
            count[size] += 1
            count[size, "spun"] += any(i in changed for i in idx)
            ranges = []
            for i in idx:
                if i in blocks and blocks[i] not in ranges:
                    ranges.append(blocks[i])
            truth = " ".join(cw[j].group() for a, b in ranges for j in range(a, b))
            count[size, "right"] += truth.lower() == (e["suggestion"] or "").lower()
    swaps = count[1] + count[2] + count[3]
    cells = [f"{count[k]}, {count[k, 'spun']}, {count[k, 'right']}" for k in (1, 2, 3)]
    per_1k = 1000 * swaps / max(count["tokens"], 1)
    print(f"| {name} | {per_1k:.2f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
