//! The `unspun` command-line tool: parses arguments, runs a subcommand,
//! turns the outcome into an exit code.
//!
//! Exit codes: 0 when everything was read and written; 2 when some input
//! could not be read (its records, labelled `error`, were still written); 1
//! on a fatal error (bad flags, a model or dictionary that cannot be
//! loaded). A closed output pipe (`unspun score ... | head`) is success.

mod cli;
mod commands;

// The library's modules, visible to the binary's modules as `crate::...`
// (not every subcommand uses every module).
#[allow(unused_imports)]
pub(crate) use unspun::{
    detector, dict, error, features, io, lang, lm, pipeline, report, score, scored, spin, swap,
    text, thesaurus,
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
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("unspun: {e:#}");
            ExitCode::from(1)
        }
    }
}
