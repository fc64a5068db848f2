"""What scripts/austen_docs.py and scripts/stdlib_docs.py share: cutting
a text's paragraphs into documents, and writing a deterministic sample of
them as JSONL."""
import hashlib
import json
import sys

# A document is at least this many words of consecutive paragraphs.
WORDS = 300


def gather(paragraphs, words=WORDS):
    """Consecutive paragraphs joined into documents of at least `words`
    (a blank line between paragraphs); a shorter rest is dropped."""
    doc, count = [], 0
    for paragraph in paragraphs:
        doc.append(paragraph)
        count += len(paragraph.split())
        if count >= words:
            yield "\n\n".join(doc)
            doc, count = [], 0


def write_sample(docs, out, n, corpus):
    """The `n` of `docs` ((id, text) pairs) with the smallest SHA-1 of their
    id, in that order, to `out` as {"id", "text", "corpus"} lines."""
    docs = sorted(docs, key=lambda d: hashlib.sha1(d[0].encode()).hexdigest())
    with open(out, "w", encoding="utf-8") as f:
        for doc_id, text in docs[:n]:
            f.write(json.dumps({"id": doc_id, "text": text, "corpus": corpus}) + "\n")
    print(f"{len(docs)} documents, {min(n, len(docs))} written", file=sys.stderr)
