//! `unspun filter`: keep documents that score below the threshold.
//!
//! Kept JSONL lines go to stdout byte for byte. Rejected documents (scored
//! at or above the threshold; skipped ones with `--drop-skipped`) and
//! documents that could not be read go to `--rejected FILE`, with the
//! `unspun` object added. Every input document is counted once: kept +
//! rejected + errors = documents.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use crate::cli::{pool, FilterArgs};
use crate::io::input::DocumentReader;
use crate::io::output::annotated_record;
use crate::report::Label;

/// The `--stats` summary.
#[derive(Debug, Default, Serialize)]
struct FilterStats {
    documents: u64,
    kept: u64,
    rejected: u64,
    skipped: u64,
    empty: u64,
    errors: u64,
    failed_files: u64,
    threshold: f64,
    score_quantiles: Quantiles,
    bytes: u64,
    seconds: f64,
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

fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    Some(sorted[i])
}

/// Run `unspun filter`.
pub fn run(args: &FilterArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let detector = args.detector.builder().build()?;
    let pool = pool(args.input.threads)?;
    let files = args.input.files()?;
    let reader = DocumentReader::new(files, args.input.options());
    let messages = super::Messages { quiet: args.quiet };
    let mut kept_out = super::output(None)?;
    let mut rejected_out = match &args.rejected {
        Some(p) => Some(super::output(Some(p))?),
        None => None,
    };
    let mut stats = FilterStats {
        threshold: detector.threshold(),
        ..FilterStats::default()
    };
    let mut scores = Vec::new();
    let counts = crate::pipeline::run(
        reader,
        &detector,
        &pool,
        |e| messages.file_error(e),
        |d| messages.document(d),
        |doc, report| {
            if let Some(s) = report.score {
                scores.push(s);
            }
            let keep = match report.label {
                Label::Clean => true,
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
    kept_out.flush()?;
    if let Some(out) = &mut rejected_out {
        out.flush()?;
    }
    scores.sort_by(f64::total_cmp);
    stats.documents = counts.documents;
    stats.errors = counts.errors;
    stats.failed_files = counts.failed_files;
    stats.bytes = counts.text_bytes;
    stats.seconds = started.elapsed().as_secs_f64();
    stats.mb_per_second = counts.text_bytes as f64 / 1e6 / stats.seconds.max(1e-9);
    stats.score_quantiles = Quantiles {
        p01: quantile(&scores, 0.01),
        p10: quantile(&scores, 0.10),
        p50: quantile(&scores, 0.50),
        p90: quantile(&scores, 0.90),
        p99: quantile(&scores, 0.99),
    };
    if let Some(p) = &args.stats {
        let json = serde_json::to_string_pretty(&stats)?;
        std::fs::write(p, json + "\n").map_err(|e| crate::Error::io(p, e))?;
    }
    Ok(if counts.errors > 0 || counts.failed_files > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
