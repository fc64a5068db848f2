#!/usr/bin/env python3
"""Build labelled document sets for calibration and evaluation.

  sets.py sample IN.jsonl OUT.jsonl N SEED OFFSET [--short | --long]
      documents of IN ordered by a stable pseudo-random key, N from OFFSET:
      by default passages (at most 10 sentences); --long articles (15 or
      more sentences); --short passages cut to their first 1-3 sentences
      (by full stops).
  sets.py web IN.jsonl OUT.jsonl
      each document as a scraped web page: paragraphs in HTML tags, its
      apostrophes and quotes as character entities, a menu, links,
      a script, an address and a handle around it.
  sets.py wmt DEV_DIR OUT_MT.jsonl OUT_REF.jsonl [LINES]
      documents of LINES (default 8) consecutive segments: each system's
      output (machine translation) and the human reference ref.A.
  sets.py tortured PPS_LIST OUT_TORTURED.jsonl OUT_CORRECT.jsonl
      sentences written here with a tortured phrase or its expected form.
"""
import glob
import hashlib
import json
import os
import re
import sys


def key(s, seed):
    return hashlib.sha1(f"{seed}:{s}".encode()).hexdigest()


def sample(inp, out, n, seed, offset, short, long):
    docs = [json.loads(l) for l in open(inp, encoding="utf-8")]
    docs = [d for d in docs if (d.get("sentences", 0) >= 15) == long]
    docs.sort(key=lambda d: key(d["id"], seed))
    with open(out, "w", encoding="utf-8") as f:
        for d in docs[int(offset) : int(offset) + int(n)]:
            if short:
                parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])", d["text"])
                k = 1 + int(key(d["id"], seed + "s"), 16) % 3
                d["text"] = " ".join(parts[:k])
            f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")


def join(inp, out, k):
    """Consecutive runs of k documents of inp as one (paragraphs apart)."""
    docs = [json.loads(l) for l in open(inp, encoding="utf-8")]
    k = int(k)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(0, len(docs) - k + 1, k):
            run = docs[i : i + k]
            text = "\n\n".join(d["text"] for d in run)
            f.write(json.dumps({"id": f"joined-{run[0]['id']}", "text": text}, ensure_ascii=False) + "\n")


def wrap(inp, out, width):
    """Each document of inp hard-wrapped at width columns (paragraphs kept),
    as plain-text mail, wire copy and PDF extractions come."""
    import textwrap

    with open(out, "w", encoding="utf-8") as f:
        for l in open(inp, encoding="utf-8"):
            d = json.loads(l)
            paras = d["text"].split("\n")
            text = "\n".join(textwrap.fill(p, int(width)) for p in paras)
            f.write(json.dumps({"id": d["id"], "text": text}, ensure_ascii=False) + "\n")


def web(inp, out):
    """Each document of inp as the HTML of a web page: its sentences in
    paragraphs of 2 to 6 (<p>, some on one line, some one a line), its
    apostrophes and double quotes written as entities (&#39;, &rsquo;,
    &quot;), a no-break space (&nbsp;) after some sentences, a menu and a
    script before, a link line ("Read more: https://...") after every
    third paragraph, and a footer with an e-mail address, a handle and a
    hashtag. Deterministic: choices come from a hash of the id."""
    with open(out, "w", encoding="utf-8") as f:
        for l in open(inp, encoding="utf-8"):
            d = json.loads(l)
            h = int(key(d["id"], "web"), 16)
            sents = re.split(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])", d["text"].replace("\n", " "))
            sents = [s.replace("'", "&#39;" if h % 2 else "&apos;").replace("\u2019", "&rsquo;").replace('"', "&quot;")
                     for s in sents]
            paras, i, k = [], 0, 0
            while i < len(sents):
                n = 2 + (h >> (3 * k)) % 5
                sep = "&nbsp; " if (h >> k) % 3 == 0 else " "
                paras.append("<p>" + sep.join(sents[i : i + n]) + "</p>")
                if k % 3 == 2:
                    paras.append(f'<p class="more">Read more: <a href="https://www.example-news.com/{d["id"]}/{k}?ref=rss">'
                                 f'https://www.example-news.com/{d["id"]}/{k}</a></p>')
                i += n
                k += 1
            head = ('<html><head><title>News</title><script>var s = "a < b"; if (x > 1) { load(); }</script></head>'
                    '<body><div class="nav"><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></div>')
            foot = ('<div class="footer"><p>Contact the newsroom at desk@example-news.com or follow @ExampleNews '
                    'for updates. #news</p></div></body></html>')
            joiner = "" if h % 4 == 0 else "\n"
            text = joiner.join([head] + paras + [foot])
            f.write(json.dumps({"id": d["id"], "text": text}, ensure_ascii=False) + "\n")


def wmt(dev, out_mt, out_ref, lines=8):
    """Files named newstest2021.XX-en.hyp.SYSTEM.en (MT) and ...ref.A.en."""
    lines = int(lines)
    with open(out_mt, "w", encoding="utf-8") as mt, open(out_ref, "w", encoding="utf-8") as ref:
        for path in sorted(glob.glob(os.path.join(dev, "**", "newstest2021.*-en.*.en"), recursive=True)):
            name = os.path.basename(path)
            if ".ref.A." in name:
                target = ref
            elif ".hyp." in name:
                target = mt
            else:
                continue
            segs = [l.strip() for l in open(path, encoding="utf-8", errors="replace")]
            for i in range(0, len(segs), lines):
                text = "\n".join(s for s in segs[i : i + lines] if s)
                if text:
                    rec = {"id": f"{name}:{i + 1}", "text": text, "sentences": text.count("\n") + 1}
                    target.write(json.dumps(rec, ensure_ascii=False) + "\n")


TEMPLATES = [
    "In this paper we propose a new method based on {p} for the analysis of large data sets.",
    "Recent work has shown that {p} can improve the accuracy of the proposed system.",
    "The results of our experiments confirm that {p} performs well on the benchmark.",
    "We review the main approaches to {p} and discuss their limitations in practice.",
]


def tortured(pps, out_t, out_c):
    pairs = []
    for line in open(pps, encoding="utf-8", errors="replace"):
        if " AND " not in line:
            continue
        t, e = [x.strip().strip('"').lower() for x in line.split(" AND ", 1)]
        if t and e and t != e and len(t.split()) <= 4:
            pairs.append((t, e))
    pairs = sorted(set(pairs))
    with open(out_t, "w") as ft, open(out_c, "w") as fc:
        for i, (t, e) in enumerate(pairs):
            tpl = TEMPLATES[i % len(TEMPLATES)] + " " + TEMPLATES[(i + 1) % len(TEMPLATES)]
            ft.write(json.dumps({"id": f"t{i}", "text": tpl.format(p=t)}) + "\n")
            fc.write(json.dumps({"id": f"c{i}", "text": tpl.format(p=e)}) + "\n")
    print(f"tortured pairs: {len(pairs)}", file=sys.stderr)


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "sample":
        sample(args[0], args[1], args[2], args[3], args[4], "--short" in args, "--long" in args)
    elif cmd == "wrap":
        wrap(*args)
    elif cmd == "web":
        web(*args)
    elif cmd == "join":
        join(*args)
    elif cmd == "wmt":
        wmt(*args)
    elif cmd == "tortured":
        tortured(*args)
    else:
        sys.exit(f"unknown command {cmd}")
