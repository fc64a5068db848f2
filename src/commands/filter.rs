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

use serde::Serialize;

use super::stats::{check_destination, write_json, RunSummary, SummaryBuilder};
use crate::cli::{pool, FilterArgs};
use crate::io::output::annotated_record;
use crate::report::Label;

/// The `--stats` summary. `documents` = `kept` + `rejected` + `errors`;
/// `skipped` and `empty` documents are among the kept ones (among the
/// rejected ones with `--drop-skipped`).
#[derive(Debug, Default, Serialize)]
struct FilterCounts {
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
    /// The `--max-mt` used, if any.
    max_mt: Option<f64>,
}

#[derive(Serialize)]
struct FilterStats {
    #[serde(flatten)]
    counts: FilterCounts,
    #[serde(flatten)]
    run: RunSummary,
}

/// Run `unspun filter`.
pub fn run(args: &FilterArgs) -> anyhow::Result<ExitCode> {
    let mut summary = SummaryBuilder::start();
    if let Some(p) = &args.stats {
        check_destination(p)?;
    }
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
    let mut stats = FilterCounts {
        max_mt: args.max_mt,
        ..FilterCounts::default()
    };
    let progress = super::Progress::new(&files, args.quiet);
    let reader = super::reader(files, args.input.options(), &progress);
    let counts = crate::pipeline::run(
        reader,
        &detector,
        Some(&pool),
        |e| messages.file_error(e),
        |d| messages.document(d),
        |doc, report| {
            progress.done(doc);
            summary.add(report);
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
    if let Some(p) = &args.stats {
        let run = summary.finish(&counts, detector.threshold());
        write_json(p, &FilterStats { counts: stats, run })?;
    }
    Ok(super::exit_code(&counts))
}
