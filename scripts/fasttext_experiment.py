#!/usr/bin/env python3
"""Does a fastText supervised classifier earn its place as one more feature?

  fasttext_experiment.py [--bucket N] [--dim N] [--epoch N] [--lr X]
                         [--folds K] [--out DIR]

Run through scripts/fasttext-experiment.sh, which installs fastText and
scores the training documents with `unspun score` first.

1. Trains a fastText supervised classifier (word bigrams, explicit bucket
   size, one thread, fixed seed: deterministic) on the TRAIN split used by
   scripts/calibrate.sh: build/calibrate/clean.{medium,long,short}.jsonl
   (label clean) against build/calibrate/spun.jsonl (label spun). Text is
   lowercased, punctuation split off, newlines become spaces.
2. Fits a two-feature logistic regression [logit(unspun score), fastText
   log-odds] on the same TRAIN documents. The fastText log-odds used for
   that fit are out-of-fold (K-fold cross-fitting by a stable hash of the
   id), so the combiner does not learn an in-sample, overconfident
   fastText; the unspun scores are those of
   build/fasttext/train.*.s (`unspun score` with the dictionary).
3. Evaluates unspun alone (build/eval/*.s, *.nd), fastText alone (model
   trained on all TRAIN documents) and the combination on every pair of
   scripts/eval.sh: ROC AUC and TPR at 1% FPR, same definitions as
   scripts/metrics.py. Documents without an unspun score (skipped, e.g. too
   short) are left out of all three, so the columns compare the same
   documents, as scripts/metrics.py does for unspun.
4. Prints a markdown table, the model size, and the verdict: the mean
   change (combined minus unspun) on the spun-20% rows, with a paired
   bootstrap interval.

No MT-vs-human classifier: the eval MT row uses every WMT21 human reference
(build/eval/ref24.all.jsonl) as its negative, and the news rows sample the
same references, so ../shared/dev holds no human English disjoint from the
test sets. The spun classifier is still evaluated on the MT row.
"""
import argparse
import hashlib
import json
import math
import os
import re
import sys

import numpy as np
import fasttext

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from metrics import auc, tpr_at  # noqa: E402

CAL = "build/calibrate"
EV = "build/eval"
SEED = 7

TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


def prep(text):
    return " ".join(TOKEN.findall(text.lower()))


def load_jsonl(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def load_scored(path, scores_path):
    """Documents of path with the unspun score beside them (None if skipped)."""
    docs = load_jsonl(path)
    scored = load_jsonl(scores_path)
    if len(docs) != len(scored):
        sys.exit(f"{scores_path}: {len(scored)} records for {len(docs)} documents; rerun the scorer")
    for d, s in zip(docs, scored):
        if str(d.get("id")) != str(s.get("id")):
            sys.exit(f"{scores_path}: id {s.get('id')} != {d.get('id')}")
    return docs, [s.get("score") for s in scored]


def fold_of(doc_id, k):
    return int(hashlib.sha1(f"ftfold:{doc_id}".encode()).hexdigest(), 16) % k


def train(texts, labels, path, a):
    with open(path, "w", encoding="utf-8") as f:
        for t, y in zip(texts, labels):
            f.write(f"__label__{'spun' if y else 'clean'} {prep(t)}\n")
    return fasttext.train_supervised(
        input=path, wordNgrams=2, bucket=a.bucket, dim=a.dim, epoch=a.epoch, lr=a.lr,
        minCount=1, loss="softmax", thread=1, seed=SEED, verbose=0)


def log_odds(model, texts):
    out = np.empty(len(texts))
    for i, t in enumerate(texts):
        # model.f.predict directly: fasttext 0.9.2's Python predict() breaks on numpy 2.
        p = {lab: pr for pr, lab in model.f.predict(prep(t) + "\n", -1, 0.0, "strict")}
        ps, pc = p.get("__label__spun", 0.0), p.get("__label__clean", 0.0)
        out[i] = math.log(ps + 1e-6) - math.log(pc + 1e-6)
    return out


def logit(s):
    s = np.clip(np.asarray(s, dtype=float), 1e-4, 1 - 1e-4)
    return np.log(s / (1 - s))


class Logistic:
    """Standardized features, intercept, tiny L2 penalty, Newton's method."""

    def fit(self, x, y, l2=1e-3):
        self.mu, self.sd = x.mean(0), x.std(0) + 1e-12
        z = np.hstack([np.ones((len(x), 1)), (x - self.mu) / self.sd])
        w = np.zeros(z.shape[1])
        for _ in range(100):
            p = 1 / (1 + np.exp(-z @ w))
            g = z.T @ (p - y) + l2 * np.r_[0, w[1:]]
            h = (z * (p * (1 - p))[:, None]).T @ z + l2 * np.diag(np.r_[0, np.ones(len(w) - 1)])
            step = np.linalg.solve(h, g)
            w -= step
            if np.abs(step).max() < 1e-10:
                break
        self.w = w
        return self

    def decision(self, x):
        return self.w[0] + ((x - self.mu) / self.sd) @ self.w[1:]


def pairs():
    rows = []
    for kind in ("articles", "passages", "short"):
        for rate in ("0.1", "0.2", "0.3"):
            rows.append((f"{kind}, spun {rate}", f"{kind}.clean", f"{kind}.spun{rate}"))
    for kind in ("articles", "passages"):
        rows.append((f"{kind}, WordNet-only spinner 0.2", f"{kind}.clean", f"{kind}.wnspun"))
    for lines in ("24", "8"):
        for rate in ("0.1", "0.2", "0.3"):
            rows.append((f"news ({lines} lines), spun {rate}", f"news{lines}.clean", f"news{lines}.spun{rate}"))
    rows.append(("WMT21 MT vs human reference (24 lines)", "ref24.all", "mt"))
    rows.append(("tortured vs correct", "correct", "tortured"))
    return rows


def metrics(neg, pos):
    return auc(list(neg), list(pos)), tpr_at(list(neg), list(pos), 0.01)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bucket", type=int, default=200000)
    ap.add_argument("--dim", type=int, default=50)
    ap.add_argument("--epoch", type=int, default=15)
    ap.add_argument("--lr", type=float, default=0.5)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", default="build/fasttext")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    # Training documents and their unspun scores.
    texts, labels, ids, uscore = [], [], [], []
    for name, y in (("clean.medium", 0), ("clean.long", 0), ("clean.short", 0), ("spun", 1)):
        docs, sc = load_scored(f"{CAL}/{name}.jsonl", f"{a.out}/train.{name}.s")
        for d, s in zip(docs, sc):
            texts.append(d["text"]); labels.append(y); ids.append(f"{name}:{d['id']}"); uscore.append(s)
    labels = np.array(labels)
    print(f"TRAIN: {int((labels == 0).sum())} clean, {int(labels.sum())} spun documents", file=sys.stderr)

    # Out-of-fold fastText log-odds for the combiner.
    folds = np.array([fold_of(i, a.folds) for i in ids])
    oof = np.empty(len(texts))
    for k in range(a.folds):
        tr, te = np.where(folds != k)[0], np.where(folds == k)[0]
        m = train([texts[i] for i in tr], labels[tr], f"{a.out}/train.fold{k}.txt", a)
        oof[te] = log_odds(m, [texts[i] for i in te])
    keep = np.array([s is not None for s in uscore])
    oauc, otpr = metrics(oof[keep & (labels == 0)], oof[keep & (labels == 1)])
    uauc, utpr = metrics(logit([s for s, k in zip(uscore, keep) if k])[labels[keep] == 0],
                         logit([s for s, k in zip(uscore, keep) if k])[labels[keep] == 1])
    print(f"TRAIN out-of-fold: fastText AUC {oauc:.4f} TPR {otpr:.3f}; unspun (in-sample for its weights) "
          f"AUC {uauc:.4f} TPR {utpr:.3f}", file=sys.stderr)

    x = np.column_stack([logit([s for s, k in zip(uscore, keep) if k]), oof[keep]])
    comb = Logistic().fit(x, labels[keep].astype(float))
    print(f"combiner (standardized): intercept {comb.w[0]:+.3f}, unspun {comb.w[1]:+.3f}, fastText {comb.w[2]:+.3f}",
          file=sys.stderr)

    # Final fastText model on all TRAIN documents.
    model_path = f"{a.out}/spun.bin"
    model = train(texts, labels, f"{a.out}/train.all.txt", a)
    model.save_model(model_path)
    size = os.path.getsize(model_path)

    cache = {}

    def side(stem):
        if stem not in cache:
            docs, s = load_scored(f"{EV}/{stem}.jsonl", f"{EV}/{stem}.jsonl.s")
            _, nd = load_scored(f"{EV}/{stem}.jsonl", f"{EV}/{stem}.jsonl.nd")
            ok = [i for i in range(len(docs)) if s[i] is not None]
            ft = log_odds(model, [docs[i]["text"] for i in ok])
            us = np.array([s[i] for i in ok])
            nds = np.array([nd[i] if nd[i] is not None else -1.0 for i in ok])
            cb = comb.decision(np.column_stack([logit(us), ft]))
            cache[stem] = dict(us=us, nd=nds, ft=ft, cb=cb, skipped=len(docs) - len(ok))
        return cache[stem]

    print(f"fastText: supervised, wordNgrams 2, bucket {a.bucket}, dim {a.dim}, epoch {a.epoch}, lr {a.lr}, "
          f"thread 1, seed {SEED}; model {model_path}: {size / 1e6:.1f} MB")
    print()
    print("| set (neg vs pos) | unspun AUC | unspun TPR@1%FPR | fastText AUC | fastText TPR | combined AUC | combined TPR "
          "| unspun no-dict AUC | no-dict TPR |")
    print("|---|---|---|---|---|---|---|---|---|")
    results = {}
    for name, neg, pos in pairs():
        if not (os.path.exists(f"{EV}/{neg}.jsonl.s") and os.path.exists(f"{EV}/{pos}.jsonl.s")):
            print(f"| {name} | (missing: run scripts/eval.sh) |||||||")
            continue
        n, p = side(neg), side(pos)
        r = {k: metrics(n[k], p[k]) for k in ("us", "ft", "cb", "nd")}
        results[name] = (n, p, r)
        skip = n["skipped"] + p["skipped"]
        note = f", {skip} skipped" if skip else ""
        print(f"| {name} ({len(n['us'])} vs {len(p['us'])}{note}) | "
              + " | ".join(f"{r[k][0]:.4f} | {r[k][1]:.3f}" for k in ("us", "ft", "cb", "nd")) + " |")

    # Verdict on the spun-20% rows, with a paired bootstrap over documents.
    main20 = [nm for nm in results if nm.endswith("spun 0.2") and not nm.startswith("news (24")]
    if not main20:
        return
    d_auc = np.mean([results[nm][2]["cb"][0] - results[nm][2]["us"][0] for nm in main20])
    d_tpr = np.mean([results[nm][2]["cb"][1] - results[nm][2]["us"][1] for nm in main20])
    rng = np.random.default_rng(SEED)
    boot = []
    for _ in range(200):
        da, dt = [], []
        for nm in main20:
            n, p, _ = results[nm]
            ni = rng.integers(0, len(n["us"]), len(n["us"]))
            pi = rng.integers(0, len(p["us"]), len(p["us"]))
            cu = metrics(n["us"][ni], p["us"][pi]); cc = metrics(n["cb"][ni], p["cb"][pi])
            da.append(cc[0] - cu[0]); dt.append(cc[1] - cu[1])
        boot.append((np.mean(da), np.mean(dt)))
    boot = np.array(boot)
    lo, hi = np.percentile(boot, [2.5, 97.5], axis=0)
    others = [nm for nm in results if nm not in main20]
    worst = min(others, key=lambda nm: results[nm][2]["cb"][1] - results[nm][2]["us"][1])
    wd = results[worst][2]["cb"][1] - results[worst][2]["us"][1]
    print()
    print(f"Spun-20% rows ({', '.join(main20)}): combined minus unspun, mean "
          f"AUC {d_auc:+.4f} (95% bootstrap {lo[0]:+.4f}..{hi[0]:+.4f}), "
          f"TPR@1%FPR {d_tpr:+.3f} ({lo[1]:+.3f}..{hi[1]:+.3f}); "
          f"largest TPR loss elsewhere: {worst} {wd:+.3f}.")
    earns = lo[1] > 0 and d_auc >= 0 and wd > -0.05
    print("Verdict: fastText " + ("EARNS its place" if earns else "does NOT earn its place")
          + " (rule: bootstrap lower bound of the mean TPR gain on spun-20% rows > 0, mean AUC not worse, "
            "no other row losing more than 0.05 TPR).")


if __name__ == "__main__":
    main()
