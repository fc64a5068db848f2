#!/usr/bin/env python3
"""Clean documents of a genre the calibration never saw: the Python 3.11
documentation (Debian `python3.11-doc`), as a scraper would see its pages.

  pydoc_docs.py HTML_DIR OUT.jsonl [N]

Each HTML page of the library reference, tutorial, how-tos, FAQ and
what's-new notes is turned into text (tags dropped, code blocks and
scripts left out, block elements ending lines); its paragraphs of at least
25 words, in page order, are cut into documents of about 400 words (the
rest of a page is dropped). Of all documents, the N (default 600) with the
smallest hash of their id are written, in that order:
{"id", "text", "corpus": "pydoc"}. Deterministic.
"""
import glob
import hashlib
import json
import os
import re
import sys
from html.parser import HTMLParser

# Block elements: each ends a line of text.
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "br", "tr", "dt", "dd", "table"}
# Left out with everything inside them: code, scripts, page navigation.
SKIPPED = {"pre", "script", "style", "nav"}
# Folders of the C API and indexes: lists of names, not prose.
LEFT_OUT = ("c-api/", "genindex", "py-modindex", "search", "_static/")


class PageText(HTMLParser):
    """The text of one page."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def documents(html_dir, words=400):
    for path in sorted(glob.glob(os.path.join(html_dir, "**", "*.html"), recursive=True)):
        rel = os.path.relpath(path, html_dir)
        if any(part in rel for part in LEFT_OUT):
            continue
        page = PageText()
        with open(path, encoding="utf-8", errors="replace") as f:
            page.feed(f.read())
        paragraphs = []
        for block in re.split(r"\n\s*\n", "".join(page.parts)):
            text = " ".join(block.split())
            if len(text.split()) >= 25:
                paragraphs.append(text)
        current = []
        for k, para in enumerate(paragraphs):
            current.append(para)
            if sum(len(p.split()) for p in current) >= words:
                yield {"id": f"pydoc-{rel}#{k}", "text": "\n\n".join(current), "corpus": "pydoc"}
                current = []


def main():
    html_dir, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 600
    docs = sorted(documents(html_dir), key=lambda d: hashlib.sha1(d["id"].encode()).hexdigest())
    with open(out, "w", encoding="utf-8") as f:
        for d in docs[:n]:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{min(n, len(docs))} of {len(docs)} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
