//! A dictionary hit checked in its sentence: does the phrase it replaced
//! make the words around it likelier?
//!
//! An entry lists a phrase that is spinner output in most places, but some
//! are ordinary English in others: "particular election" stands for
//! "special election" where a seat is to be filled, and is the author's own
//! in "voters in this particular election". The language model tells the
//! two apart where the entry's original phrase would go: the *context
//! gain* of a hit is the log10 probability of the sentence with the
//! original put in, less that of the sentence as written. Only the phrase
//! and the words whose context it is (the model's order less one after it,
//! and `</s>` when they reach the end) differ between the two.
//!
//! A hit keeps its entry's weight when the original makes that stretch
//! [`FULL_WEIGHT_GAIN`] (ten times) likelier or more, none when it makes
//! it no likelier, and a share in between. Only the lists of spun
//! collocations are checked (sources `curated` and `mined`): tortured
//! phrases (`pps`) stand for scientific terms that a model of news knows
//! less well than the words of the tortured phrase, and a user's own
//! entries are taken at their word.

use std::ops::Range;

use crate::dict::Source;
use crate::lm::{Model, State};
use crate::scored::ScoredSentence;
use crate::text::normalize::words_for_model;

/// Context gain (log10) from which a hit keeps its entry's whole weight.
pub const FULL_WEIGHT_GAIN: f32 = 1.0;

/// The context gain of a hit on `tokens` (token indices of the document)
/// whose entry's original phrase is `original`: `None` when the model
/// cannot judge it (no original, a word of either phrase unknown to the
/// model, a hit outside the scored sentences).
pub fn context_gain(
    model: &Model,
    sentences: &[ScoredSentence],
    tokens: &Range<usize>,
    original: &str,
) -> Option<f32> {
    let sentence = sentences
        .iter()
        .find(|s| s.tokens.start <= tokens.start && tokens.start < s.tokens.end)?;
    let words = &sentence.words;
    let first = words.iter().position(|w| w.token >= tokens.start)?;
    let past = words
        .iter()
        .position(|w| w.token >= tokens.end)
        .unwrap_or(words.len());
    if first >= past || words[first..past].iter().any(|w| w.id == 0) {
        return None;
    }
    let replacement: Vec<_> = words_for_model(original)
        .iter()
        .map(|w| model.index(w))
        .collect();
    if replacement.is_empty() || replacement.contains(&0) {
        return None;
    }
    let follow = model.order().saturating_sub(1);
    let written = sentence.window_log10(first, past, follow);
    let (after, with_end) = sentence.following(past, follow);
    let mut state = words[first].state_before;
    let mut next = State::default();
    let mut other = 0.0f32;
    let following = words[after].iter().map(|w| w.id);
    let closing = with_end.then(|| model.end_sentence_id());
    for id in replacement.into_iter().chain(following).chain(closing) {
        other += model.score(&state, id, &mut next);
        state = next;
    }
    Some(other - written)
}

/// Whether hits of entries from `source` are checked in their sentence.
pub fn is_checked(source: Source) -> bool {
    matches!(source, Source::Curated | Source::Mined)
}

/// The share of its entry's weight a checked hit keeps, given its context
/// gain (`None`: not judged, the whole weight).
pub fn weight_share(gain: Option<f32>) -> f64 {
    gain.map_or(1.0, |g| f64::from((g / FULL_WEIGHT_GAIN).clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scored::score_sentences;
    use crate::text::tokenize::tokenize;

    /// The context gain of the first occurrence of `phrase` in the
    /// one-sentence `text`, put back as `original`.
    fn gain(model: &Model, text: &str, phrase: &str, original: &str) -> Option<f32> {
        let tokens = tokenize(text);
        let whole = 0..tokens.len();
        let scored = score_sentences(model, &tokens, std::slice::from_ref(&whole));
        let words: Vec<&str> = phrase.split(' ').collect();
        let start = (0..tokens.len())
            .find(|&i| {
                words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| i + k < tokens.len() && tokens.norm(i + k) == *w)
            })
            .expect("phrase in text");
        context_gain(model, &scored, &(start..start + words.len()), original)
    }

    #[test]
    fn the_sentence_decides_whether_a_listed_phrase_was_spun() {
        let model = Model::builtin().unwrap();
        // Spun: a seat is filled by a special election.
        let spun = gain(
            &model,
            "The governor called a particular election to fill the seat.",
            "particular election",
            "special election",
        )
        .unwrap();
        // The author's: "this particular election" is ordinary English.
        let own = gain(
            &model,
            "Voters in this particular election stayed home.",
            "particular election",
            "special election",
        )
        .unwrap();
        assert!(spun >= FULL_WEIGHT_GAIN, "spun context gain {spun}");
        assert!(own <= 0.0, "own context gain {own}");
        assert_eq!(weight_share(Some(spun)), 1.0);
        assert_eq!(weight_share(Some(own)), 0.0);
        assert!((weight_share(Some(FULL_WEIGHT_GAIN / 4.0)) - 0.25).abs() < 1e-6);
        // Tortured phrases and a user's entries keep their weight whatever
        // the news model says.
        assert!(is_checked(Source::Curated) && is_checked(Source::Mined));
        assert!(!is_checked(Source::Pps) && !is_checked(Source::User));
    }

    #[test]
    fn a_phrase_at_the_end_of_a_sentence_is_scored_through_its_end() {
        let model = Model::builtin().unwrap();
        let g = gain(
            &model,
            "The board asked the lawyer normal",
            "lawyer normal",
            "attorney general",
        )
        .unwrap();
        assert!(g > FULL_WEIGHT_GAIN, "{g}");
    }

    #[test]
    fn words_the_model_does_not_know_leave_the_hit_unjudged() {
        let model = Model::builtin().unwrap();
        let text = "They met the lawyer normal yesterday.";
        assert!(gain(&model, text, "lawyer normal", "attorney qzxvw").is_none());
        assert!(gain(&model, text, "lawyer normal", "").is_none());
        assert_eq!(weight_share(None), 1.0);
    }
}
