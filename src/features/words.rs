//! Word evidence: what the model and the swap search saw at each tested
//! content word of the body, and the likelihood ratio, "replaced by a
//! spinner" against "written by the author", that a fitted table gives it.
//!
//! The best swap gain alone mixes kinds of evidence (a synonym of the word,
//! of a phrase around it, of the word and its neighbour jointly) and
//! ignores how common the word is and how the model saw its context: a rare
//! right word in erudite prose can lose to a frequent synonym just as a
//! spinner's word does. The table weighs each of these separately. It is a
//! logistic model over binned columns, fitted by `scripts/word-model.sh`,
//! which writes it to `src/features/word_model.rs`; the log odds of the
//! training base rate are taken out so that it gives a likelihood ratio.

use std::collections::HashMap;
use std::ops::Range;

use super::within;
use super::{word_model, word_model_fixed};
use crate::lm::WordId;
use crate::scored::ScoredSentence;
use crate::swap::WordTest;
use crate::text::tokenize::Tokens;

/// Occurrences of a word in the body are counted up to this many.
pub const MAX_OCCURRENCES: usize = 4;

/// One tested content word of the body, as the word model sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordEvidence {
    /// What the swap search found for the word: token, id, best gain
    /// overall and of each kind of swap.
    pub test: WordTest,
    /// Unigram log10 of the word.
    pub unigram_log10: f32,
    /// log10 of the word in its context.
    pub log10: f32,
    /// Length of the n-gram the model matched at the word.
    pub ngram_len: u8,
    /// The same for the next word of the sentence (`None`: the word ends
    /// the sentence).
    pub next_ngram_len: Option<u8>,
    /// Whether the word opens its sentence.
    pub is_sentence_first: bool,
    /// Occurrences of the word in the body, at most [`MAX_OCCURRENCES`].
    pub occurrences: usize,
    /// Characters of the normalised word.
    pub chars: usize,
}

/// A continuous column of the word model: one weight per bin between
/// `edges` (bin `i` holds the values with `i` edges at or below them), and
/// one for an absent value.
#[derive(Debug)]
pub struct Binned {
    /// Bin edges, increasing.
    pub edges: &'static [f32],
    /// Weight of each bin (`edges.len() + 1` of them).
    pub weights: &'static [f64],
    /// Weight of an absent value (a kind of swap not tried).
    pub absent: f64,
}

impl Binned {
    fn weight(&self, x: Option<f32>) -> f64 {
        match x {
            None => self.absent,
            Some(x) => self.weights[self.edges.partition_point(|&e| e <= x)],
        }
    }
}

/// One word model's table (columns as in [`WordEvidence`]).
#[derive(Debug)]
pub struct WordTable {
    /// Natural log of the likelihood ratio before the columns.
    pub intercept: f64,
    /// Best gain.
    pub best_gain: &'static Binned,
    /// Single-word gain.
    pub single: &'static Binned,
    /// Thesaurus-phrase gain.
    pub phrase: &'static Binned,
    /// Unigram log10.
    pub unigram_log10: &'static Binned,
    /// log10 in context.
    pub log10: &'static Binned,
    /// Characters.
    pub chars: &'static Binned,
    /// n-gram length at the word, by length.
    pub ngram_len: &'static [f64],
    /// n-gram length at the next word, by code.
    pub next_ngram_len: &'static [f64],
    /// Sentence start, by code.
    pub sentence_first: &'static [f64],
    /// Occurrences, by count.
    pub occurrences: &'static [f64],
}

macro_rules! word_table {
    ($m:ident) => {
        WordTable {
            intercept: $m::LN_LR_INTERCEPT,
            best_gain: &$m::BEST_GAIN,
            single: &$m::SINGLE,
            phrase: &$m::PHRASE,
            unigram_log10: &$m::UNIGRAM_LOG10,
            log10: &$m::LOG10,
            chars: &$m::CHARS,
            ngram_len: $m::NGRAM_LEN,
            next_ngram_len: $m::NEXT_NGRAM_LEN,
            sentence_first: $m::SENTENCE_FIRST,
            occurrences: $m::OCCURRENCES,
        }
    };
}

/// The word model fitted on words a spinner drawing from the whole
/// thesaurus wrote (`src/features/word_model.rs`).
pub const WHOLE_THESAURUS: WordTable = word_table!(word_model);

/// The word model fitted on words a spinner with a fixed table of common
/// words wrote (`src/features/word_model_fixed.rs`).
pub const FIXED_TABLE: WordTable = word_table!(word_model_fixed);

/// Weight of category `code` of a discrete column (0 for a code the
/// training data never showed).
fn category(weights: &[f64], code: usize) -> f64 {
    weights.get(code).copied().unwrap_or(0.0)
}

impl WordEvidence {
    /// Code of [`Self::next_ngram_len`] in the word model: 0 at the end of
    /// the sentence, else the length.
    pub fn next_ngram_code(&self) -> usize {
        self.next_ngram_len.map_or(0, usize::from)
    }

    /// Natural log of the likelihood ratio, "replaced by a spinner"
    /// against "written by the author", by the whole-thesaurus table.
    pub fn ln_likelihood_ratio(&self) -> f64 {
        self.ln_likelihood_ratio_in(&WHOLE_THESAURUS)
    }

    /// The same by the table `t`.
    pub fn ln_likelihood_ratio_in(&self, t: &WordTable) -> f64 {
        t.intercept
            + t.best_gain.weight(Some(self.test.best_gain))
            + t.single.weight(self.test.single)
            + t.phrase.weight(self.test.phrase)
            + t.unigram_log10.weight(Some(self.unigram_log10))
            + t.log10.weight(Some(self.log10))
            + t.chars.weight(Some(self.chars as f32))
            + category(t.ngram_len, usize::from(self.ngram_len))
            + category(t.next_ngram_len, self.next_ngram_code())
            + category(t.sentence_first, usize::from(self.is_sentence_first))
            + category(t.occurrences, self.occurrences)
    }
}

/// The evidence of every tested word on the `body` lines, in text order.
pub fn word_evidence(
    body: &[Range<usize>],
    sentences: &[ScoredSentence],
    tests: &[WordTest],
    tokens: &Tokens,
    unigram: &dyn Fn(u32) -> f32,
) -> Vec<WordEvidence> {
    // Where each scored word sits: (sentence, position), by token.
    let mut at: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut occurrences: HashMap<WordId, usize> = HashMap::new();
    for (i, s) in sentences.iter().enumerate() {
        if !within(body, s.tokens.start) {
            continue;
        }
        for (p, w) in s.words.iter().enumerate() {
            at.insert(w.token, (i, p));
            *occurrences.entry(w.id).or_default() += 1;
        }
    }
    tests
        .iter()
        .filter(|t| within(body, t.token))
        .filter_map(|t| {
            let &(i, p) = at.get(&t.token)?;
            let words = &sentences[i].words;
            let w = &words[p];
            Some(WordEvidence {
                test: *t,
                unigram_log10: unigram(w.id),
                log10: w.log10,
                ngram_len: w.ngram_len,
                next_ngram_len: words.get(p + 1).map(|n| n.ngram_len),
                is_sentence_first: p == 0,
                occurrences: occurrences
                    .get(&w.id)
                    .copied()
                    .unwrap_or(1)
                    .min(MAX_OCCURRENCES),
                chars: tokens.norm(t.token).chars().count(),
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::DetectorBuilder;

    /// A sentence written for these tests with two adjacent pairs spun
    /// ("attorney general", "football coach"), and its original.
    pub(crate) const SPUN_TWIN: &str = "Last month the state lawyer normal met the soccer \
        trainer of the local university to talk about the new season and the players.";
    pub(crate) const CLEAN_TWIN: &str = "Last month the state attorney general met the \
        football coach of the local university to talk about the new season and the players.";

    const TABLES: [&WordTable; 2] = [&WHOLE_THESAURUS, &FIXED_TABLE];

    #[test]
    fn tables_are_consistent() {
        for table in TABLES {
            let binned = [
                table.best_gain,
                table.single,
                table.phrase,
                table.unigram_log10,
                table.log10,
                table.chars,
            ];
            for t in binned {
                assert_eq!(t.weights.len(), t.edges.len() + 1, "{t:?}");
                assert!(t.edges.windows(2).all(|e| e[0] < e[1]), "{t:?}");
                assert!(t.weights.iter().all(|w| w.is_finite()) && t.absent.is_finite());
            }
            // Gains are evidence: a weight never falls from bin to bin,
            // and a kind of swap not tried weighs as the lowest bin.
            for t in [table.best_gain, table.single, table.phrase] {
                assert!(t.weights.windows(2).all(|w| w[0] <= w[1]), "{t:?}");
                assert_eq!(t.absent, t.weights[0], "{t:?}");
            }
            for w in [
                table.ngram_len,
                table.next_ngram_len,
                table.sentence_first,
                table.occurrences,
            ] {
                assert!(!w.is_empty() && w.iter().all(|w| w.is_finite()));
            }
            assert_eq!(table.occurrences.len(), MAX_OCCURRENCES + 1);
        }
    }

    #[test]
    fn bins_count_the_edges_at_or_below() {
        let b = Binned {
            edges: &[0.0, 1.0],
            weights: &[10.0, 20.0, 30.0],
            absent: -1.0,
        };
        assert_eq!(b.weight(None), -1.0);
        assert_eq!(b.weight(Some(-5.0)), 10.0);
        assert_eq!(b.weight(Some(0.0)), 20.0);
        assert_eq!(b.weight(Some(0.5)), 20.0);
        assert_eq!(b.weight(Some(1.0)), 30.0);
        assert_eq!(category(&[1.0, 2.0], 1), 2.0);
        assert_eq!(category(&[1.0, 2.0], 7), 0.0);
    }

    #[test]
    fn ratio_rises_with_the_best_gain_overall() {
        // The table is free per bin, so only the trend is asserted: a
        // word a synonym beats by 5 in log10 is far more likely a
        // spinner's than one no synonym beats.
        for table in TABLES {
            let low = table.best_gain.weight(Some(-2.0));
            let high = table.best_gain.weight(Some(5.0));
            assert!(high > low + 1.0, "{low} {high}");
        }
    }

    /// The evidence of every tested word of `text`, with its normalised
    /// text, with the built-in model and thesaurus.
    fn evidence(text: &str) -> Vec<(String, WordEvidence)> {
        let mut b = DetectorBuilder::new();
        b.builtin_dictionary(false).neutral_weights();
        let d = b.build().expect("built-in detector");
        let tokens = crate::text::tokenize::tokenize(text);
        let f = d.analyze(text).features.expect("scored");
        f.words
            .iter()
            .map(|w| (tokens.norm(w.test.token).to_string(), *w))
            .collect()
    }

    fn ln_lr_of(words: &[(String, WordEvidence)], word: &str) -> f64 {
        words
            .iter()
            .find(|(t, _)| t == word)
            .unwrap_or_else(|| panic!("{word} not tested in {words:?}"))
            .1
            .ln_likelihood_ratio()
    }

    #[test]
    fn spun_words_get_ratios_above_one_and_their_originals_below() {
        let spun = evidence(SPUN_TWIN);
        let clean = evidence(CLEAN_TWIN);
        let top = |ws: &[(String, WordEvidence)]| {
            ws.iter()
                .map(|(_, w)| w.ln_likelihood_ratio())
                .fold(f64::NEG_INFINITY, f64::max)
        };
        assert!(top(&spun) > 0.0, "{spun:?}");
        assert!(top(&clean) < 0.0, "{clean:?}");
        // The pair was swapped jointly, and each word is far more likely a
        // spinner's than the author's word in its place.
        let (_, normal) = spun.iter().find(|(t, _)| t == "normal").expect("tested");
        // Its pair's gain is its own column, not part of the best gain
        // (see `WordTest::best_gain`), and beats what "normal" alone gets.
        assert!(normal
            .test
            .pair
            .is_some_and(|p| p > 1.0 && p > normal.test.best_gain));
        assert!(ln_lr_of(&spun, "lawyer") > ln_lr_of(&clean, "attorney") + 1.0);
        assert!(ln_lr_of(&spun, "normal") > ln_lr_of(&clean, "general") + 1.0);
    }
}
