#!/usr/bin/env python3
"""Merge Moby Thesaurus II, MyThes en_US and WordNet 3.0 into one synonym TSV.

Called by scripts/build-thesaurus.sh, which fetches the packages; see there.

Output: one pair per line, `head<TAB>synonym<TAB>flags`, flags a decimal bit
set (1 Moby, 2 MyThes, 4 WordNet, 8 inflected: no source lists the pair as
written, it is an inflection of a pair that the other bits' sources list).
Lines are sorted by head then synonym (UTF-8 byte order), so the file is the
same bytes on every run. Every phrase is lower case, single-space separated,
and every word of it is in the language model's vocabulary. The table is
symmetric: if a -> b is listed, b -> a is too, with the same flags.

Usage: thesaurus_build.py LM.bin MOBY_WORDS.txt MYTHES.dat WORDNET_DIR OUT.tsv
       [--max-per-head N | --max-bytes B]
"""
import argparse
import os
import re
import struct
import sys
from collections import defaultdict

MOBY, MYTHES, WORDNET, INFLECTED = 1, 2, 4, 8
SOURCES = MOBY | MYTHES | WORDNET
LM_MAGIC = b"Trie Language Model"


def read_vocab(path):
    """Word -> unigram log probability from a Sphinx trie LM binary.

    Layout (pocketsphinx ngram_model_trie.c): magic, u8 order, u32 counts
    per order, i32 quant type, quantisation tables (2 x 65536 f32 per middle
    order, 65536 f32 for the longest), unigrams ((n1 + 1) x {f32 prob, f32
    backoff, u32 next}), bit-packed middle and longest layers, then i32 k and
    k bytes of NUL-terminated words in unigram order.
    """
    data = open(path, "rb").read()
    if not data.startswith(LM_MAGIC):
        sys.exit("%s: not a Sphinx trie language model" % path)
    pos = len(LM_MAGIC)
    order = data[pos]
    pos += 1
    counts = struct.unpack_from("<%dI" % order, data, pos)
    pos += 4 * order + 4
    pos += 4 * 65536 * (2 * (order - 2) + 1)
    n_uni = counts[0]
    uni_pos = pos
    pos += 12 * (n_uni + 1)
    word_bits = n_uni.bit_length()

    def layer_bytes(entries, value_bits):
        return ((1 + entries) * (word_bits + value_bits) + 7) // 8 + 8

    for n in range(2, order):
        pos += layer_bytes(counts[n - 1], 32 + counts[n].bit_length())
    pos += layer_bytes(counts[order - 1], 16)
    (k,) = struct.unpack_from("<i", data, pos)
    pos += 4
    words = data[pos : pos + k].split(b"\0")[:n_uni]
    if len(words) != n_uni:
        sys.exit("%s: expected %d words, found %d" % (path, n_uni, len(words)))
    vocab = {}
    for i, w in enumerate(words):
        w = w.decode("utf-8")
        if w in ("<s>", "</s>"):
            continue
        (prob,) = struct.unpack_from("<f", data, uni_pos + 12 * i)
        vocab[w] = prob
    return vocab


SPACES = re.compile(r"\s+")


def norm(phrase):
    return SPACES.sub(" ", phrase.strip().lower())


def is_name(phrase):
    """Whether a phrase as its source writes it is a name (a word of it
    starts with a capital: Seattle, Don Juan, IOU). Names are left out: a
    spinner does not swap them, and a lower-cased name as a synonym (city ->
    seattle, a MyThes generic term read backwards) makes nonsense candidates."""
    return any(w[:1].isupper() for w in phrase.split())


def read_moby(path):
    """(head, synonym) pairs; Moby has no part of speech. Names are left
    out (a line whose head is one, and each synonym that is one)."""
    pairs = []
    with open(path, encoding="latin-1", newline="") as f:
        for line in f:
            fields = line.rstrip("\r\n").split(",")
            if is_name(fields[0]):
                continue
            head = norm(fields[0])
            for syn in fields[1:]:
                if not is_name(syn):
                    pairs.append((head, norm(syn)))
    return pairs


MYTHES_POS = {"(noun)": "n", "(verb)": "v", "(adj)": "a", "(adv)": "r"}
MYTHES_TAG = re.compile(r"\s*\(([a-z ]+ term|antonym)\)$")


def read_mythes(path):
    """(head, synonym, pos) triples. Plain synonyms, "(similar term)" and
    "(generic term)" are kept; "(antonym)" and "(related term)" are not.
    Names are left out: a sense that writes the (lower-case) head as a name
    (seattle: Seattle, city), and each synonym that is one."""
    triples = []
    with open(path, encoding="utf-8") as f:
        f.readline()  # encoding line
        head = None
        left = 0
        for line in f:
            line = line.rstrip("\n")
            if left == 0:
                head, _, n = line.rpartition("|")
                head, left = norm(head), int(n)
                continue
            left -= 1
            fields = line.split("|")
            pos = MYTHES_POS.get(fields[0].strip())
            syns = []
            for syn in fields[1:]:
                m = MYTHES_TAG.search(syn)
                if m:
                    if m.group(1) in ("antonym", "related term"):
                        continue
                    syn = syn[: m.start()]
                syns.append(syn)
            if any(is_name(x) and norm(x) == head for x in syns):
                continue
            for syn in syns:
                if not is_name(syn):
                    triples.append((head, norm(syn), pos))
    return triples


WN_MARKER = re.compile(r"\((a|p|ip)\)$")


def read_wordnet(wn_dir):
    """Synsets as (pos, [lemmas]) with pos in n v a r (satellites -> a)."""
    synsets = []
    for name in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(wn_dir, "data." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split(" ")
                pos = "a" if parts[2] == "s" else parts[2]
                count = int(parts[3], 16)
                lemmas = []
                for i in range(count):
                    w = WN_MARKER.sub("", parts[4 + 2 * i]).replace("_", " ")
                    if not is_name(w):
                        lemmas.append(norm(w))
                synsets.append((pos, lemmas))
    return synsets


def read_exceptions(wn_dir):
    """pos -> base -> sorted irregular forms, from WordNet's *.exc."""
    exc = {}
    for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj")):
        table = defaultdict(set)
        with open(os.path.join(wn_dir, name + ".exc"), encoding="latin-1") as f:
            for line in f:
                parts = line.split()
                for base in parts[1:]:
                    table[base.replace("_", " ")].add(parts[0].replace("_", " "))
        exc[pos] = {k: sorted(v) for k, v in table.items()}
    return exc


VOWELS = set("aeiou")


def is_cvc(w):
    """Ends consonant-vowel-consonant (swap, stop, big): may double."""
    return (
        len(w) >= 3
        and w[-1] not in VOWELS
        and w[-1] not in "wxy"
        and w[-2] in VOWELS
        and w[-3] not in VOWELS
        and w[-1].isalpha()
        and w[-3].isalpha()
    )


def regular_forms(w, slot):
    """Candidate regular inflections of word w for one slot."""
    if not w.isalpha():
        return []
    cy = len(w) >= 2 and w[-1] == "y" and w[-2] not in VOWELS
    if slot in ("3sg", "pl"):
        if w.endswith(("s", "x", "z", "ch", "sh")):
            return [w + "es"]
        if cy:
            return [w[:-1] + "ies"]
        out = [w + "s"]
        if slot == "pl" and w.endswith("fe"):
            out.append(w[:-2] + "ves")
        elif slot == "pl" and w.endswith("f"):
            out.append(w[:-1] + "ves")
        elif w.endswith("o"):
            out.append(w + "es")
        return out
    if slot in ("ed", "er", "est"):
        suf = {"ed": "ed", "er": "er", "est": "est"}[slot]
        if w.endswith("e"):
            return [w + suf[1:]]
        if cy:
            return [w[:-1] + "i" + suf]
        out = [w + suf]
        if is_cvc(w):
            out.append(w + w[-1] + suf)
        if slot == "ed" and w.endswith("c"):
            out.append(w + "k" + suf)
        return out
    if slot == "ing":
        if w.endswith("ie"):
            return [w[:-2] + "ying"]
        if w.endswith("e") and not w.endswith(("ee", "oe", "ye")):
            return [w[:-1] + "ing", w + "ing"]
        out = [w + "ing"]
        if is_cvc(w):
            out.append(w + w[-1] + "ing")
        if w.endswith("c"):
            out.append(w + "king")
        return out
    raise ValueError(slot)


SLOTS = {"v": ("3sg", "ed", "ing"), "n": ("pl",), "a": ("er", "est")}


def exc_slot(pos, base, form):
    if pos == "n":
        return "pl"
    if pos == "a":
        return "est" if form.endswith("st") else "er"
    if form in regular_forms(base, "3sg"):
        return "3sg"
    if form.endswith("ing"):
        return "ing"
    return "ed"


class Inflector:
    def __init__(self, vocab, exc):
        self.vocab = vocab
        self.exc = {}
        for pos, table in exc.items():
            slots = {}
            for base, forms in table.items():
                for form in forms:
                    s = exc_slot(pos, base, form)
                    slots.setdefault((base, s), []).append(form)
            self.exc[pos] = slots
        self.cache = {}

    def word_forms(self, w, pos, slot):
        """Inflections of one word in the vocabulary (irregular ones if
        WordNet lists any for the slot, else the most frequent regular one)."""
        key = (w, pos, slot)
        if key in self.cache:
            return self.cache[key]
        irregular = self.exc[pos].get((w, slot))
        if irregular:
            out = [f for f in irregular if f in self.vocab]
        else:
            cands = [f for f in regular_forms(w, slot) if f in self.vocab]
            out = [max(cands, key=lambda f: (self.vocab[f], f))] if cands else []
        out = [f for f in out if f != w]
        self.cache[key] = out
        return out

    def forms(self, phrase, pos):
        """slot -> inflected phrases. Verbs inflect their first word
        (develop into -> developed into), nouns and adjectives their last."""
        words = phrase.split(" ")
        if pos == "a" and len(words) > 1:
            return {}
        i = 0 if pos == "v" else len(words) - 1
        out = {}
        for slot in SLOTS[pos]:
            fs = self.word_forms(words[i], pos, slot)
            if fs:
                out[slot] = [" ".join(words[:i] + [f] + words[i + 1 :]) for f in fs]
        return out


def popcount(x):
    return bin(x & SOURCES).count("1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lm")
    ap.add_argument("moby")
    ap.add_argument("mythes")
    ap.add_argument("wordnet")
    ap.add_argument("out")
    ap.add_argument("--max-per-head", type=int, default=0)
    ap.add_argument("--max-bytes", type=int, default=0, help="cap per head to fit the binary in this size")
    args = ap.parse_args()

    vocab = read_vocab(args.lm)
    print("vocabulary: %d words" % len(vocab), file=sys.stderr)

    def in_vocab(p):
        return p != "" and all(w in vocab for w in p.split(" "))

    direct = defaultdict(int)  # (a, b) -> source bits
    pos_of = defaultdict(set)  # phrase -> parts of speech (WordNet, MyThes)
    pair_pos = defaultdict(set)  # (a, b) -> parts of speech of the sense
    raw = defaultdict(int)

    def add(a, b, src, pos=None):
        if a == b or not in_vocab(a) or not in_vocab(b):
            return
        for x, y in ((a, b), (b, a)):
            direct[(x, y)] |= src
            if pos:
                pair_pos[(x, y)].add(pos)

    for a, b in read_moby(args.moby):
        raw[MOBY] += 1
        add(a, b, MOBY)
    for a, b, pos in read_mythes(args.mythes):
        raw[MYTHES] += 1
        if pos:
            pos_of[a].add(pos)
        add(a, b, MYTHES, pos)
    for pos, lemmas in read_wordnet(args.wordnet):
        for a in lemmas:
            pos_of[a].add(pos)
            for b in lemmas:
                if a != b:
                    raw[WORDNET] += 1
                    add(a, b, WORDNET, pos)
    for src, name in ((MOBY, "moby"), (MYTHES, "mythes"), (WORDNET, "wordnet")):
        kept = sum(1 for f in direct.values() if f & src)
        print(
            "%s: %d pairs read, %d kept (both directions, in vocabulary)"
            % (name, raw[src], kept),
            file=sys.stderr,
        )

    def phrase_pos(p):
        """Parts of speech of a phrase: as listed, else a verb phrase if its
        first word is a verb (evolve into), a noun phrase if its last word
        is a noun."""
        if p in pos_of:
            return pos_of[p]
        words = p.split(" ")
        out = set()
        if len(words) > 1:
            if "v" in pos_of.get(words[0], ()):
                out.add("v")
            if "n" in pos_of.get(words[-1], ()):
                out.add("n")
        return out

    inflector = Inflector(vocab, read_exceptions(args.wordnet))
    inflected = defaultdict(int)
    for (a, b), src in sorted(direct.items()):
        poses = pair_pos.get((a, b)) or (phrase_pos(a) & phrase_pos(b))
        for pos in sorted(poses & set(SLOTS)):
            fa, fb = inflector.forms(a, pos), inflector.forms(b, pos)
            for slot in fa.keys() & fb.keys():
                for x in fa[slot]:
                    for y in fb[slot]:
                        if x != y:
                            inflected[(x, y)] |= src
    pairs = dict(direct)
    new = 0
    for key, src in inflected.items():
        if key in pairs:
            pairs[key] |= src
        else:
            pairs[key] = src | INFLECTED
            new += 1
    print("inflected: %d new pairs" % new, file=sys.stderr)

    total = len(pairs)
    if args.max_per_head:
        pairs = cap(pairs, ranked(pairs, vocab), args.max_per_head)
        limit = args.max_per_head
    elif args.max_bytes:
        pairs, limit = fit(pairs, vocab, args.max_bytes)
    else:
        limit = 0
    if limit:
        print(
            "capped at %d synonyms per head (best first: most sources agreeing, listed over"
            " inflected, more frequent): %d of %d pairs kept" % (limit, len(pairs), total),
            file=sys.stderr,
        )
    else:
        print("not capped: all %d pairs kept" % total, file=sys.stderr)

    by_head = defaultdict(list)
    for (a, b), f in pairs.items():
        by_head[a].append((b, f))
    n = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for head in sorted(by_head, key=lambda s: s.encode()):
            for syn, f in sorted(by_head[head], key=lambda t: t[0].encode()):
                out.write("%s\t%s\t%d\n" % (head, syn, f))
                n += 1
    for src, name in (
        (MOBY, "moby"),
        (MYTHES, "mythes"),
        (WORDNET, "wordnet"),
        (INFLECTED, "inflected"),
    ):
        print(
            "pairs with %-9s %d" % (name + ":", sum(1 for f in pairs.values() if f & src)),
            file=sys.stderr,
        )
    print("heads: %d, pairs: %d" % (len(by_head), n), file=sys.stderr)


def ranked(pairs, vocab):
    """head -> synonyms, best first: most agreeing sources, then listed over
    inflected, then the more frequent synonym (its rarest word's unigram
    log probability), then byte order."""

    def freq(p):
        return min(vocab[w] for w in p.split(" "))

    by_head = defaultdict(list)
    for (a, b), f in pairs.items():
        by_head[a].append((b, f))
    out = {}
    for head, syns in by_head.items():
        syns.sort(key=lambda t: (-popcount(t[1]), t[1] & INFLECTED, -freq(t[0]), t[0].encode()))
        out[head] = [b for b, _ in syns]
    return out


def cap(pairs, ranks, limit):
    """Keep at most `limit` synonyms per head, the best by `ranked`. A pair
    survives if it survives from either end, and is then kept in both
    directions, so the table stays symmetric (a head may end up with a few
    more than limit)."""
    keep = set()
    for head, syns in ranks.items():
        for b in syns[:limit]:
            keep.add((head, b) if head.encode() < b.encode() else (b, head))
    out = {}
    for a, b in keep:
        out[(a, b)] = pairs[(a, b)]
        out[(b, a)] = pairs[(b, a)]
    return out


def binary_size(pairs):
    """Bytes of the compiled table (see src/thesaurus.rs): 32 header, 8 per
    phrase + 8, 4 per directed pair, the phrases' UTF-8 bytes, a 4-byte checksum."""
    phrases = {a for a, _ in pairs}
    return 32 + 8 * (len(phrases) + 1) + 4 * len(pairs) + sum(len(p.encode()) for p in phrases) + 4


def fit(pairs, vocab, max_bytes):
    """The largest per-head cap whose table fits in max_bytes (all pairs if
    they fit), by bisection; returns (pairs, cap or 0)."""
    if binary_size(pairs) <= max_bytes:
        return pairs, 0
    ranks = ranked(pairs, vocab)
    lo, hi = 1, max(len(v) for v in ranks.values())
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if binary_size(cap(pairs, ranks, mid)) <= max_bytes:
            lo = mid
        else:
            hi = mid - 1
    return cap(pairs, ranks, lo), lo


if __name__ == "__main__":
    main()
