//! The evidence of a report: the phrase dictionary's hits, the swaps and
//! the least likely windows, each with its offsets and text.

use std::ops::Range;

use super::{round4, Detector, LM_WINDOW_LOG10, MAX_LM_EVIDENCE};
use crate::dict::context;
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

/// The swaps the search found, as evidence, but those that overlap a
/// phrase hit (the dictionary's entry says more).
pub(super) fn push_swaps(
    text: &str,
    tokens: &Tokens,
    findings: &SwapFindings,
    phrases: &[PhraseHit<'_>],
    report: &mut Report,
) {
    for sw in &findings.swaps {
        let (start, end, span_text) = span(text, tokens, sw.tokens.clone());
        let overlaps_phrase = phrases
            .iter()
            .any(|(r, _, _)| sw.tokens.start < r.end && r.start < sw.tokens.end);
        if overlaps_phrase {
            continue;
        }
        report.evidence.push(Evidence {
            start,
            end,
            suggestion: Some(cased(&span_text, &sw.suggestion)),
            text: span_text,
            kind: EvidenceKind::Swap,
            weight: round4(1.0 / (1.0 + (-(f64::from(sw.gain) - 4.0)).exp())),
            gain: Some(gain_reported(sw.gain)),
        });
    }
}

/// The least likely windows of three lower-case known words.
pub(super) fn push_lm(text: &str, tokens: &Tokens, scored: &[ScoredSentence], report: &mut Report) {
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
    for (total, r) in kept {
        let (start, end, span_text) = span(text, tokens, r);
        let weight = round4((f64::from(LM_WINDOW_LOG10 - total) / 6.0).clamp(0.05, 1.0));
        report.evidence.push(Evidence {
            start,
            end,
            text: span_text,
            kind: EvidenceKind::Lm,
            suggestion: None,
            weight,
            gain: None,
        });
    }
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
