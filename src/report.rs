//! What scoring one document returns, and its wire format.
//!
//! A [`Report`] serialises (with serde) to the JSON object that `unspun
//! score` prints, one per input document:
//!
//! | field | type | meaning |
//! |---|---|---|
//! | `score` | number in [0, 1] or null | probability that the document is spun; null unless `label` is `spun` or `clean` |
//! | `label` | string | `spun` (score >= threshold), `clean`, `skipped` (not English, too short: see `reason`), `empty` (no words), `error` (could not be read: see `error`) |
//! | `lang` | string or null | ISO 639-3 code of the detected language (`eng`), null when not detected |
//! | `tokens` | integer | word and number tokens in the document |
//! | `perplexity` | number or null | language-model perplexity of the English part, OOVs excluded; null when nothing was scored |
//! | `mt` | number in [0, 1], optional | probability that the document is machine translated (absent unless scored; `--no-mt` leaves it out) |
//! | `evidence` | array | pieces of evidence, in text order (below) |
//! | `reason` | string, optional | why the document was skipped |
//! | `segments` | array, optional | with `--segments`: `{start, end, score, tokens}` per paragraph |
//!
//! Each piece of evidence is `{start, end, text, kind, suggestion, weight}`,
//! and `gain` for a swap and for a phrase hit checked in its sentence:
//! `start`/`end` are Unicode character offsets into the original text (end
//! exclusive), `text` is that slice, `kind` is `phrase` (a dictionary hit),
//! `swap` (a synonym would make the window far more likely) or `lm` (an
//! improbable window), `suggestion` is the likely original (null when
//! unknown), `weight` in (0, 1] is how strongly it points to spinning (for
//! a swap or a window, the probability that its span holds a word a spinner
//! wrote, from its gain or log10 and the word models' ratios of its words:
//! [`crate::detector::Weighing`]), and `gain` is how much more likely,
//! in log10, the swap's suggestion makes the window, or the phrase hit's
//! original makes its sentence ([`crate::dict::context`]: the hit keeps its
//! entry's weight from a gain of 1 up).

use serde::Serialize;

/// The verdict on one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Scored at or above the threshold.
    Spun,
    /// Scored below the threshold.
    Clean,
    /// Not scored: not English, or too short to judge.
    Skipped,
    /// No words at all.
    Empty,
    /// The input could not be read.
    Error,
}

impl Label {
    /// The label as written in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Spun => "spun",
            Label::Clean => "clean",
            Label::Skipped => "skipped",
            Label::Empty => "empty",
            Label::Error => "error",
        }
    }
}

/// What kind of evidence a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// A phrase from the dictionary of known spun phrases.
    Phrase,
    /// A synonym swap that makes the window far more likely.
    Swap,
    /// A window the language model finds improbable.
    Lm,
}

impl EvidenceKind {
    /// The kind as written in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Phrase => "phrase",
            EvidenceKind::Swap => "swap",
            EvidenceKind::Lm => "lm",
        }
    }
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Start, in Unicode characters from the start of the document.
    pub start: usize,
    /// End (exclusive), in Unicode characters.
    pub end: usize,
    /// The original text of the span.
    pub text: String,
    /// What kind of evidence this is.
    pub kind: EvidenceKind,
    /// The likely original phrase, when known.
    pub suggestion: Option<String>,
    /// How strongly this points to spinning, in (0, 1].
    pub weight: f64,
    /// For a swap: how much more likely, in log10, the suggestion makes
    /// the window; for a phrase hit checked in its sentence
    /// ([`crate::dict::context`]): how much more likely the original makes
    /// it (written only when known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gain: Option<f64>,
}

/// The score of one paragraph (with `--segments`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentScore {
    /// Start, in Unicode characters.
    pub start: usize,
    /// End (exclusive), in Unicode characters.
    pub end: usize,
    /// Spin probability of the segment alone, null when not scored.
    pub score: Option<f64>,
    /// Word and number tokens in the segment.
    pub tokens: usize,
    /// Language-model perplexity of the segment, OOVs excluded (null when
    /// no word was scored).
    pub perplexity: Option<f64>,
}

/// The result of scoring one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Probability in [0, 1] that the document is spun (null when not
    /// scored).
    pub score: Option<f64>,
    /// The verdict.
    pub label: Label,
    /// ISO 639-3 code of the language the gate found at the document's
    /// opening; of a scored document, `eng` or `None` (one that opens in
    /// another language is scored, as English, only when English lines
    /// hold most of it).
    pub lang: Option<String>,
    /// Word and number tokens.
    pub tokens: usize,
    /// Perplexity of the English part under the language model, OOVs
    /// excluded.
    pub perplexity: Option<f64>,
    /// Probability that the document is machine translated (see
    /// [`crate::mt`]); absent when not scored or turned off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mt: Option<f64>,
    /// Evidence, in text order.
    pub evidence: Vec<Evidence>,
    /// Why the document was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Per-paragraph scores, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<Vec<SegmentScore>>,
    /// The document features behind the score, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Report {
    /// A report with the given label and nothing else.
    pub fn bare(label: Label, tokens: usize) -> Report {
        Report {
            score: None,
            label,
            lang: None,
            tokens,
            perplexity: None,
            mt: None,
            evidence: Vec::new(),
            reason: None,
            segments: None,
            features: None,
        }
    }
}
