//! `unspun score`: one record per input document, in input order.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{pool, ScoreArgs, ScoreFormat};
use crate::io::input::DocumentReader;
use crate::io::output::{record, OutputFormat};

/// Run `unspun score`.
pub fn run(args: &ScoreArgs) -> anyhow::Result<ExitCode> {
    let detector = args.detector.builder().build()?;
    let pool = pool(args.input.threads)?;
    let files = args.input.files()?;
    let reader = DocumentReader::new(files, args.input.options());
    let format = if args.annotate {
        OutputFormat::Annotate
    } else {
        match args.format {
            ScoreFormat::Jsonl => OutputFormat::Jsonl,
            ScoreFormat::Tsv => OutputFormat::Tsv,
        }
    };
    let messages = super::Messages { quiet: args.quiet };
    let mut out = super::output(args.output.as_deref())?;
    let counts = crate::pipeline::run(
        reader,
        &detector,
        &pool,
        |e| messages.file_error(e),
        |d| messages.document(d),
        |doc, report| {
            out.write_all(record(format, doc, report).as_bytes())?;
            out.write_all(b"\n")
        },
    )?;
    out.flush()?;
    Ok(if counts.errors > 0 || counts.failed_files > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
