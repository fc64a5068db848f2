#!/usr/bin/env python3
"""ROC AUC and TPR at a false-positive rate, from unspun score outputs.

  metrics.py NEGATIVE.scores.jsonl POSITIVE.scores.jsonl [FPR]
prints: AUC TPR@FPR n_neg n_pos (documents without a score are left out
and counted on stderr).

  metrics.py --id-prefix P NEGATIVE.scores.jsonl POSITIVE.scores.jsonl [FPR]
the same on the documents whose id starts with P only (a source corpus).

  metrics.py --interval [--id-prefix P] NEGATIVE.scores.jsonl POSITIVE.scores.jsonl [FPR]
prints TPR@FPR and its 95% bootstrap interval instead (2,000 resamples of
both sides, seed 1): TPR LOW HIGH.

  metrics.py --field mt ...
any of the above on another number of the records (here the
machine-translation probability) instead of `score`.

  metrics.py --above T [--field F] SCORES.jsonl
prints: "K of N (SHARE), mean M": how many of the N documents with a value
have one at or above T, and the mean value.

  metrics.py --labelled-spun SCORES.jsonl
prints: "K of N (SHARE)", how many of the N scored documents `unspun score`
labelled `spun` (at the threshold it ran with).

  metrics.py --spread SCORES.jsonl
prints: "MEAN / P90 / MAX": the mean score of the scored documents, its
90th percentile and the highest.

  metrics.py --reliability CLEAN.scores.jsonl SPUN.scores.jsonl:PARTS ...
whether the score is a probability: the clean documents against as many
spun ones, drawn from each SPUN file in proportion to its PARTS (seed 1),
then per bin of score the documents, their mean score and the share of
them spun, as a Markdown table, and the expected calibration error (the
bins' |mean score - share spun|, weighted by their documents) and the
Brier score.
"""
import json
import random
import sys


def scores(path, prefix="", field="score"):
    out, skipped = [], 0
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if not str(r.get("id", "")).startswith(prefix):
            continue
        s = r.get(field)
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


def tpr_interval(neg, pos, fpr, resamples=2000):
    """2.5th and 97.5th percentiles of TPR@FPR over bootstrap resamples."""
    rng = random.Random(1)
    values = sorted(
        tpr_at(rng.choices(neg, k=len(neg)), rng.choices(pos, k=len(pos)), fpr)
        for _ in range(resamples)
    )
    return values[int(0.025 * resamples)], values[int(0.975 * resamples) - 1]


def labelled_spun(path):
    spun = scored = 0
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("score") is not None:
            scored += 1
            spun += r.get("label") == "spun"
    return spun, scored


def spread(path):
    scores = sorted(
        r["score"]
        for r in map(json.loads, open(path, encoding="utf-8"))
        if r.get("score") is not None
    )
    if not scores:
        return "no scores"
    p90 = scores[min(len(scores) - 1, int(0.9 * len(scores)))]
    return f"{sum(scores) / len(scores):.4f} / {p90:.4f} / {scores[-1]:.4f}"


RELIABILITY_BINS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0]


def reliability(clean_path, spun_specs):
    clean, _ = scores(clean_path)
    spun_files = [spec.rsplit(":", 1) for spec in spun_specs]
    total_parts = sum(int(parts) for _, parts in spun_files)
    rng = random.Random(1)
    positives = []
    for path, parts in spun_files:
        values, _ = scores(path)
        want = min(len(values), len(clean) * int(parts) // total_parts)
        positives += rng.sample(values, want)
    docs = [(v, 0) for v in clean] + [(v, 1) for v in positives]
    print("| score | documents | mean score | share spun |")
    print("|---|---|---|---|")
    ece = 0.0
    edges = RELIABILITY_BINS
    for i, (lo, hi) in enumerate(zip(edges, edges[1:])):
        last = i == len(edges) - 2
        b = [(v, y) for v, y in docs if lo <= v < hi or (last and v == hi)]
        if not b:
            continue
        mean = sum(v for v, _ in b) / len(b)
        share = sum(y for _, y in b) / len(b)
        ece += len(b) / len(docs) * abs(mean - share)
        print(f"| {lo:.2f}-{hi:.2f} | {len(b)} | {mean:.3f} | {share:.3f} |")
    brier = sum((v - y) ** 2 for v, y in docs) / len(docs)
    print()
    print(f"{len(clean)} clean, {len(positives)} spun: expected calibration error "
          f"{ece:.4f}, Brier score {brier:.4f}")


if __name__ == "__main__":
    if sys.argv[1] == "--reliability":
        reliability(sys.argv[2], sys.argv[3:])
        sys.exit(0)
    if sys.argv[1] == "--labelled-spun":
        k, n = labelled_spun(sys.argv[2])
        print(f"{k} of {n} ({k / max(n, 1):.1%})")
        sys.exit(0)
    if sys.argv[1] == "--spread":
        print(spread(sys.argv[2]))
        sys.exit(0)
    args = sys.argv[1:]
    interval, above, prefix, field = False, None, "", "score"
    while args[0].startswith("--"):
        if args[0] == "--interval":
            interval, args = True, args[1:]
        elif args[0] == "--above":
            above, args = float(args[1]), args[2:]
        elif args[0] == "--id-prefix":
            prefix, args = args[1], args[2:]
        elif args[0] == "--field":
            field, args = args[1], args[2:]
        else:
            sys.exit(f"metrics: unknown flag {args[0]}")
    if above is not None:
        values, _ = scores(args[0], prefix, field)
        k = sum(1 for v in values if v >= above)
        mean = sum(values) / max(1, len(values))
        print(f"{k} of {len(values)} ({k / max(1, len(values)):.1%}), mean {mean:.3f}")
        sys.exit(0)
    neg, sn = scores(args[0], prefix, field)
    pos, sp = scores(args[1], prefix, field)
    fpr = float(args[2]) if len(args) > 2 else 0.01
    if sn or sp:
        print(f"metrics: left out {sn} negative and {sp} positive documents without a score", file=sys.stderr)
    if interval:
        print("%.3f %.3f %.3f" % (tpr_at(neg, pos, fpr), *tpr_interval(neg, pos, fpr)))
    else:
        print(f"{auc(neg, pos):.4f} {tpr_at(neg, pos, fpr):.3f} {len(neg)} {len(pos)}")
