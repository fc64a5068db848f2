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

  swap_truth.py --weights [--kind lm] CLEAN.scores.jsonl CLEAN.jsonl SPUN.jsonl SPUN.scores.jsonl [NAME]

instead ranks the swaps (or, with --kind lm, the least likely windows) by
their weight: those of the spun documents (spun or not, as above) pooled
with every one of CLEAN.scores (the clean documents scored, all the
author's), as a screener reading the evidence of a corpus half spun meets
them. Prints the ROC AUC of the weight, spun against not, and the share
spun among those weighing at least 0.5 and 0.8 (with their number):

  | NAME | ROC AUC | spun at weight >= 0.5 | spun at weight >= 0.8 |
"""
import difflib
import json
import re
import sys
from collections import Counter

from metrics import auc

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


def spun_in_span(words, changed, start, end):
    """Indices of the word matches inside [start, end) and whether one of
    them was changed."""
    idx = [i for i, m in enumerate(words) if m.start() >= start and m.end() <= end]
    return idx, any(i in changed for i in idx)


def against_truth(clean, spun, scores_path, kind="swap"):
    """(record, evidence, word matches of the spun and clean texts, blocks,
    whether it sits on changed words) for each piece of evidence of `kind`
    of the scored spun documents, after a (record, None, ...) row for each
    document."""
    for r in map(json.loads, open(scores_path, encoding="utf-8")):
        if r.get("score") is None or r["id"] not in clean:
            continue
        # Offsets are in characters, as Python indexes strings.
        sw = list(WORD.finditer(spun[r["id"]]))
        cw = list(WORD.finditer(clean[r["id"]]))
        blocks, changed = source_map(sw, cw)
        yield r, None, sw, cw, blocks, False
        for e in r["evidence"]:
            if e["kind"] == kind:
                idx, is_spun = spun_in_span(sw, changed, e["start"], e["end"])
                yield r, e, idx, cw, blocks, is_spun


def weights_row(clean_scores, clean, spun, scores_path, name, kind):
    pairs = [
        (e["weight"], False)
        for r in map(json.loads, open(clean_scores, encoding="utf-8"))
        for e in r.get("evidence", [])
        if e["kind"] == kind
    ]
    pairs += [
        (e["weight"], is_spun) for _, e, _, _, _, is_spun in against_truth(clean, spun, scores_path, kind) if e
    ]

    def share(cut):
        kept = [y for w, y in pairs if w >= cut]
        return f"{sum(kept) / max(len(kept), 1):.3f} ({len(kept)})"

    neg = [w for w, y in pairs if not y]
    pos = [w for w, y in pairs if y]
    print(f"| {name} | {auc(neg, pos):.4f} | {share(0.5)} | {share(0.8)} |")


def main():
    args = sys.argv[1:]
    if args[0] == "--weights":
        kind = "swap"
        if args[1] == "--kind":
            kind, args = args[2], args[2:]
        clean_scores, clean_path, spun_path, scores_path = args[1:5]
        name = args[5] if len(args) > 5 else scores_path
        weights_row(clean_scores, load(clean_path), load(spun_path), scores_path, name, kind)
        return
    clean_path, spun_path, scores_path = args[:3]
    name = args[3] if len(args) > 3 else scores_path
    clean, spun = load(clean_path), load(spun_path)
    count = Counter()
    for r, e, idx, cw, blocks, is_spun in against_truth(clean, spun, scores_path):
        if e is None:
            count["tokens"] += r["tokens"]
            continue
        size = min(len(e["text"].split()), 3)
        count[size] += 1
        count[size, "spun"] += is_spun
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
