//! What `score --stats` and `filter --stats` report of a run: the counts
//! every run has, and exact quantiles of the scores in constant memory.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::pipeline::RunCounts;
use crate::report::Report;

/// What both summaries report after their own counts.
#[derive(Debug, Serialize)]
pub(super) struct RunSummary {
    /// Labelled `error` (could not be read).
    errors: u64,
    /// Records with a warning (invalid UTF-8 replaced, only a prefix scored).
    warnings: u64,
    /// Files that could not be opened or broke while being read.
    failed_files: u64,
    /// The threshold of the labels.
    threshold: f64,
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

/// Collects a [`RunSummary`] while a run goes.
pub(super) struct SummaryBuilder {
    started: Instant,
    scores: ScoreHistogram,
    mts: ScoreHistogram,
}

impl SummaryBuilder {
    /// Started now (call before loading the models: `seconds` includes
    /// them).
    pub(super) fn start() -> SummaryBuilder {
        SummaryBuilder {
            started: Instant::now(),
            scores: ScoreHistogram::new(),
            mts: ScoreHistogram::new(),
        }
    }

    /// Count one document's score and `mt`.
    pub(super) fn add(&mut self, report: &Report) {
        if let Some(s) = report.score {
            self.scores.add(s);
        }
        if let Some(m) = report.mt {
            self.mts.add(m);
        }
    }

    /// The summary of a run that ended with `counts`.
    pub(super) fn finish(&self, counts: &RunCounts, threshold: f64) -> RunSummary {
        let seconds = self.started.elapsed().as_secs_f64();
        RunSummary {
            errors: counts.errors,
            warnings: counts.warnings,
            failed_files: counts.failed_files,
            threshold,
            score_quantiles: self.scores.quantiles(),
            mt_quantiles: self.mts.quantiles(),
            bytes: counts.text_bytes,
            seconds,
            mb_per_second: counts.text_bytes as f64 / 1e6 / seconds.max(1e-9),
        }
    }
}

/// Check, before a run, that a summary can be written at `path` at its
/// end: its directory exists. A run of hours should not end in a usage
/// error it could have said at the start.
///
/// # Errors
/// The directory `path` would go in is missing or not a directory.
pub(super) fn check_destination(path: &Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(crate::Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("cannot be written: no directory {}", dir.display()),
            ),
        )
        .into());
    }
    Ok(())
}

/// Write a summary as pretty JSON.
pub(super) fn write_json(path: &Path, summary: &impl Serialize) -> anyhow::Result<()> {
    let json = serde_json::to_string_pretty(summary)?;
    std::fs::write(path, json + "\n").map_err(|e| crate::Error::io(path, e))?;
    Ok(())
}

/// Quantiles of a run's scores (`null` when nothing was scored).
#[derive(Debug, Default, Serialize)]
pub(super) struct Quantiles {
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
pub(super) struct ScoreHistogram {
    counts: Vec<u64>,
    total: u64,
}

impl ScoreHistogram {
    pub(super) fn new() -> ScoreHistogram {
        ScoreHistogram {
            counts: vec![0; SCORE_BINS],
            total: 0,
        }
    }

    pub(super) fn add(&mut self, score: f64) {
        let bin = (score.clamp(0.0, 1.0) * (SCORE_BINS - 1) as f64).round() as usize;
        self.counts[bin] += 1;
        self.total += 1;
    }

    /// The quantiles the stats report.
    pub(super) fn quantiles(&self) -> Quantiles {
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
