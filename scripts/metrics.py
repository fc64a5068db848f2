#!/usr/bin/env python3
"""ROC AUC and TPR at a false-positive rate, from unspun score outputs.

  metrics.py NEGATIVE.scores.jsonl POSITIVE.scores.jsonl [FPR]
prints: AUC TPR@FPR n_neg n_pos (documents without a score are left out
and counted on stderr).

  metrics.py --labelled-spun SCORES.jsonl
prints: how many scored documents `unspun score` labelled `spun` (at the
threshold it ran with), and how many were scored.
"""
import json
import sys


def scores(path):
    out, skipped = [], 0
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        s = r.get("score")
        if s is None:
            skipped += 1
        else:
            out.append(s)
    return out, skipped


def auc(neg, pos):
    items = [(s, 0) for s in neg] + [(s, 1) for s in pos]
    items.sort()
    rank_sum, i = 0.0, 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1][0] == items[i][0]:
            j += 1
        r = (i + j) / 2 + 1
        rank_sum += r * sum(1 for k in range(i, j + 1) if items[k][1])
        i = j + 1
    p, n = len(pos), len(neg)
    return (rank_sum - p * (p + 1) / 2) / max(1, p * n)


def tpr_at(neg, pos, fpr):
    neg = sorted(neg, reverse=True)
    k = int(fpr * len(neg))  # at most k negatives strictly above the threshold
    thr = neg[k] if k < len(neg) else -1
    return sum(1 for s in pos if s > thr) / max(1, len(pos))


def labelled_spun(path):
    spun = scored = 0
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("score") is not None:
            scored += 1
            spun += r.get("label") == "spun"
    return spun, scored


if __name__ == "__main__":
    if sys.argv[1] == "--labelled-spun":
        print(*labelled_spun(sys.argv[2]))
        sys.exit(0)
    neg, sn = scores(sys.argv[1])
    pos, sp = scores(sys.argv[2])
    fpr = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    if sn or sp:
        print(f"metrics: left out {sn} negative and {sp} positive documents without a score", file=sys.stderr)
    print(f"{auc(neg, pos):.4f} {tpr_at(neg, pos, fpr):.3f} {len(neg)} {len(pos)}")
