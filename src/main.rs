//! The `unspun` command-line tool: parses arguments, runs a subcommand,
//! turns the outcome into an exit code.
//!
//! Exit codes (also in `--help`): 0 when all went well; 1 when some input
//! failed (a file that could not be opened or broke while being read, a
//! document labelled `error`: its record is still written and the run goes
//! on); 2 for a usage error, which stops the run: bad flags (clap exits 2
//! itself), a model, dictionary, thesaurus or weights file that cannot be
//! loaded, an output that cannot be written. A closed output pipe
//! (`unspun score ... | head`) is success.

mod cli;
mod commands;

// The library's modules, visible to the binary's modules as `crate::...`
// (not every subcommand uses every module).
#[allow(unused_imports)]
pub(crate) use unspun::{
    detector, dict, error, features, io, lang, lm, options, pipeline, report, score, scored, spin,
    swap, text, thesaurus,
};
#[allow(unused_imports)]
pub(crate) use unspun::{Error, Result};

use std::process::ExitCode;

use clap::Parser;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes, `: `-separated, as `{e:#}` writes them, but
/// a cause that the message already quotes is not written again (the
/// library's errors name their path and include the I/O error they wrap,
/// which is also their source).
fn message(e: &anyhow::Error) -> String {
    let mut out = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !out.contains(&cause) {
            out.push_str(": ");
            out.push_str(&cause);
        }
    }
    out
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = cli::Cli::parse();
    match &cli.command {
        cli::Command::Score(a) => commands::score::run(a),
        cli::Command::Filter(a) => commands::filter::run(a),
        cli::Command::Explain(a) => commands::explain::run(a),
        cli::Command::Lm(c) => commands::lm::run(c),
        cli::Command::Dict(c) => commands::dict::run(c),
        cli::Command::Thesaurus(c) => commands::thesaurus::run(c),
        cli::Command::Spin(a) => commands::spin::run(a),
        cli::Command::Calibrate(a) => commands::calibrate::run(a),
        cli::Command::Tag(a) => commands::tag::run(a),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Anything that stops a run before its end is a usage error:
            // input problems are counted on the way and never reach here.
            eprintln!("unspun: {}", message(&e));
            ExitCode::from(2)
        }
    }
}
