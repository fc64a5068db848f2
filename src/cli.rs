//! Command-line arguments (clap derive) and their translation into
//! validated library configurations.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::detector::{DetectorBuilder, DEFAULT_THRESHOLD};
use crate::io::input::{InputFormat, InputOptions};

/// Find synonym-spun and machine-garbled English in scraped text.
#[derive(Debug, Parser)]
#[command(name = "unspun", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score documents: one JSON record per input document, in input order.
    Score(ScoreArgs),
    /// Pass JSONL documents scoring below a threshold through unchanged.
    Filter(FilterArgs),
    /// Show one document with its evidence highlighted.
    Explain(ExplainArgs),
    /// Language-model tools: info, score, convert, build.
    #[command(subcommand)]
    Lm(crate::commands::lm::LmCommand),
    /// Phrase-dictionary tools: info, check, scan.
    #[command(subcommand)]
    Dict(crate::commands::dict::DictCommand),
    /// Thesaurus tools: info, lookup, compile.
    #[command(subcommand)]
    Thesaurus(crate::commands::thesaurus::ThesaurusCommand),
}

/// Input format names on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// By file extension; stdin by its first byte.
    Auto,
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Where documents come from.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files or directories (recursive, sorted); `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// JSONL field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL field holding the document id (default id: FILE:LINE).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

impl InputArgs {
    /// The paths to read, `-` when none were given.
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.paths.clone()
        }
    }

    /// The reading options.
    pub fn options(&self) -> InputOptions {
        InputOptions {
            format: match self.input_format {
                InputFormatArg::Auto => InputFormat::Auto,
                InputFormatArg::Text => InputFormat::Text,
                InputFormatArg::Jsonl => InputFormat::Jsonl,
            },
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
        }
    }
}

/// How documents are scored.
#[derive(Debug, Clone, Args)]
pub struct DetectorArgs {
    /// Turn the built-in phrase dictionary off (user dictionaries still apply).
    #[arg(long)]
    pub no_dict: bool,
    /// Add a phrase dictionary (TSV: spun, original, source, weight); repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Score documents whatever their language.
    #[arg(long)]
    pub no_lang_check: bool,
    /// Score at or above which a document is labelled `spun`.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f64,
}

impl DetectorArgs {
    /// The detector configuration these flags describe.
    pub fn builder(&self) -> DetectorBuilder {
        let mut b = DetectorBuilder::new();
        b.builtin_dictionary(!self.no_dict)
            .threshold(self.threshold)
            .check_language(!self.no_lang_check);
        for d in &self.dicts {
            b.dictionary(d);
        }
        b
    }
}

/// Output formats of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// One JSON record per document.
    Jsonl,
    /// `id<TAB>score<TAB>label`.
    Tsv,
}

/// `unspun score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Scoring.
    #[command(flatten)]
    pub detector: DetectorArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Jsonl)]
    pub format: ScoreFormat,
    /// Print each input JSON object with an added `unspun` object instead.
    #[arg(long, conflicts_with = "format")]
    pub annotate: bool,
    /// Write to this file instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Don't print warnings about bad input lines.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `unspun filter`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Inputs (JSONL).
    #[command(flatten)]
    pub input: InputArgs,
    /// Scoring (its --threshold decides what is kept).
    #[command(flatten)]
    pub detector: DetectorArgs,
    /// Write rejected documents here, with the `unspun` object added.
    #[arg(long)]
    pub rejected: Option<PathBuf>,
    /// Write a JSON summary of the run here.
    #[arg(long)]
    pub stats: Option<PathBuf>,
    /// Reject documents that were skipped (not English, too short) too.
    #[arg(long)]
    pub drop_skipped: bool,
    /// Don't print warnings about bad input lines.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `unspun explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The document (a text file, or `-` for stdin).
    pub path: PathBuf,
    /// Scoring.
    #[command(flatten)]
    pub detector: DetectorArgs,
    /// Colour: auto (on a terminal), always, never.
    #[arg(long, default_value = "auto")]
    pub color: ColorChoice,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A rayon pool with `threads` workers (all cores when `None`).
///
/// # Errors
/// When the pool cannot be created.
pub fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        anyhow::ensure!(n > 0, "--threads must be at least 1");
        b = b.num_threads(n);
    }
    Ok(b.build()?)
}
