#!/usr/bin/env bash
# Fit the word model (src/features/word_model.rs): a likelihood ratio,
# "replaced by a spinner" against "written by the author", for each tested
# word, from the columns of `WordEvidence` (src/features/words.rs).
#
# Documents: TRAIN splits of the registry corpora (scripts/corpora.sh), in
# the order scripts/calibrate.sh samples them but past the documents it
# uses, so that the document model is fitted on word ratios the word model
# never saw: 1,200 passages (2-10 sentences) and 1,200 articles (15-40
# sentences), a third each spun by `unspun spin` at 10%, 20% and 30%.
# The words `unspun spin` replaced (aligned to the source document) are the
# spinner's; every tested word of the source documents is the author's.
# Deterministic: the same inputs give the same file.
#
#   scripts/word-model.sh          # rewrites src/features/word_model.rs
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1200}
w=build/word-model
mkdir -p "$w"
cargo build --release -q --examples
scripts/corpora.sh build/corpora >/dev/null
cat build/corpora/brown.train.jsonl build/corpora/web.train.jsonl > "$w/pool.jsonl"
py() { python3 scripts/sets.py "$@"; }
# scripts/calibrate.sh (N=1200) takes passages 0-1679 and articles 0-719.
py sample "$w/pool.jsonl" "$w/src.passages.jsonl" "$N" cal 1680
py sample "$w/pool.jsonl" "$w/src.articles.jsonl" "$N" cal 720 --long
cat "$w/src.passages.jsonl" "$w/src.articles.jsonl" > "$w/src.jsonl"
: > "$w/spun.jsonl"
third=$(( N / 3 ))
for kind in passages articles; do
  for k in 0 1 2; do
    rate=$(echo "0.1 0.2 0.3" | cut -d' ' -f$(( k + 1 )))
    sed -n "$(( k * third + 1 )),$(( k == 2 ? N : (k + 1) * third ))p" "$w/src.$kind.jsonl" > "$w/part.jsonl"
    target/release/unspun spin --rate "$rate" --seed 13 "$w/part.jsonl" >> "$w/spun.jsonl"
  done
done
target/release/examples/wordfeatures "$w/src.jsonl" > "$w/clean.tsv"
target/release/examples/wordfeatures "$w/spun.jsonl" > "$w/spun.tsv"
python3 scripts/word_model.py "$w/clean.tsv" "$w/spun.tsv" > "$w/word_model.rs"
rustfmt --edition 2021 "$w/word_model.rs"
cp "$w/word_model.rs" src/features/word_model.rs
echo "wrote src/features/word_model.rs" >&2
