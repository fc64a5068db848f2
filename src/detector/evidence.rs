//! The evidence of a report: the phrase dictionary's hits, the swaps and
//! the least likely windows, each with its offsets and text.

use std::collections::HashMap;
use std::ops::Range;

use super::{evidence_weight, round4, Detector, LM_WINDOW_LOG10, MAX_LM_EVIDENCE};
use crate::dict::context;
use crate::features::words;
use crate::report::{Evidence, EvidenceKind, Report};
use crate::scored::ScoredSentence;
use crate::swap::SwapFindings;
use crate::text::tokenize::Tokens;

/// A phrase-dictionary hit the score counts: its token range, its weight
/// and the entry's spun phrase.
pub(super) type PhraseHit<'d> = (Range<usize>, f64, &'d str);

impl Detector {
    /// The phrase dictionary's hits, each checked in its sentence
    /// (`dict::context`): one the context does not support is dropped.
    /// Each hit kept is evidence too.
    pub(super) fn phrase_evidence(
        &self,
        text: &str,
        tokens: &Tokens,
        scored: &[ScoredSentence],
        report: &mut Report,
    ) -> Vec<PhraseHit<'_>> {
        let mut phrases: Vec<PhraseHit<'_>> = Vec::new();
        if let Some(dict) = &self.inner.dict {
            for hit in dict.find(tokens) {
                let entry = hit.entry;
                let gain = context::is_checked(entry.source)
                    .then(|| {
                        context::context_gain(
                            &self.inner.model,
                            scored,
                            &hit.tokens,
                            &entry.original,
                        )
                    })
                    .flatten();
                let weight = round4(f64::from(entry.weight) * context::weight_share(gain));
                if weight <= 0.0 {
                    continue;
                }
                let (start, end, span_text) = span(text, tokens, hit.tokens.clone());
                phrases.push((hit.tokens.clone(), weight, entry.spun.as_str()));
                report.evidence.push(Evidence {
                    start,
                    end,
                    suggestion: (!entry.original.is_empty())
                        .then(|| cased(&span_text, &entry.original)),
                    text: span_text,
                    kind: EvidenceKind::Phrase,
                    weight,
                    gain: gain.map(gain_reported),
                });
            }
        }
        phrases
    }
}

/// What a piece of evidence from the model was weighed by, besides the
/// word models' ratios.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Weighed {
    /// A swap, by its adjusted gain in log10.
    Swap {
        /// The gain.
        gain: f32,
    },
    /// One of the least likely windows, by its log10 probability.
    Lm {
        /// The window's log10 probability (its three words in context).
        log10: f32,
    },
}

/// A swap or a least likely window shown as evidence, and what its weight
/// was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighing {
    /// Unicode character offset of the span's start.
    pub start: usize,
    /// Unicode character offset of the span's end (exclusive).
    pub end: usize,
    /// The kind of evidence and its own measure.
    pub what: Weighed,
    /// Natural log of the highest likelihood ratio, "replaced by a spinner"
    /// against "written by the author", that the whole-thesaurus word model
    /// gives a word of the span (0 when no word of it was tested).
    pub ln_lr_whole: f64,
    /// The same by the fixed-table word model.
    pub ln_lr_fixed: f64,
}

impl Weighing {
    /// The evidence's weight: the probability, by a logistic model fitted
    /// on the calibration documents (`scripts/evidence-weight.sh`), that
    /// its span holds a word a spinner wrote.
    pub fn weight(&self) -> f64 {
        let z = match self.what {
            Weighed::Swap { gain } => {
                evidence_weight::SWAP_INTERCEPT
                    + evidence_weight::SWAP_GAIN * f64::from(gain)
                    + evidence_weight::SWAP_LN_LR_WHOLE * self.ln_lr_whole
                    + evidence_weight::SWAP_LN_LR_FIXED * self.ln_lr_fixed
            }
            Weighed::Lm { log10 } => {
                evidence_weight::LM_INTERCEPT
                    + evidence_weight::LM_LOG10 * f64::from(log10)
                    + evidence_weight::LM_LN_LR_WHOLE * self.ln_lr_whole
                    + evidence_weight::LM_LN_LR_FIXED * self.ln_lr_fixed
            }
        };
        1.0 / (1.0 + (-z).exp())
    }
}

/// The highest ratio of each word model over the tested words of `range`
/// (0 for a model when none was tested).
fn highest_ratios(ratios: &HashMap<usize, [f64; 2]>, range: Range<usize>) -> [f64; 2] {
    let mut best: [Option<f64>; 2] = [None, None];
    for r in range.filter_map(|t| ratios.get(&t)) {
        for k in 0..2 {
            best[k] = Some(best[k].map_or(r[k], |b| b.max(r[k])));
        }
    }
    best.map(|b| b.unwrap_or(0.0))
}

/// Each tested word's natural-log likelihood ratios by the two word models
/// (whole thesaurus, fixed table), by token, over `lines`.
pub(super) fn word_ratios(
    lines: &[Range<usize>],
    scored: &[ScoredSentence],
    findings: &SwapFindings,
    tokens: &Tokens,
    unigram: &dyn Fn(u32) -> f32,
) -> HashMap<usize, [f64; 2]> {
    words::word_evidence(lines, scored, &findings.tests, tokens, unigram)
        .iter()
        .map(|w| {
            (
                w.test.token,
                [
                    w.ln_likelihood_ratio_in(&words::WHOLE_THESAURUS),
                    w.ln_likelihood_ratio_in(&words::FIXED_TABLE),
                ],
            )
        })
        .collect()
}

/// The swaps the search found, as evidence, but those that overlap a
/// phrase hit (the dictionary's entry says more), each weighed by its gain
/// and the word models' `ratios` of its words (see [`Weighing`]).
pub(super) fn push_swaps(
    text: &str,
    tokens: &Tokens,
    findings: &SwapFindings,
    phrases: &[PhraseHit<'_>],
    ratios: &HashMap<usize, [f64; 2]>,
    report: &mut Report,
) -> Vec<Weighing> {
    let mut weighed = Vec::new();
    for sw in &findings.swaps {
        let (start, end, span_text) = span(text, tokens, sw.tokens.clone());
        let overlaps_phrase = phrases
            .iter()
            .any(|(r, _, _)| sw.tokens.start < r.end && r.start < sw.tokens.end);
        if overlaps_phrase {
            continue;
        }
        let [ln_lr_whole, ln_lr_fixed] = highest_ratios(ratios, sw.tokens.clone());
        let w = Weighing {
            start,
            end,
            what: Weighed::Swap { gain: sw.gain },
            ln_lr_whole,
            ln_lr_fixed,
        };
        report.evidence.push(Evidence {
            start,
            end,
            suggestion: Some(cased(&span_text, &sw.suggestion)),
            text: span_text,
            kind: EvidenceKind::Swap,
            weight: round4(w.weight()),
            gain: Some(gain_reported(sw.gain)),
        });
        weighed.push(w);
    }
    weighed
}

/// The least likely windows of three lower-case known words, each weighed
/// by its log10 and the word models' `ratios` of its words.
pub(super) fn push_lm(
    text: &str,
    tokens: &Tokens,
    scored: &[ScoredSentence],
    ratios: &HashMap<usize, [f64; 2]>,
    report: &mut Report,
) -> Vec<Weighing> {
    let mut windows: Vec<(f32, Range<usize>)> = Vec::new();
    for s in scored {
        for w in s.words.windows(3) {
            let plain = w
                .iter()
                .all(|x| x.id != 0 && !tokens.token(x.token).is_capitalized);
            if !plain || w[2].token != w[0].token + 2 {
                continue;
            }
            let total: f32 = w.iter().map(|x| x.log10).sum();
            if total < LM_WINDOW_LOG10 {
                windows.push((total, w[0].token..w[2].token + 1));
            }
        }
    }
    windows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut kept: Vec<(f32, Range<usize>)> = Vec::new();
    for (total, r) in windows {
        if kept.len() >= MAX_LM_EVIDENCE {
            break;
        }
        if kept
            .iter()
            .all(|(_, k)| r.end <= k.start || r.start >= k.end)
        {
            kept.push((total, r));
        }
    }
    let mut weighed = Vec::new();
    for (total, r) in kept {
        let (start, end, span_text) = span(text, tokens, r.clone());
        let [ln_lr_whole, ln_lr_fixed] = highest_ratios(ratios, r);
        let w = Weighing {
            start,
            end,
            what: Weighed::Lm { log10: total },
            ln_lr_whole,
            ln_lr_fixed,
        };
        report.evidence.push(Evidence {
            start,
            end,
            text: span_text,
            kind: EvidenceKind::Lm,
            suggestion: None,
            weight: round4(w.weight()),
            gain: None,
        });
        weighed.push(w);
    }
    weighed
}

/// A gain in log10 as reported: two decimals.
fn gain_reported(gain: f32) -> f64 {
    (f64::from(gain) * 100.0).round() / 100.0
}

/// Character offsets and text of a token range.
pub(super) fn span(text: &str, tokens: &Tokens, range: Range<usize>) -> (usize, usize, String) {
    (
        tokens.token(range.start).chars.start,
        tokens.token(range.end - 1).chars.end,
        text[tokens.bytes_of(&range)].to_string(),
    )
}

/// Keep the suggestion's case in line with the original's first letter.
fn cased(original: &str, suggestion: &str) -> String {
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut c = suggestion.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    } else {
        suggestion.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weighing(what: Weighed, ln_lr_whole: f64, ln_lr_fixed: f64) -> Weighing {
        Weighing {
            start: 0,
            end: 1,
            what,
            ln_lr_whole,
            ln_lr_fixed,
        }
    }

    /// The fitted weights are probabilities that rise with the evidence:
    /// a swap's gain, a window's improbability and each word model's
    /// ratio. More evidence never weighs less.
    #[test]
    fn weights_rise_with_each_input() {
        let swap = |g: f32| Weighed::Swap { gain: g };
        let lm = |l: f32| Weighed::Lm { log10: l };
        for (base, stronger) in [(swap(2.0), swap(5.0)), (lm(-13.0), lm(-18.0))] {
            let w = weighing(base, 0.0, 0.0).weight();
            assert!(w > 0.0 && w < 1.0, "{w}");
            assert!(weighing(stronger, 0.0, 0.0).weight() > w);
            assert!(weighing(base, 2.0, 0.0).weight() > w);
            assert!(weighing(base, 0.0, 2.0).weight() > w);
            assert!(weighing(base, -3.0, -3.0).weight() < w);
        }
        let strongest = weighing(swap(12.0), 6.0, 6.0).weight();
        assert!(strongest > 0.9 && strongest < 1.0, "{strongest}");
    }

    #[test]
    fn highest_ratio_of_each_model_over_the_span() {
        let ratios: HashMap<usize, [f64; 2]> =
            [(3, [-1.0, 2.0]), (4, [0.5, -2.0]), (9, [5.0, 5.0])].into();
        assert_eq!(highest_ratios(&ratios, 3..5), [0.5, 2.0]);
        assert_eq!(highest_ratios(&ratios, 5..9), [0.0, 0.0]);
    }
}
