//! `unspun score`: one record per input document, in input order.

use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::stats::{check_destination, write_json, RunSummary, SummaryBuilder};
use crate::cli::{pool, ScoreArgs, ScoreFormat};
use crate::io::output::{record, OutputFormat};
use crate::report::Label;

/// The `--stats` summary: `spun` + `clean` + `skipped` + `empty` +
/// `errors` = `documents`.
#[derive(Debug, Default, Serialize)]
struct LabelCounts {
    /// Documents read, including those that could not be.
    documents: u64,
    /// Labelled `spun` (score at or above the threshold).
    spun: u64,
    /// Labelled `clean`.
    clean: u64,
    /// Labelled `skipped` (not text, not English, too short).
    skipped: u64,
    /// Labelled `empty` (no words).
    empty: u64,
}

#[derive(Serialize)]
struct ScoreStats {
    #[serde(flatten)]
    labels: LabelCounts,
    #[serde(flatten)]
    run: RunSummary,
}

/// Where `-o P` writes, and whether by a temporary name and a rename: a
/// symbolic link at P is followed (the rename replaces what it points
/// to and the link stays, as a shell's `>` and `--stats` treat it), and
/// what is not a regular file (a FIFO, a device) is written to directly,
/// since a rename would put a file in its place.
fn output_target(p: &Path) -> (PathBuf, bool) {
    let is_link = std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let target = if is_link {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            // A dangling link: where it points, which the write creates.
            match std::fs::read_link(p) {
                Ok(to) if to.is_relative() => p.parent().unwrap_or(Path::new("")).join(to),
                Ok(to) => to,
                Err(_) => p.to_path_buf(),
            }
        })
    } else {
        p.to_path_buf()
    };
    let regular = std::fs::metadata(&target).map_or(true, |m| m.is_file());
    (target, regular)
}

/// Run `unspun score`. Exit code 1 when some input could not be read (its
/// records, labelled `error`, are still written), else 0.
///
/// # Errors
/// A dictionary, model or weights file that does not load; an output that
/// cannot be written.
pub fn run(args: &ScoreArgs) -> anyhow::Result<ExitCode> {
    let mut summary = SummaryBuilder::start();
    if let Some(p) = &args.stats {
        check_destination(p)?;
    }
    if let (true, Some(p)) = (args.skip_existing, &args.output) {
        if p.exists() {
            if !args.quiet {
                eprintln!("unspun: {}: exists, skipped (--skip-existing)", p.display());
            }
            return Ok(ExitCode::SUCCESS);
        }
    }
    // Written under a temporary name, renamed when complete.
    let target = args.output.as_deref().map(output_target);
    let partial = target.as_ref().map(|(p, regular)| {
        if !regular {
            return p.clone();
        }
        let name = p
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy());
        p.with_file_name(format!(".{name}.unspun-partial"))
    });
    // TSV records show no evidence: the search need not make it.
    let mut builder = args.detector.builder();
    if !args.annotate && matches!(args.format, ScoreFormat::Tsv) {
        builder.evidence(false);
    }
    let detector = builder.build()?;
    let pool = pool(args.input.threads)?;
    let files = args.input.files()?;
    let format = if args.annotate {
        OutputFormat::Annotate
    } else {
        match args.format {
            ScoreFormat::Jsonl => OutputFormat::Jsonl,
            ScoreFormat::Tsv => OutputFormat::Tsv,
        }
    };
    let messages = super::Messages { quiet: args.quiet };
    let mut out = super::output(partial.as_deref())?;
    let progress = super::Progress::new(&files, args.quiet);
    let reader = super::reader(files, args.input.options(), &progress);
    let mut labels = LabelCounts::default();
    let counts = crate::pipeline::run(
        reader,
        &detector,
        Some(&pool),
        |e| messages.file_error(e),
        |d| messages.document(d),
        |doc, report| {
            progress.done(doc);
            summary.add(report);
            match report.label {
                Label::Spun => labels.spun += 1,
                Label::Clean => labels.clean += 1,
                Label::Skipped => labels.skipped += 1,
                Label::Empty => labels.empty += 1,
                Label::Error => {}
            }
            out.write_all(record(format, doc, report).as_bytes())?;
            out.write_all(b"\n")
        },
    )?;
    progress.finish();
    out.flush()?;
    drop(out);
    if let (Some(from), Some((to, true))) = (&partial, &target) {
        std::fs::rename(from, to).map_err(|e| crate::Error::io(to, e))?;
    }
    if let Some(p) = &args.stats {
        labels.documents = counts.documents;
        let run = summary.finish(&counts, detector.threshold());
        write_json(p, &ScoreStats { labels, run })?;
    }
    Ok(super::exit_code(&counts))
}
