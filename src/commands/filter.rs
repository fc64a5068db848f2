//! `unspun filter`: keep documents that score below the threshold.
//!
//! Kept JSONL lines go to stdout byte for byte. Rejected documents (scored
//! at or above the threshold; with `--max-mt T`, also those whose `mt` is
//! at least T; skipped ones with `--drop-skipped`) and
//! documents that could not be read go to `--rejected FILE`, with the
//! `unspun` object added. Every input document is counted once: kept +
//! rejected + errors = documents.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use crate::cli::{pool, FilterArgs};
use crate::io::output::annotated_record;
use crate::report::Label;

/// The `--stats` summary. `documents` = `kept` + `rejected` + `errors`;
/// `skipped` and `empty` documents are among the kept ones (among the
/// rejected ones with `--drop-skipped`).
#[derive(Debug, Default, Serialize)]
struct FilterStats {
    /// Documents read, including those that could not be.
    documents: u64,
    /// Passed to stdout.
    kept: u64,
    /// Scored at or above the threshold (or skipped, with --drop-skipped,
    /// or machine translated, with --max-mt).
    rejected: u64,
    /// Of the rejected, those below the threshold rejected for `mt` alone
    /// (with --max-mt).
    rejected_mt: u64,
    /// Labelled `skipped` (not text, not English, too short).
    skipped: u64,
    /// Labelled `empty` (no words).
    empty: u64,
    /// Labelled `error` (could not be read).
    errors: u64,
    /// Scored with a warning (invalid UTF-8 replaced, only a prefix scored).
    warnings: u64,
    /// Files that could not be opened or broke while being read.
    failed_files: u64,
    /// The threshold used.
    threshold: f64,
    /// The `--max-mt` used, if any.
    max_mt: Option<f64>,
    /// Quantiles of the scores of scored documents.
    score_quantiles: Quantiles,
    /// Quantiles of their machine-translation probabilities (all null
    /// with --no-mt).
    mt_quantiles: Quantiles,
    /// Bytes of document text.
    bytes: u64,
    /// Wall-clock seconds, model loading included.
    seconds: f64,
    /// `bytes` / 10^6 / `seconds`.
    mb_per_second: f64,
}

#[derive(Debug, Default, Serialize)]
struct Quantiles {
    p01: Option<f64>,
    p10: Option<f64>,
    p50: Option<f64>,
    p90: Option<f64>,
    p99: Option<f64>,
}

/// Bins of the score histogram: scores are written to 4 decimals, so one
/// bin per 0.0001 gives exact quantiles in constant memory.
const SCORE_BINS: usize = 10_001;

/// Counts of scores in bins of 0.0001.
struct ScoreHistogram {
    counts: Vec<u64>,
    total: u64,
}

impl ScoreHistogram {
    fn new() -> ScoreHistogram {
        ScoreHistogram {
            counts: vec![0; SCORE_BINS],
            total: 0,
        }
    }

    fn add(&mut self, score: f64) {
        let bin = (score.clamp(0.0, 1.0) * (SCORE_BINS - 1) as f64).round() as usize;
        self.counts[bin] += 1;
        self.total += 1;
    }

    /// The quantiles the stats report.
    fn quantiles(&self) -> Quantiles {
        Quantiles {
            p01: self.quantile(0.01),
            p10: self.quantile(0.10),
            p50: self.quantile(0.50),
            p90: self.quantile(0.90),
            p99: self.quantile(0.99),
        }
    }

    /// The score of rank round((n - 1) * q) in sorted order.
    fn quantile(&self, q: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let rank = ((self.total - 1) as f64 * q).round() as u64;
        let mut seen = 0;
        for (bin, &n) in self.counts.iter().enumerate() {
            seen += n;
            if seen > rank {
                return Some(bin as f64 / (SCORE_BINS - 1) as f64);
            }
        }
        None
    }
}

/// Run `unspun filter`.
pub fn run(args: &FilterArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if let Some(t) = args.max_mt {
        if !(0.0..=1.0).contains(&t) {
            anyhow::bail!(crate::Error::config(format!(
                "--max-mt must be between 0 and 1, got {t}"
            )));
        }
        if args.detector.no_mt {
            anyhow::bail!(crate::Error::config(
                "--max-mt needs the mt field: drop --no-mt"
            ));
        }
    }
    // Without --rejected no record shows evidence: the search need not
    // make it (the same scores, see `DetectorBuilder::evidence`).
    let mut builder = args.detector.builder();
    if args.rejected.is_none() {
        builder.evidence(false);
    }
    let detector = builder.build()?;
    let pool = pool(args.input.threads)?;
    let files = args.input.files()?;
    let messages = super::Messages { quiet: args.quiet };
    let mut kept_out = super::output(None)?;
    let mut rejected_out = match &args.rejected {
        Some(p) => Some(super::output(Some(p))?),
        None => None,
    };
    let mut stats = FilterStats {
        threshold: detector.threshold(),
        max_mt: args.max_mt,
        ..FilterStats::default()
    };
    let mut scores = ScoreHistogram::new();
    let mut mts = ScoreHistogram::new();
    let progress = super::Progress::new(&files, args.quiet);
    let reader = super::reader(files, args.input.options(), &progress);
    let counts = crate::pipeline::run(
        reader,
        &detector,
        &pool,
        |e| messages.file_error(e),
        |d| messages.document(d),
        |doc, report| {
            progress.done(doc);
            if let Some(s) = report.score {
                scores.add(s);
            }
            if let Some(m) = report.mt {
                mts.add(m);
            }
            let machine = matches!((args.max_mt, report.mt), (Some(t), Some(m)) if m >= t);
            if machine && report.label == Label::Clean {
                stats.rejected_mt += 1;
            }
            let keep = match report.label {
                Label::Clean => !machine,
                Label::Spun | Label::Error => false,
                Label::Skipped | Label::Empty => !args.drop_skipped,
            };
            match report.label {
                Label::Skipped => stats.skipped += 1,
                Label::Empty => stats.empty += 1,
                _ => {}
            }
            if keep {
                stats.kept += 1;
                match &doc.raw {
                    Some(raw) => kept_out.write_all(raw)?,
                    None => {
                        let line = serde_json::json!({"id": doc.id, "text": doc.text});
                        kept_out.write_all(line.to_string().as_bytes())?
                    }
                }
                kept_out.write_all(b"\n")
            } else {
                if report.label != Label::Error {
                    stats.rejected += 1;
                }
                match &mut rejected_out {
                    Some(out) => {
                        let line = annotated_record(doc, report, doc.problem.as_deref());
                        out.write_all(line.as_bytes())?;
                        out.write_all(b"\n")
                    }
                    None => Ok(()),
                }
            }
        },
    )?;
    progress.finish();
    kept_out.flush()?;
    if let Some(out) = &mut rejected_out {
        out.flush()?;
    }
    stats.documents = counts.documents;
    stats.errors = counts.errors;
    stats.warnings = counts.warnings;
    stats.failed_files = counts.failed_files;
    stats.bytes = counts.text_bytes;
    stats.seconds = started.elapsed().as_secs_f64();
    stats.mb_per_second = counts.text_bytes as f64 / 1e6 / stats.seconds.max(1e-9);
    stats.score_quantiles = scores.quantiles();
    stats.mt_quantiles = mts.quantiles();
    if let Some(p) = &args.stats {
        let json = serde_json::to_string_pretty(&stats)?;
        std::fs::write(p, json + "\n").map_err(|e| crate::Error::io(p, e))?;
    }
    Ok(super::exit_code(&counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_quantiles_are_exact_at_four_decimals() {
        let mut h = ScoreHistogram::new();
        assert_eq!(h.quantile(0.5), None);
        for s in [0.9, 0.1, 0.5, 0.0, 1.0, 0.1234] {
            h.add(s);
        }
        // Sorted: 0, 0.1, 0.1234, 0.5, 0.9, 1; rank round(5 q).
        assert_eq!(h.quantile(0.0), Some(0.0));
        assert_eq!(h.quantile(0.5), Some(0.5));
        assert_eq!(h.quantile(0.3), Some(0.1234));
        assert_eq!(h.quantile(0.99), Some(1.0));
    }
}
