#!/usr/bin/env python3
"""Clean documents of a genre the calibration never saw: Jane Austen's six
novels (1811-1818), from the Debian package `r-cran-janeaustenr` (Project
Gutenberg's texts, one R character vector of lines per novel).

  austen_docs.py PACKAGE_ROOT OUT.jsonl [N] [--split cal|test]

PACKAGE_ROOT is where the .deb was unpacked. The novels live in the
package's R lazy-load database, `data/Rdata.rdb`: a run of blobs, each a
4-byte big-endian length and a zlib stream of one object in R's
serialization format (version 3: "X\\n", three version integers, the
native encoding's length and name, then the object). Each is a character
vector (STRSXP, type 16: a flags integer, a length, then one CHARSXP per
element, type 9: flags, byte length or -1 for NA, the bytes). Only that
much of the format is read; anything else is an error.

Paragraphs (runs of non-blank lines, joined: Gutenberg wraps at about 70
columns) are gathered in order into documents of at least 300 words;
chapter and volume headings end a document and are left out. Of all
documents (or, with --split, those of one half of the novels: `cal`,
for scripts/calibrate.sh, Emma, Mansfield Park and Northanger Abbey;
`test`, for scripts/eval.sh, Persuasion, Pride and Prejudice and Sense
and Sensibility), the N (default 600) with the smallest hash of their id
are written, in that order: {"id", "text", "corpus": "austen"}.
Deterministic.
"""
import os
import re
import struct
import sys
import zlib

from prose_docs import gather, write_sample

NOVELS = ["emma", "mansfieldpark", "northangerabbey", "persuasion",
          "prideprejudice", "sensesensibility"]
SPLITS = {"cal": NOVELS[:3], "test": NOVELS[3:]}
HEADING = re.compile(r"^(CHAPTER|Chapter|VOLUME|Volume)\b|^[IVXL]+\.?$")


def blobs(path):
    data = open(path, "rb").read()
    pos = 0
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos:pos + 4])
        inflate = zlib.decompressobj()
        blob = inflate.decompress(data[pos + 4:])
        if len(blob) != size or not inflate.eof:
            sys.exit(f"{path}: blob at byte {pos}: {len(blob)} bytes, header says {size}")
        pos = len(data) - len(inflate.unused_data)
        yield blob


def strings(blob):
    """The elements of a serialized R character vector."""
    if blob[:2] != b"X\n":
        sys.exit("not R's XDR serialization")
    pos = 2
    version, _, _ = struct.unpack(">iii", blob[pos:pos + 12])
    pos += 12
    if version == 3:
        (n,) = struct.unpack(">i", blob[pos:pos + 4])
        pos += 4 + n
    flags, length = struct.unpack(">ii", blob[pos:pos + 8])
    pos += 8
    if flags & 0xFF != 16:
        sys.exit(f"object of type {flags & 0xFF}, not a character vector")
    out = []
    for _ in range(length):
        flags, n = struct.unpack(">ii", blob[pos:pos + 8])
        pos += 8
        if flags & 0xFF != 9:
            sys.exit(f"element of type {flags & 0xFF}, not a string")
        if n < 0:
            out.append("")
            continue
        out.append(blob[pos:pos + n].decode("utf-8"))
        pos += n
    return out


def documents(root, novels):
    rdb = os.path.join(root, "usr/lib/R/site-library/janeaustenr/data/Rdata.rdb")
    for novel, blob in zip(NOVELS, blobs(rdb)):
        if novel not in novels:
            continue
        # Runs of paragraphs between headings: no document spans a chapter.
        runs, paragraph = [[]], []
        for line in strings(blob) + [""]:
            line = line.strip()
            if line:
                paragraph.append(line)
            elif paragraph:
                text = " ".join(paragraph)
                if HEADING.match(text):
                    runs.append([])
                else:
                    runs[-1].append(text)
                paragraph = []
        docs = (doc for run in runs for doc in gather(run))
        for index, doc in enumerate(docs):
            yield f"austen-{novel}-{index}", doc


def main():
    args = sys.argv[1:]
    novels = NOVELS
    if "--split" in args:
        i = args.index("--split")
        novels = SPLITS[args[i + 1]]
        del args[i:i + 2]
    root, out = args[0], args[1]
    n = int(args[2]) if len(args) > 2 else 600
    write_sample(documents(root, novels), out, n, "austen")


if __name__ == "__main__":
    main()
