//! One pass of the language model over a document's sentences.
//!
//! Every later stage (perplexity, improbable windows, swap evidence,
//! features) reads the result of this one pass instead of asking the model
//! again: per model word, its token, id, log10 probability, the n-gram
//! length used, and the model state before it (so that a swap can be
//! scored from that state without rescoring the sentence).

use std::ops::Range;

use crate::lm::{Model, State, WordId};
use crate::text::normalize::model_word;
use crate::text::tokenize::Tokens;

/// One word of a sentence as the model saw it.
#[derive(Debug, Clone, Copy)]
pub struct ScoredWord {
    /// Index of the token in the document's [`Tokens`].
    pub token: usize,
    /// Model word id (0 = unknown).
    pub id: WordId,
    /// log10 P(word | context).
    pub log10: f32,
    /// Length of the n-gram that matched (1 = unigram, after backing off).
    pub ngram_len: u8,
    /// The model state before this word.
    pub state_before: State,
}

/// A scored sentence.
#[derive(Debug, Clone)]
pub struct ScoredSentence {
    /// Token range of the sentence in the document.
    pub tokens: Range<usize>,
    /// The sentence's model words, in order.
    pub words: Vec<ScoredWord>,
    /// log10 P(`</s>` | end of sentence).
    pub end_log10: f32,
    /// State after the last word (before `</s>`).
    pub state_after: State,
}

impl ScoredSentence {
    /// The words whose context a span ending before word `past` is part
    /// of: the `follow` words after it (the model's order less one), cut
    /// at the last word, and whether `</s>` is among them too.
    pub fn following(&self, past: usize, follow: usize) -> (Range<usize>, bool) {
        let reach = past + follow;
        (past..reach.min(self.words.len()), reach > self.words.len())
    }

    /// log10 of words `start..past` as scored and of the words that
    /// [follow](Self::following) them, `</s>` included when reached: what
    /// putting other words in for `start..past` can change.
    pub fn window_log10(&self, start: usize, past: usize, follow: usize) -> f32 {
        let (after, with_end) = self.following(past, follow);
        let words: f32 = self.words[start..after.end].iter().map(|w| w.log10).sum();
        if with_end {
            words + self.end_log10
        } else {
            words
        }
    }

    /// Total log10 probability, unknown words excluded, `</s>` included.
    pub fn log10_known(&self) -> f64 {
        self.words
            .iter()
            .filter(|w| w.id != 0)
            .map(|w| f64::from(w.log10))
            .sum::<f64>()
            + f64::from(self.end_log10)
    }

    /// Known words plus `</s>`: the count perplexity divides by.
    pub fn known_count(&self) -> usize {
        self.words.iter().filter(|w| w.id != 0).count() + 1
    }
}

/// Score each sentence (token range) of `tokens` with `model`, `<s>` and
/// `</s>` around each. Sentences without a model word are left out.
///
/// All words are looked up at once and the sentences scored in one batched
/// pass ([`Model::score_sentences_stepwise`]), so that the model's cache
/// misses overlap; the values and states are those of scoring word by word.
pub fn score_sentences(
    model: &Model,
    tokens: &Tokens,
    sentences: &[Range<usize>],
) -> Vec<ScoredSentence> {
    // Each sentence's model words (token, word), and their ids in one run.
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut kept: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(sentences.len());
    for range in sentences {
        let from = words.len();
        words.extend(
            range
                .clone()
                .filter_map(|i| Some((i, model_word(tokens, i)?))),
        );
        if words.len() > from {
            kept.push((range.clone(), from..words.len()));
        }
    }
    let mut ids: Vec<WordId> = Vec::with_capacity(words.len());
    model.index_words(words.iter().map(|(_, w)| w.as_bytes()), &mut ids);
    let slices: Vec<&[WordId]> = kept.iter().map(|(_, w)| &ids[w.clone()]).collect();
    let mut out: Vec<ScoredSentence> = kept
        .iter()
        .map(|(range, w)| ScoredSentence {
            tokens: range.clone(),
            words: Vec::with_capacity(w.len()),
            end_log10: 0.0,
            state_after: State::default(),
        })
        .collect();
    model.score_sentences_stepwise(&slices, true, true, |i, k, id, scored, state| {
        let sentence = &mut out[i];
        let own = &kept[i].1;
        if k < own.len() {
            sentence.words.push(ScoredWord {
                token: words[own.start + k].0,
                id,
                log10: scored.log10,
                ngram_len: scored.ngram_len,
                state_before: *state,
            });
        } else {
            sentence.end_log10 = scored.log10;
            sentence.state_after = *state;
        }
    });
    out
}

/// Perplexity over scored sentences, unknown words excluded (KenLM's
/// "perplexity excluding OOVs"); `None` when nothing was scored.
pub fn perplexity<'a>(sentences: impl IntoIterator<Item = &'a ScoredSentence>) -> Option<f64> {
    let (mut total, mut n) = (0.0, 0usize);
    for s in sentences {
        total += s.log10_known();
        n += s.known_count();
    }
    (n > 0).then(|| 10f64.powf(-total / n as f64))
}
