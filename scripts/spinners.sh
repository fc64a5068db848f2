# The `unspun spin` flags of the kinds of spinner the scripts train and
# evaluate on besides the default (synonyms drawn from the whole
# thesaurus), in one place. Sourced by scripts/spin-mix.sh, eval.sh and
# transfer.sh; rates and seeds are the callers'.
# shellcheck shell=bash disable=SC2034
# A fixed table of common words: the same synonym at each occurrence, one
# of the 5 most frequent, sentence-initial words and three-word phrases
# spun too.
SPIN_FIXED="--consistent --common 5 --sentence-starts --three-word-phrases"
# A table keyed by single words, word by word: each word's most frequent
# synonym ("attorney general" -> "lawyer normal").
SPIN_WORD="--consistent --common 1 --sentence-starts --word-by-word"
# The same, with the one of the five most frequent synonyms that the model
# likes best where the word first occurs.
SPIN_PLAUSIBLE="--consistent --common 5 --plausible --sentence-starts --word-by-word"
# One table for every document, as a real spinner works: a word (or
# phrase) is in the table or not, decided once from the seed, and every
# occurrence of the words it holds is replaced by the one synonym it gives
# (the rate is a share of word types); otherwise as SPIN_FIXED.
SPIN_TABLE="--table --common 5 --sentence-starts --three-word-phrases"
