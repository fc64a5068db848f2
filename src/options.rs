//! Everything a user can set about a detector, as plain data. The CLI's
//! flags and the Python binding's keyword arguments both fill one
//! [`DetectorOptions`], so the two front ends configure detectors the same
//! way (and a Python detector can be rebuilt from its options when it is
//! pickled).

use std::path::PathBuf;

use crate::detector::DetectorBuilder;
use crate::lang::LangId;
use crate::swap::SwapConfig;

/// A detector's settings; [`DetectorOptions::default`] is the built-in
/// configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetectorOptions {
    /// Score at or above which a document is `spun` (default: the weights').
    pub threshold: Option<f64>,
    /// Phrase dictionaries added to (or, with `no_dict`, used instead of)
    /// the built-in one.
    pub dictionaries: Vec<PathBuf>,
    /// Leave the built-in phrase dictionary out.
    pub no_dict: bool,
    /// Language model file (default: built-in).
    pub model: Option<PathBuf>,
    /// Thesaurus file (default: built-in).
    pub thesaurus: Option<PathBuf>,
    /// Score weights file (default: built-in).
    pub weights: Option<PathBuf>,
    /// Turn the synonym-swap search off.
    pub no_swaps: bool,
    /// Machine-translation model file (default: built-in).
    pub mt_model: Option<PathBuf>,
    /// Turn the machine-translation detector off.
    pub no_mt: bool,
    /// Score documents whatever their language.
    pub no_lang_check: bool,
    /// The language identifier of the gate.
    pub langid: LangId,
    /// Per-paragraph scores in each report.
    pub segments: bool,
    /// The features behind the score in each report.
    pub features: bool,
    /// Leave the evidence out of reports (the same score, less work).
    pub no_evidence: bool,
    /// List only the evidence weighing at least this much (0: all).
    pub min_weight: f64,
    /// Tuning of the swap search.
    pub swap: SwapConfig,
}

impl DetectorOptions {
    /// The builder these options describe.
    pub fn builder(&self) -> DetectorBuilder {
        let mut b = DetectorBuilder::new();
        b.builtin_dictionary(!self.no_dict)
            .check_language(!self.no_lang_check)
            .langid(self.langid)
            .segments(self.segments)
            .features(self.features)
            .evidence(!self.no_evidence)
            .min_evidence_weight(self.min_weight)
            .swap_config(self.swap.clone());
        if let Some(t) = self.threshold {
            b.threshold(t);
        }
        for d in &self.dictionaries {
            b.dictionary(d);
        }
        if let Some(m) = &self.model {
            b.model(m);
        }
        if let Some(t) = &self.thesaurus {
            b.thesaurus(t);
        }
        if let Some(w) = &self.weights {
            b.weights(w);
        }
        if let Some(m) = &self.mt_model {
            b.mt_model(m);
        }
        // Turning the detector off wins over a model file.
        if self.no_mt {
            b.mt(false);
        }
        // Last: turning swaps off must win over a thesaurus file.
        b.swaps(!self.no_swaps);
        b
    }
}
