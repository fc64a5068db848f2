//! Command-line arguments (clap derive) and their translation into
//! validated library configurations.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::detector::DetectorBuilder;
use crate::io::input::{InputFormat, InputOptions};
use crate::options::DetectorOptions;
use crate::swap::SwapConfig;

/// The exit status, as `--help` tells it.
const EXIT_STATUS: &str = "Exit status: 0 when all went well; 1 when some input failed (a file \
could not be opened or broke while being read, or a line could not be read: its record, \
labelled `error`, is still written and the run goes on); 2 for a usage error (bad flags, \
a model, dictionary, thesaurus or weights file that cannot be loaded, an output that \
cannot be written). A closed output pipe (`| head`) is success.";

/// Find synonym-spun and machine-garbled English in scraped text.
#[derive(Debug, Parser)]
#[command(name = "unspun", version, about, long_about = None, after_help = EXIT_STATUS)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score documents: one JSON record per input document, in input order.
    #[command(after_help = EXIT_STATUS)]
    Score(ScoreArgs),
    /// Pass JSONL documents scoring below a threshold through unchanged.
    #[command(after_help = EXIT_STATUS)]
    Filter(FilterArgs),
    /// Show one document with its evidence highlighted.
    #[command(after_help = EXIT_STATUS)]
    Explain(ExplainArgs),
    /// Language-model tools: info, score, convert, build.
    #[command(subcommand)]
    Lm(crate::commands::lm::LmCommand),
    /// Phrase-dictionary tools: info, check, scan, mine, learn.
    #[command(subcommand)]
    Dict(crate::commands::dict::DictCommand),
    /// Thesaurus tools: info, lookup, compile.
    #[command(subcommand)]
    Thesaurus(crate::commands::thesaurus::ThesaurusCommand),
    /// Spin text with a context-blind synonym spinner (training data).
    Spin(crate::commands::spin::SpinArgs),
    /// Fit the score weights on clean and spun documents.
    Calibrate(crate::commands::calibrate::CalibrateArgs),
    /// Write Dolma attribute files (score and evidence spans) for a dataset.
    Tag(crate::commands::tag::TagArgs),
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
    /// WARC records (Common Crawl's WET files): a document for each page.
    Warc,
}

/// Where documents come from.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files or directories (recursive, sorted); `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// JSONL field holding the text: a key, or a JSON Pointer such as
    /// /meta/body for a nested one.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL field holding the document id, the same way (default id:
    /// FILE:LINE); for WARC input, the header field (default:
    /// WARC-Record-ID).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Read only the input files whose position in the sorted input list,
    /// modulo --num-shards, is this (0-based).
    #[arg(long, requires = "num_shards")]
    pub shard_index: Option<usize>,
    /// Number of shards the input list is split into.
    #[arg(long, requires = "shard_index")]
    pub num_shards: Option<usize>,
}

impl InputArgs {
    /// The input files of this shard, expanded and sorted.
    ///
    /// # Errors
    /// A directory that cannot be listed; shard flags out of range.
    pub fn files(&self) -> anyhow::Result<Vec<PathBuf>> {
        let (files, special) = crate::io::input::expand_paths_skipping(&self.paths())?;
        for p in special {
            eprintln!(
                "unspun: {}: not a file (a FIFO, socket or device in a directory), skipped",
                p.display()
            );
        }
        Ok(match (self.shard_index, self.num_shards) {
            (Some(i), Some(n)) => {
                anyhow::ensure!(n > 0 && i < n, "--shard-index must be below --num-shards");
                files
                    .into_iter()
                    .enumerate()
                    .filter(|(k, _)| k % n == i)
                    .map(|(_, f)| f)
                    .collect()
            }
            _ => files,
        })
    }

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
                InputFormatArg::Warc => InputFormat::Warc,
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
    /// Language model: our binary, ARPA (.arpa, .arpa.gz) or Sphinx trie
    /// (default: the built-in CMU US-English 3-gram model).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Thesaurus for the swap search: our binary or TSV (default: built-in).
    #[arg(long, value_name = "FILE")]
    pub thesaurus: Option<PathBuf>,
    /// Score weights from `unspun calibrate` (default: built-in).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Turn the synonym-swap search off: about 5 times faster, less
    /// evidence; scored with weights fitted without the search
    /// (data/score-weights-noswaps.json, its own threshold) unless
    /// --weights is given. For ranking and pre-sorting: few spun documents
    /// reach its threshold.
    #[arg(long)]
    pub no_swaps: bool,
    /// Machine-translation model for the `mt` field, as written by
    /// scripts/mt-model.sh (default: built-in).
    #[arg(long, value_name = "FILE")]
    pub mt_model: Option<PathBuf>,
    /// Leave the `mt` field (machine-translation probability) out.
    #[arg(long)]
    pub no_mt: bool,
    /// Score documents whatever their language.
    #[arg(long)]
    pub no_lang_check: bool,
    /// Language identifier of the gate: fasttext (lid.176, the default) or
    /// whatlang.
    #[arg(long, value_name = "whatlang|fasttext", default_value = "fasttext")]
    pub langid: crate::lang::LangId,
    /// Score at or above which a document is labelled `spun` (default: the
    /// weights' threshold, see README).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Add per-paragraph scores to each record.
    #[arg(long)]
    pub segments: bool,
    /// Add the features behind the score to each record.
    #[arg(long)]
    pub features: bool,
    /// Leave the evidence out of each record (`evidence` is empty): the
    /// same scores, about 1.5 times faster with the swap search (it skips
    /// the joint swaps of adjacent words, which serve only the evidence).
    /// Implied by `--format tsv`.
    #[arg(long)]
    pub no_evidence: bool,
    /// List only the evidence weighing at least W in [0, 1] (a swap's
    /// weight is the probability that it marks a spinner's word; see
    /// README): smaller records, the same scores.
    #[arg(long, value_name = "W", default_value_t = 0.0)]
    pub min_weight: f64,
    /// Swap search: unigram penalty `a` in [0, 1].
    #[arg(long, hide = true)]
    pub swap_unigram_penalty: Option<f32>,
    /// Swap search: minimum adjusted gain (log10) for evidence.
    #[arg(long, hide = true)]
    pub swap_min_gain: Option<f32>,
    /// Swap search: candidates per span.
    #[arg(long, hide = true)]
    pub swap_max_candidates: Option<usize>,
}

impl DetectorArgs {
    /// The detector options these flags describe.
    pub fn options(&self) -> DetectorOptions {
        let mut swap = SwapConfig::default();
        if let Some(a) = self.swap_unigram_penalty {
            swap.unigram_penalty = a;
        }
        if let Some(g) = self.swap_min_gain {
            swap.min_gain = g;
        }
        if let Some(c) = self.swap_max_candidates {
            swap.max_candidates = c;
        }
        DetectorOptions {
            threshold: self.threshold,
            dictionaries: self.dicts.clone(),
            no_dict: self.no_dict,
            model: self.model.clone(),
            thesaurus: self.thesaurus.clone(),
            weights: self.weights.clone(),
            no_swaps: self.no_swaps,
            mt_model: self.mt_model.clone(),
            no_mt: self.no_mt,
            no_lang_check: self.no_lang_check,
            langid: self.langid,
            segments: self.segments,
            features: self.features,
            no_evidence: self.no_evidence,
            min_weight: self.min_weight,
            swap,
        }
    }

    /// The detector configuration these flags describe.
    pub fn builder(&self) -> DetectorBuilder {
        self.options().builder()
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
    /// Write to this file instead of stdout. It is written under a
    /// temporary name beside it and renamed when complete, so an
    /// interrupted run leaves no partial output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// With --output: when that file already exists, do nothing (for
    /// resumable runs over many shards).
    #[arg(long, requires = "output")]
    pub skip_existing: bool,
    /// Write a JSON summary of the run here: documents by label, score
    /// and `mt` quantiles, bytes and speed.
    #[arg(long)]
    pub stats: Option<PathBuf>,
    /// Don't print messages about single documents (a file that breaks is
    /// still reported), nor the progress bar.
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
    /// Write rejected documents here, with the `unspun` object added
    /// (evidence included). Without it no evidence is made, as with
    /// --no-evidence: the same decisions, faster.
    #[arg(long)]
    pub rejected: Option<PathBuf>,
    /// Write a JSON summary of the run here.
    #[arg(long)]
    pub stats: Option<PathBuf>,
    /// Reject documents that were skipped (not English, too short) too.
    #[arg(long)]
    pub drop_skipped: bool,
    /// Reject documents whose machine-translation probability `mt` is at
    /// least this too (a ranking more than a decision: see README).
    #[arg(long, value_name = "T")]
    pub max_mt: Option<f64>,
    /// Don't print messages about single documents (a file that breaks is
    /// still reported), nor the progress bar.
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
