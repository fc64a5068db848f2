//! The [`Detector`]: owns every component and knows the order in which a
//! document passes through them.

use std::path::PathBuf;
use std::sync::Arc;

use crate::dict::{Dictionary, DictionaryBuilder};
use crate::error::Result;
use crate::lang;
use crate::report::{Evidence, EvidenceKind, Label, Report};
use crate::text::tokenize::{tokenize, Tokens};

/// Documents with fewer word tokens than this are skipped as too short.
pub const MIN_TOKENS: usize = 8;

/// The default decision threshold on the score.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Builds a [`Detector`].
#[derive(Debug, Clone)]
pub struct DetectorBuilder {
    use_builtin_dict: bool,
    dictionaries: Vec<PathBuf>,
    threshold: f64,
    check_language: bool,
}

impl Default for DetectorBuilder {
    fn default() -> Self {
        DetectorBuilder {
            use_builtin_dict: true,
            dictionaries: Vec::new(),
            threshold: DEFAULT_THRESHOLD,
            check_language: true,
        }
    }
}

impl DetectorBuilder {
    /// A builder with the built-in defaults.
    pub fn new() -> DetectorBuilder {
        DetectorBuilder::default()
    }

    /// Use the built-in phrase dictionary (default: yes).
    pub fn builtin_dictionary(&mut self, yes: bool) -> &mut Self {
        self.use_builtin_dict = yes;
        self
    }

    /// Add a user dictionary file (TSV, see [`crate::dict`]).
    pub fn dictionary(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.dictionaries.push(path.into());
        self
    }

    /// The score at or above which a document is labelled `spun`.
    pub fn threshold(&mut self, threshold: f64) -> &mut Self {
        self.threshold = threshold;
        self
    }

    /// Skip documents that are not English (default: yes).
    pub fn check_language(&mut self, yes: bool) -> &mut Self {
        self.check_language = yes;
        self
    }

    /// Load every component and build the detector.
    ///
    /// # Errors
    /// A dictionary, model or thesaurus that cannot be read or is malformed;
    /// a threshold outside [0, 1].
    pub fn build(&self) -> Result<Detector> {
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(crate::Error::config(format!(
                "threshold must be between 0 and 1, got {}",
                self.threshold
            )));
        }
        let dict = if self.use_builtin_dict || !self.dictionaries.is_empty() {
            let mut b = DictionaryBuilder::new();
            if self.use_builtin_dict {
                b.add_builtin()?;
            }
            for p in &self.dictionaries {
                b.add_file(p)?;
            }
            Some(b.build()?)
        } else {
            None
        };
        Ok(Detector {
            inner: Arc::new(Inner {
                dict,
                threshold: self.threshold,
                check_language: self.check_language,
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    dict: Option<Dictionary>,
    threshold: f64,
    check_language: bool,
}

/// Scores documents. Cheap to clone; `Send + Sync`, so one detector serves
/// every thread.
#[derive(Debug, Clone)]
pub struct Detector {
    inner: Arc<Inner>,
}

/// Round to 4 decimals, for output.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Character offsets of a token range, as an evidence span.
fn span(text: &str, tokens: &Tokens, range: std::ops::Range<usize>) -> (usize, usize, String) {
    let first = tokens.token(range.start);
    let last = tokens.token(range.end - 1);
    (
        first.chars.start,
        last.chars.end,
        text[first.bytes.start..last.bytes.end].to_string(),
    )
}

impl Detector {
    /// A detector with every built-in component.
    ///
    /// # Errors
    /// Only if a built-in table is broken (a build problem, tested).
    pub fn new() -> Result<Detector> {
        DetectorBuilder::new().build()
    }

    /// The decision threshold.
    pub fn threshold(&self) -> f64 {
        self.inner.threshold
    }

    /// Score one document. Never fails: problems are in the report's label.
    pub fn score(&self, text: &str) -> Report {
        let tokens = tokenize(text);
        let words = tokens.word_count();
        if words == 0 {
            return Report::bare(Label::Empty, 0);
        }
        let mut report = Report::bare(Label::Clean, words);
        if self.inner.check_language {
            match lang::detect(text) {
                Some(d) if d.is_english() => report.lang = Some(d.code.to_string()),
                Some(d) => {
                    report.lang = Some(d.code.to_string());
                    report.label = Label::Skipped;
                    report.reason = Some(format!("not English ({})", d.code));
                    return report;
                }
                None => {}
            }
        }
        if words < MIN_TOKENS {
            report.label = Label::Skipped;
            report.reason = Some(format!(
                "too short ({words} words, at least {MIN_TOKENS} needed)"
            ));
            return report;
        }
        let mut phrase_mass = 0.0;
        if let Some(dict) = &self.inner.dict {
            for hit in dict.find(&tokens) {
                let entry = hit.entry;
                let weight = round4(f64::from(entry.weight));
                let (start, end, span_text) = span(text, &tokens, hit.tokens.clone());
                phrase_mass += weight;
                report.evidence.push(Evidence {
                    start,
                    end,
                    text: span_text,
                    kind: EvidenceKind::Phrase,
                    suggestion: (!entry.original.is_empty()).then(|| entry.original.clone()),
                    weight,
                });
            }
        }
        let per_1k = phrase_mass * 1000.0 / words as f64;
        // Interim score until the calibrated combiner: saturating in the
        // density of dictionary evidence.
        let score = 1.0 - (-per_1k / 10.0).exp();
        report.score = Some(round4(score));
        report.label = if score >= self.inner.threshold {
            Label::Spun
        } else {
            Label::Clean
        };
        report.evidence.sort_by_key(|e| (e.start, e.end));
        report
    }
}
