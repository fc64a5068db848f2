//! Document features: what the dictionary, the model and the swap search
//! saw, as densities that mean the same for short and long documents.
//!
//! Features are computed over the document's *body*: the lines of at least
//! [`BODY_LINE_WORDS`] words, when they hold at least [`BODY_MIN_WORDS`]
//! words; otherwise over every line. Captions, menus, bylines and
//! "Now playing" lines are short, so page furniture neither makes a clean
//! page look spun nor dilutes a spun body.

mod word_model;
mod word_model_fixed;
pub mod words;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::scored::ScoredSentence;
use crate::swap::SwapFindings;
use crate::text::tokenize::{TokenKind, Tokens};
use words::WordEvidence;

/// A line with at least this many words is body text.
pub const BODY_LINE_WORDS: usize = 12;
/// The body is used alone when it has at least this many words.
pub const BODY_MIN_WORDS: usize = 40;

/// Assumed share of spun words in a spun document, for the mixture
/// likelihood ratios.
pub const MIXTURE_RATE: f64 = 0.2;

/// Names of the features, in the order of [`Features::values`]. The last,
/// commas, semicolons and colons per sentence of the body, is a control
/// for the register: a spinner swaps words and leaves punctuation alone,
/// so it is the same in a document and its spun twin, while the prose
/// the model knows least (early nineteenth-century novels, long
/// sentences of many clauses) has the most of it, and gains everywhere.
pub const FEATURE_NAMES: &[&str] = &[
    "swaps_per_1k",
    "swap_gain_per_1k",
    "share_gain_over_1",
    "mixture_llr_mean",
    "mixture_llr_sqrt_total",
    "mixture_llr_total",
    "context_gain_per_word",
    "log10_perplexity",
    "backoff_share",
    "oov_share",
    "ln_words",
    "word_model_llr_mean",
    "word_model_llr_sqrt_total",
    "word_model_llr_total",
    "fixed_model_llr_mean",
    "fixed_model_llr_sqrt_total",
    "fixed_model_llr_total",
    "clause_marks_per_sentence",
];

/// The features computed from the swaps shown as evidence
/// ([`SwapFindings::swaps`]), joint swaps of adjacent words among them;
/// every other feature is the same without those
/// ([`crate::swap::SwapConfig::pairs`]).
pub const SWAP_COUNT_FEATURES: &[&str] = &["swaps_per_1k", "swap_gain_per_1k"];

/// The direction of each feature, in the order of [`FEATURE_NAMES`]: +1
/// when more of it is more evidence of spinning, -1 when less of it is, 0
/// when it is a control with no direction (length, OOV share, clause
/// marks).
/// `unspun calibrate` keeps each weight on its side of zero (or at zero),
/// so that more and stronger evidence never lowers a document's score;
/// two correlated features (a total and its square root) cannot then
/// trade against each other and turn the score down for the documents
/// with the most evidence.
pub const FEATURE_SIGNS: &[i8] = &[1, 1, 1, 1, 1, 1, -1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0];

/// The per-document features.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Feature values, in the order of [`FEATURE_NAMES`].
    pub values: Vec<f64>,
    /// The evidence of each tested word of the body, in text order.
    pub words: Vec<WordEvidence>,
}

impl Features {
    /// The features as a JSON object (for `--features` output).
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        FEATURE_NAMES
            .iter()
            .zip(&self.values)
            .map(|(k, v)| ((*k).to_string(), serde_json::json!((v * 1e4).round() / 1e4)))
            .collect()
    }
}

/// log10 likelihood ratio, "spun" against "clean", of a content word that
/// was not probed (the model found every n-gram around it, or it cannot be
/// tested).
const UNPROBED_LOG10_LR: f64 = -0.55;

/// log10 likelihood ratio of a probed content word by its best gain:
/// `(gain, log10 LR)` knots, interpolated linearly and held flat outside.
///
/// Measured, not assumed: the share of content words in each gain bucket,
/// among the words `unspun spin --rate 0.2` replaced in 300 calibration
/// documents (train split of scripts/corpora.sh) against the words of
/// the same documents unspun (`scripts/word-lr.sh` prints the table).
const GAIN_LOG10_LR: &[(f64, f64)] = &[
    (0.0, -0.95),
    (0.5, -0.26),
    (1.5, 0.09),
    (2.5, 0.42),
    (3.5, 0.76),
    (4.5, 1.14),
    (5.5, 1.79),
];

/// Likelihood ratio "spun" against "clean" of a content word whose best
/// synonym gains `gain` (log10); `None` when it was not probed.
pub fn word_likelihood_ratio(gain: Option<f32>) -> f64 {
    let log10_lr = match gain {
        None => UNPROBED_LOG10_LR,
        Some(g) => {
            let g = f64::from(g);
            let (first, last) = (GAIN_LOG10_LR[0], GAIN_LOG10_LR[GAIN_LOG10_LR.len() - 1]);
            if g <= first.0 {
                first.1
            } else if g >= last.0 {
                last.1
            } else {
                let k = GAIN_LOG10_LR.iter().position(|&(x, _)| x > g).unwrap_or(1);
                let ((x0, y0), (x1, y1)) = (GAIN_LOG10_LR[k - 1], GAIN_LOG10_LR[k]);
                y0 + (y1 - y0) * (g - x0) / (x1 - x0)
            }
        }
    };
    10f64.powf(log10_lr)
}

/// Body words over which the dictionary's hits count in full; a longer
/// body's hits are judged by their density (see [`dictionary_probability`]).
pub const DICTIONARY_REFERENCE_WORDS: usize = 1000;

/// Probability that a document is spun from its phrase-dictionary hits
/// alone: each distinct phrase (normalised text, weight) among `hits` is
/// an independent witness that is right with its weight (noisy-OR). A
/// phrase that recurs counts once, so one innocent phrase repeated does
/// not add up, and a single ambiguous entry (weight 0.5) cannot condemn a
/// document by itself; `lawyer normal` (0.95) can.
///
/// `body_words` is the length of the text the hits were found in. Up to
/// [`DICTIONARY_REFERENCE_WORDS`] the witnesses count in full; beyond it
/// the product of `1 - weight` is raised to the power `reference /
/// body_words`, so a long body scores as a reference-length one with the
/// same hits per word would. Without it, the chance hits of clean text
/// (a mined entry that is sometimes the author's phrase) add up with
/// length: ordinary news joined into one 1 MiB document scored 0.996.
pub fn dictionary_probability<'a>(
    hits: impl IntoIterator<Item = (&'a str, f64)>,
    body_words: usize,
) -> f64 {
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for (phrase, w) in hits {
        let b = best.entry(phrase).or_insert(w);
        *b = b.max(w);
    }
    let survival: f64 = best.values().map(|w| 1.0 - w.clamp(0.0, 1.0)).product();
    let exponent = (DICTIONARY_REFERENCE_WORDS as f64 / body_words.max(1) as f64).min(1.0);
    1.0 - survival.powf(exponent)
}

/// Inputs from the other stages, restricted to the body.
pub struct FeatureInputs<'a> {
    /// Token ranges of the lines counted as body.
    pub body: &'a [Range<usize>],
    /// The scored sentences.
    pub sentences: &'a [ScoredSentence],
    /// What the swap search found.
    pub swaps: &'a SwapFindings,
    /// Unigram log10 of a model word id.
    pub unigram: &'a dyn Fn(u32) -> f32,
    /// The document's tokens.
    pub tokens: &'a Tokens,
}

/// The mixture log-likelihood ratio at [`MIXTURE_RATE`] over the word
/// model `table`'s ratios of `words` (each distinct word once, with its
/// highest ratio), and its mean over those words.
fn word_mixture_llr(words: &[WordEvidence], table: &words::WordTable) -> (f64, f64) {
    let mut ln_lr_by_word: BTreeMap<u32, f64> = BTreeMap::new();
    for w in words {
        let lr = w.ln_likelihood_ratio_in(table);
        let b = ln_lr_by_word.entry(w.test.word).or_insert(lr);
        *b = b.max(lr);
    }
    let llr: f64 = ln_lr_by_word
        .values()
        .map(|&l| (1.0 - MIXTURE_RATE + MIXTURE_RATE * l.exp()).ln())
        .sum();
    (llr, llr / ln_lr_by_word.len().max(1) as f64)
}

/// Whether `token` lies on one of the `body` lines.
pub fn within(body: &[Range<usize>], token: usize) -> bool {
    body.iter().any(|r| r.contains(&token))
}

/// Compute the features.
pub fn compute(inputs: &FeatureInputs<'_>) -> Features {
    let body = inputs.body;
    let mut words_total = 0usize;
    let mut known = 0usize;
    let mut oov = 0usize;
    let mut backoff = 0usize;
    let mut log10_total = 0.0f64;
    let mut context_gain = 0.0f64;
    let mut sentences = 0usize;
    let mut clause_marks = 0usize;
    for s in inputs.sentences {
        if !within(body, s.tokens.start) {
            continue;
        }
        sentences += 1;
        clause_marks += s
            .tokens
            .clone()
            .filter(|&i| {
                inputs.tokens.token(i).kind == TokenKind::Punct
                    && matches!(inputs.tokens.norm(i), "," | ";" | ":")
            })
            .count();
        for w in &s.words {
            words_total += 1;
            if w.id == 0 {
                oov += 1;
                continue;
            }
            known += 1;
            log10_total += f64::from(w.log10);
            context_gain += f64::from(w.log10 - (inputs.unigram)(w.id));
            if w.ngram_len <= 1 {
                backoff += 1;
            }
        }
        log10_total += f64::from(s.end_log10);
    }
    let per_1k = |x: f64| x * 1000.0 / words_total.max(1) as f64;
    let swaps: Vec<_> = inputs
        .swaps
        .swaps
        .iter()
        .filter(|s| within(body, s.tokens.start))
        .collect();
    let swap_gain: f64 = swaps.iter().map(|s| f64::from(s.gain)).sum();
    let tests: Vec<_> = inputs
        .swaps
        .tests
        .iter()
        .filter(|t| within(body, t.token))
        .collect();
    // The body's own content words: the lines left out (page furniture,
    // the rest of the document around one segment) are not words the
    // search passed over.
    let content_in_body: usize = inputs
        .swaps
        .content_words
        .iter()
        .filter(|&&(start, _)| within(body, start))
        .map(|&(_, n)| n)
        .sum();
    let content = content_in_body.max(tests.len()).max(1);
    let beaten = tests.iter().filter(|t| t.best_gain > 1.0).count();
    // Mixture log-likelihood ratio, "spun at rate pi" against "clean",
    // over every content word (unprobed ones with their own ratio). A word
    // tested at several places counts once, with its best gain: a
    // document's own terms recur ("radio emission" four times in a paper)
    // and the model, which has no memory of the document, finds each
    // occurrence as odd as the first.
    // (A BTreeMap: the sum runs in the same order on every run.)
    let mut best_by_word: BTreeMap<u32, f32> = BTreeMap::new();
    for t in &tests {
        let g = best_by_word.entry(t.word).or_insert(t.best_gain);
        *g = g.max(t.best_gain);
    }
    let mut llr: f64 = best_by_word
        .values()
        .map(|&g| (1.0 - MIXTURE_RATE + MIXTURE_RATE * word_likelihood_ratio(Some(g))).ln())
        .sum();
    let unprobed = content.saturating_sub(tests.len());
    llr += unprobed as f64 * (1.0 - MIXTURE_RATE + MIXTURE_RATE * word_likelihood_ratio(None)).ln();
    // The same mixture over the word model's ratios (tested words only,
    // each distinct word once with its highest ratio).
    let words = words::word_evidence(
        body,
        inputs.sentences,
        &inputs.swaps.tests,
        inputs.tokens,
        inputs.unigram,
    );
    let (word_llr, word_llr_mean) = word_mixture_llr(&words, &words::WHOLE_THESAURUS);
    let (fixed_llr, fixed_llr_mean) = word_mixture_llr(&words, &words::FIXED_TABLE);
    let count = known + sentences;
    let log10_ppl = if count > 0 {
        -log10_total / count as f64
    } else {
        0.0
    };
    Features {
        values: vec![
            per_1k(swaps.len() as f64),
            per_1k(swap_gain),
            beaten as f64 / content as f64,
            llr / content as f64,
            llr.signum() * llr.abs().sqrt(),
            llr,
            context_gain / known.max(1) as f64,
            log10_ppl,
            backoff as f64 / known.max(1) as f64,
            oov as f64 / words_total.max(1) as f64,
            (words_total.max(1) as f64).ln(),
            word_llr_mean,
            word_llr.signum() * word_llr.abs().sqrt(),
            word_llr,
            fixed_llr_mean,
            fixed_llr.signum() * fixed_llr.abs().sqrt(),
            fixed_llr,
            clause_marks as f64 / sentences.max(1) as f64,
        ],
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likelihood_ratio_is_monotone_and_bounded() {
        let (lowest, highest) = (GAIN_LOG10_LR[0].1, GAIN_LOG10_LR[GAIN_LOG10_LR.len() - 1].1);
        let mut last = 0.0;
        for g in [-5.0, 0.0, 0.7, 1.5, 3.0, 4.5, 9.0] {
            let lr = word_likelihood_ratio(Some(g));
            let bounds = 10f64.powf(lowest) - 1e-12..=10f64.powf(highest) + 1e-12;
            assert!(lr >= last && bounds.contains(&lr), "{g}: {lr}");
            last = lr;
        }
        // The table is measured, so only its shape is fixed here: a higher
        // gain is more likely a spinner's, and the lowest and highest
        // gains point opposite ways.
        assert!(GAIN_LOG10_LR
            .windows(2)
            .all(|k| k[0].0 < k[1].0 && k[0].1 <= k[1].1));
        assert!(lowest < 0.0 && highest > 1.0);
        // Knots are hit exactly, and halfway between two is their mean.
        for w in GAIN_LOG10_LR.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            assert!((word_likelihood_ratio(Some(x0 as f32)).log10() - y0).abs() < 1e-9);
            let mid = ((x0 + x1) / 2.0) as f32;
            assert!((word_likelihood_ratio(Some(mid)).log10() - (y0 + y1) / 2.0).abs() < 1e-6);
        }
        assert!(word_likelihood_ratio(None) < 1.0);
    }

    #[test]
    fn dictionary_probability_is_a_noisy_or_of_distinct_phrases() {
        let short = 200;
        assert_eq!(dictionary_probability([], short), 0.0);
        let one = dictionary_probability([("a b", 0.5)], short);
        assert!((one - 0.5).abs() < 1e-12);
        // The same phrase again adds nothing; another one does.
        let again = dictionary_probability([("a b", 0.5), ("a b", 0.4)], short);
        assert!((again - 0.5).abs() < 1e-12);
        let two = dictionary_probability([("a b", 0.5), ("c d", 0.5)], short);
        assert!((two - 0.75).abs() < 1e-12);
        // A certain witness stays certain at any length.
        assert_eq!(dictionary_probability([("a b", 1.0)], 1_000_000), 1.0);
    }

    #[test]
    fn dictionary_probability_of_a_long_body_follows_the_density_of_hits() {
        let names: Vec<String> = (0..40).map(|i| format!("w{i} x")).collect();
        let hits = |n: usize| names[..n].iter().map(|s| (s.as_str(), 0.3));
        let at_reference = dictionary_probability(hits(2), DICTIONARY_REFERENCE_WORDS);
        assert!((at_reference - 0.51).abs() < 1e-12);
        // Twenty times the words with twenty times the hits: the same.
        let long = dictionary_probability(hits(40), 20 * DICTIONARY_REFERENCE_WORDS);
        assert!((long - at_reference).abs() < 1e-9, "{long} {at_reference}");
        // The same two hits in a body twenty times as long weigh less,
        // and more words never raise the probability.
        let diluted = dictionary_probability(hits(2), 20 * DICTIONARY_REFERENCE_WORDS);
        assert!(diluted < 0.05, "{diluted}");
        let mut last = 1.0;
        for words in [10, 500, 1000, 1001, 5000, 1_000_000] {
            let p = dictionary_probability(hits(2), words);
            assert!(p <= last && p > 0.0, "{words}: {p}");
            last = p;
        }
    }

    #[test]
    fn word_model_features_rank_a_spun_twin_above_the_clean_one() {
        let mut b = crate::DetectorBuilder::new();
        b.builtin_dictionary(false).neutral_weights();
        let d = b.build().expect("built-in detector");
        let feature = |text: &str, name: &str| {
            let f = d.analyze(text).features.expect("scored");
            let k = FEATURE_NAMES
                .iter()
                .position(|n| *n == name)
                .expect("feature");
            f.values[k]
        };
        // Both pairs of the spun twin are swapped jointly, and the word
        // models see only each word's own swaps and phrases (a pair's gain
        // is not one of their columns, see `scripts/word_model.py`): the
        // twin still stands above its original under both.
        for (name, margin) in [
            ("word_model_llr_total", 0.1),
            ("fixed_model_llr_total", 0.5),
        ] {
            let total = |text: &str| feature(text, name);
            let spun = total(words::tests::SPUN_TWIN);
            let clean = total(words::tests::CLEAN_TWIN);
            assert!(
                spun > clean + margin && clean < 0.0,
                "{name}: {spun} {clean}"
            );
        }
    }

    #[test]
    fn clause_marks_are_counted_per_body_sentence_and_a_spun_twin_keeps_them() {
        let mut b = crate::DetectorBuilder::new();
        b.builtin_dictionary(false).neutral_weights();
        let d = b.build().expect("built-in detector");
        let k = FEATURE_NAMES
            .iter()
            .position(|n| *n == "clause_marks_per_sentence")
            .expect("feature");
        let marks = |text: &str| d.analyze(text).features.expect("scored").values[k];
        // Two sentences, six marks (a full stop, a dash and a quotation
        // mark are none of them).
        let text = "The vicar, who had walked from the village, sat down; \
                    his sister stayed at the door. She said one thing: \
                    \"the road is long\" - and then, smiling, nothing more.";
        assert_eq!(marks(text), 3.0);
        assert_eq!(
            marks(words::tests::SPUN_TWIN),
            marks(words::tests::CLEAN_TWIN)
        );
    }

    #[test]
    fn names_match_values() {
        let swaps = SwapFindings::default();
        let f = compute(&FeatureInputs {
            body: &[],
            sentences: &[],
            swaps: &swaps,
            unigram: &|_| -5.0,
            tokens: &crate::text::tokenize::tokenize(""),
        });
        assert_eq!(f.values.len(), FEATURE_NAMES.len());
        assert_eq!(FEATURE_SIGNS.len(), FEATURE_NAMES.len());
        assert!(f.values.iter().all(|v| v.is_finite()));
    }
}
