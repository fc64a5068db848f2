//! `unspun dict`: inspect, validate and try out phrase dictionaries.
//!
//! - `info`: entries per source of the built-in table and any user files.
//! - `check FILE...`: validate user dictionaries; every bad line is
//!   reported as `unspun: FILE:LINE: what is wrong`, exit code 1.
//! - `scan FILE...`: run the dictionary over plain text files and print
//!   hits per 1,000 tokens and the most frequent phrases, the way to
//!   measure false-positive rates on clean text; `--bench` adds matching
//!   speed.
//! - `mine BIGRAMS...`: spin common collocations from bigram count files
//!   with the thesaurus and write the variants the model finds far less
//!   likely as `mined` dictionary entries (see [`crate::dict::mine`]).
//! - `learn SCORES...`: the swaps that `score` showed in many of a
//!   source's documents, as dictionary entries for a second run (see
//!   [`crate::dict::learn`]).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::dict::learn::{self, LearnConfig, Learner};
use crate::dict::mine::{self, BigramCounts, MineConfig};
use crate::dict::{load, Dictionary, DictionaryBuilder, Entry, Source};
use crate::lm::Model;
use crate::text::tokenize::tokenize;
use crate::thesaurus::Thesaurus;

/// Number of top phrases `scan` prints unless told otherwise.
const DEFAULT_TOP_PHRASES: usize = 20;

/// `unspun dict` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum DictCommand {
    /// Print the number of entries per source.
    Info {
        #[command(flatten)]
        dicts: DictArgs,
    },
    /// Scan plain text files; print hits per 1,000 tokens and top phrases.
    Scan {
        #[command(flatten)]
        dicts: DictArgs,
        /// How many of the most frequent phrases to print.
        #[arg(long, default_value_t = DEFAULT_TOP_PHRASES)]
        top: usize,
        /// Also print matching speed (tokenising excluded) in MB/s.
        #[arg(long)]
        bench: bool,
        /// Plain UTF-8 text files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Validate dictionary files; report every malformed line.
    Check {
        /// Dictionary files (TSV: spun, original, source, weight).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Mine spun variants of common collocations into `mined` entries.
    ///
    /// Reads bigram count files (`w1 w2<TAB>count` as wordsegment's
    /// bigrams.txt, or `w1 w2 count` as symspellpy's bigram dictionary),
    /// spins each common collocation with the thesaurus (one word or both)
    /// and keeps the variants whose log10 probability under the model is at
    /// least --min-gain below the original's and that are not common
    /// bigrams themselves. Output: TSV `variant, original, mined, weight`,
    /// sorted by variant; a summary goes to stderr.
    Mine {
        /// Smallest count of a collocation, relative to the smallest count
        /// in its file (the file's cut-off).
        #[arg(long, default_value_t = MineConfig::default().min_count)]
        min_count: f64,
        /// Smallest log10 gain (original minus variant) of a kept variant.
        #[arg(long, default_value_t = MineConfig::default().min_gain)]
        min_gain: f32,
        /// Smallest drop in association (log10 PMI under the model) from
        /// the original to a kept variant.
        #[arg(long, default_value_t = MineConfig::default().min_association_drop)]
        min_association_drop: f32,
        /// Drop a variant whose relative count is at least the original's
        /// divided by this.
        #[arg(long, default_value_t = MineConfig::default().common_ratio)]
        common_ratio: f64,
        /// Also spin collocations of a function word and a content word.
        #[arg(long)]
        with_function_words: bool,
        /// Synonyms tried per word: those more thesauri list first, then the
        /// most frequent.
        #[arg(long, default_value_t = MineConfig::default().synonyms_per_word)]
        synonyms: usize,
        /// Variants kept per collocation: those more thesauri list first, then
        /// those putting in the most common words, then the highest gain.
        #[arg(long, default_value_t = MineConfig::default().max_per_collocation)]
        per_collocation: usize,
        /// Entries written in all, from the most common collocations down.
        #[arg(long, default_value_t = MineConfig::default().max_entries)]
        max_entries: usize,
        /// Largest weight of a mined entry, in (0, 1].
        #[arg(long, default_value_t = MineConfig::default().max_weight)]
        max_weight: f32,
        /// Language model (unspun binary or Sphinx trie); default built-in.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        /// Thesaurus (.bin); default built-in.
        #[arg(long, value_name = "FILE")]
        thesaurus: Option<PathBuf>,
        /// Write here instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Bigram count files.
        #[arg(required = true, value_name = "BIGRAMS")]
        files: Vec<PathBuf>,
    },
    /// Learn a spinner's table from the swaps `score` showed.
    ///
    /// Reads `unspun score` output (JSONL records with their evidence, or
    /// the input objects `score --annotate` wrote) for
    /// documents of one source (a site, a feed) and writes every swap shown
    /// in at least --min-docs of them as a dictionary entry (TSV: spun
    /// phrase, suggested original, mined, --weight), the most documents
    /// first; `score --dict FILE` then counts each hit as a witness,
    /// checked in its sentence. A farm that spins every article with one
    /// table repeats its swaps across articles; the search's mistakes on
    /// clean text seldom recur. Over a whole web corpus they do: learn per
    /// source (see README).
    Learn {
        /// Documents a swap must be shown in.
        #[arg(long, default_value_t = LearnConfig::default().min_docs)]
        min_docs: usize,
        /// Count only swaps weighing at least this much, in [0, 1].
        #[arg(long, default_value_t = LearnConfig::default().min_swap_weight)]
        min_swap_weight: f64,
        /// Weight of each learned entry, in (0, 1].
        #[arg(long, default_value_t = LearnConfig::default().weight)]
        weight: f32,
        /// Write here instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// `unspun score` outputs, plain or `--annotate` (`.gz`, `.zst` too).
        #[arg(required = true, value_name = "SCORES")]
        files: Vec<PathBuf>,
    },
    /// Normalise the first field of every TSV line on stdin like the
    /// matcher does (used by `scripts/build-dictionary.sh`).
    #[command(hide = true)]
    Normalize,
}

/// Which dictionaries a `dict` subcommand uses.
#[derive(Debug, clap::Args)]
pub struct DictArgs {
    /// Leave the built-in dictionary out.
    #[arg(long)]
    no_builtin: bool,
    /// Add a dictionary file (TSV: spun, original, source, weight); repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
}

impl DictArgs {
    fn build(&self) -> anyhow::Result<Dictionary> {
        let mut b = DictionaryBuilder::new();
        if !self.no_builtin {
            b.add_builtin()?;
        }
        for p in &self.dicts {
            b.add_file(p)?;
        }
        Ok(b.build()?)
    }
}

/// Run a `dict` subcommand.
pub fn run(cmd: &DictCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        DictCommand::Info { dicts } => info(dicts),
        DictCommand::Check { files } => check(files),
        DictCommand::Scan {
            dicts,
            top,
            bench,
            files,
        } => scan(dicts, *top, *bench, files),
        DictCommand::Normalize => normalize(),
        DictCommand::Learn {
            min_docs,
            min_swap_weight,
            weight,
            output,
            files,
        } => {
            let config = LearnConfig {
                min_docs: *min_docs,
                min_swap_weight: *min_swap_weight,
                weight: *weight,
            };
            learn_cmd(&config, output.as_deref(), files)
        }
        DictCommand::Mine {
            min_count,
            min_gain,
            min_association_drop,
            common_ratio,
            with_function_words,
            synonyms,
            per_collocation,
            max_entries,
            max_weight,
            model,
            thesaurus,
            output,
            files,
        } => {
            let config = MineConfig {
                min_count: *min_count,
                min_gain: *min_gain,
                min_association_drop: *min_association_drop,
                common_ratio: *common_ratio,
                with_function_words: *with_function_words,
                synonyms_per_word: *synonyms,
                max_per_collocation: *per_collocation,
                max_entries: *max_entries,
                max_weight: *max_weight,
            };
            mine_cmd(
                &config,
                model.as_deref(),
                thesaurus.as_deref(),
                output.as_deref(),
                files,
            )
        }
    }
}

fn mine_cmd(
    config: &MineConfig,
    model: Option<&std::path::Path>,
    thesaurus: Option<&std::path::Path>,
    output: Option<&std::path::Path>,
    files: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    config.validate()?;
    let model = match model {
        Some(p) => Model::open(p)?,
        None => Model::builtin()?,
    };
    let thesaurus = match thesaurus {
        Some(p) => Thesaurus::open(p)?,
        None => Thesaurus::builtin()?,
    };
    let mut counts = BigramCounts::new();
    let mut names = Vec::new();
    for path in files {
        let n = counts.add_file(path)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        eprintln!("unspun: {}: {n} bigrams", path.display());
        names.push(name);
    }
    let started = Instant::now();
    let (entries, stats) = mine::mine(&counts, &model, &thesaurus, config)?;
    eprintln!(
        "unspun: {} collocations spun, {} variants scored, {} dropped as common bigrams, \
         {} below the gain; {} entries in {:.1} s",
        stats.collocations,
        stats.variants_scored,
        stats.dropped_common,
        stats.dropped_gain,
        stats.entries,
        started.elapsed().as_secs_f64()
    );
    let header = format!(
        "Generated by `unspun dict mine` from {}\n\
         min_count {} min_gain {} min_association_drop {} common_ratio {} with_function_words {} synonyms {} per_collocation {} \
         max_entries {} max_weight {}\n\
         weight = min(max_weight, {} + {} * (gain - min_gain)), gain in log10",
        names.join(", "),
        config.min_count,
        config.min_gain,
        config.min_association_drop,
        config.common_ratio,
        config.with_function_words,
        config.synonyms_per_word,
        config.max_per_collocation,
        config.max_entries,
        config.max_weight,
        mine::BASE_WEIGHT,
        mine::WEIGHT_PER_LOG10,
    );
    let mut w = super::output(output)?;
    mine::write_tsv(&entries, &header, &mut w)
        .and_then(|()| w.flush())
        .map_err(|e| written_to(output, e))?;
    Ok(ExitCode::SUCCESS)
}

/// A failed write to the output: naming the file, if it is one.
fn written_to(output: Option<&std::path::Path>, e: std::io::Error) -> anyhow::Error {
    match output {
        Some(path) => crate::Error::io(path, e).into(),
        None => e.into(),
    }
}

fn learn_cmd(
    config: &LearnConfig,
    output: Option<&std::path::Path>,
    files: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    config.validate()?;
    let mut learner = Learner::new();
    let mut bad_lines = 0usize;
    for path in files {
        let reader = match crate::io::input::open_decompressed(path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("unspun: {e}");
                bad_lines += 1;
                continue;
            }
        };
        for (i, line) in std::io::BufRead::lines(reader).enumerate() {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("unspun: {}:{}: {e}", path.display(), i + 1);
                    bad_lines += 1;
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(record) if record.is_object() => learner.add(&record, config),
                Ok(_) => {
                    eprintln!(
                        "unspun: {}:{}: not a score record: expected a JSON object",
                        path.display(),
                        i + 1
                    );
                    bad_lines += 1;
                }
                Err(e) => {
                    eprintln!(
                        "unspun: {}:{}: not a score record: {e}",
                        path.display(),
                        i + 1
                    );
                    bad_lines += 1;
                }
            }
        }
    }
    let entries = learner.entries(config);
    eprintln!(
        "unspun: {} scored documents, {} with swaps; {} entries shown in {} or more",
        learner.scored,
        learner.with_swaps,
        entries.len(),
        config.min_docs
    );
    if learner.scored > 0 && learner.with_swaps == 0 {
        eprintln!("unspun: no swaps in the evidence: score without --no-evidence or --no-swaps");
    }
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let header = format!(
        "Learned by `unspun dict learn` from {} ({} scored documents)\n\
         min_docs {} min_swap_weight {} weight {}",
        names.join(", "),
        learner.scored,
        config.min_docs,
        config.min_swap_weight,
        config.weight
    );
    let mut w = super::output(output)?;
    learn::write_tsv(&entries, config, &header, &mut w)
        .and_then(|()| w.flush())
        .map_err(|e| written_to(output, e))?;
    Ok(if bad_lines > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn info(args: &DictArgs) -> anyhow::Result<ExitCode> {
    let dict = args.build()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "source\tentries")?;
    for (source, n) in dict.counts().iter() {
        writeln!(out, "{source}\t{n}")?;
    }
    writeln!(out, "total\t{}", dict.len())?;
    Ok(ExitCode::SUCCESS)
}

fn check(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut bad_lines = 0usize;
    let mut out = std::io::stdout().lock();
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("unspun: {}", crate::Error::io(path, e));
                bad_lines += 1;
                continue;
            }
        };
        let (entries, errors) = load::parse_all(&path.display().to_string(), &text);
        for e in &errors {
            eprintln!("unspun: {e}");
        }
        bad_lines += errors.len();
        // The entries must also build into an automaton.
        let mut b = DictionaryBuilder::new();
        for e in &entries {
            b.add_entry(&e.spun, &e.original, e.source, e.weight)?;
        }
        let dict = b.build()?;
        let duplicates = entries.len() - dict.len();
        writeln!(
            out,
            "{}: {} entries, {} malformed lines, {} duplicate phrases (the last wins)",
            path.display(),
            entries.len(),
            errors.len(),
            duplicates
        )?;
    }
    Ok(if bad_lines > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn normalize() -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::BufRead::lines(stdin) {
        let line = line?;
        let (first, rest) = match line.split_once('\t') {
            Some((f, r)) => (f, Some(r)),
            None => (line.as_str(), None),
        };
        out.write_all(load::normalize_phrase(first).as_bytes())?;
        if let Some(rest) = rest {
            write!(out, "\t{rest}")?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Split a text into chunks at blank lines so that memory stays bounded on
/// big files while phrases still match across single line breaks.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").filter(|p| !p.trim().is_empty())
}

fn scan(args: &DictArgs, top: usize, bench: bool, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let dict = args.build()?;
    let mut failed = false;
    let (mut n_tokens, mut n_hits, mut n_bytes, mut n_norm_bytes) = (0usize, 0usize, 0usize, 0);
    let mut per_source: HashMap<Source, usize> = HashMap::new();
    let mut per_phrase: HashMap<&str, (usize, &Entry)> = HashMap::new();
    let mut match_time = Duration::ZERO;
    for path in files {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("unspun: {}", crate::Error::io(path, e));
                failed = true;
                continue;
            }
        };
        n_bytes += text.len();
        for para in paragraphs(&text) {
            let tokens = tokenize(para);
            n_tokens += tokens.len();
            n_norm_bytes += tokens.normalized_text().len();
            let started = Instant::now();
            let hits = dict.find(&tokens);
            match_time += started.elapsed();
            n_hits += hits.len();
            for h in hits {
                *per_source.entry(h.entry.source).or_default() += 1;
                per_phrase
                    .entry(h.entry.spun.as_str())
                    .or_insert((0, h.entry))
                    .0 += 1;
            }
        }
    }

    let mut out = std::io::stdout().lock();
    let hits_per_1k_tokens = if n_tokens == 0 {
        0.0
    } else {
        1000.0 * n_hits as f64 / n_tokens as f64
    };
    writeln!(out, "files\t{}", files.len())?;
    writeln!(out, "tokens\t{n_tokens}")?;
    writeln!(out, "hits\t{n_hits}")?;
    writeln!(out, "hits_per_1k_tokens\t{hits_per_1k_tokens:.4}")?;
    for source in Source::ALL {
        if let Some(n) = per_source.get(&source) {
            writeln!(out, "hits_{source}\t{n}")?;
        }
    }
    if bench {
        let secs = match_time.as_secs_f64().max(1e-9);
        writeln!(out, "match_seconds\t{secs:.3}")?;
        writeln!(
            out,
            "match_mb_per_s_input\t{:.1}",
            n_bytes as f64 / secs / 1e6
        )?;
        writeln!(
            out,
            "match_mb_per_s_normalized\t{:.1}",
            n_norm_bytes as f64 / secs / 1e6
        )?;
    }
    let mut phrases: Vec<(&str, usize, &Entry)> = per_phrase
        .into_iter()
        .map(|(p, (n, e))| (p, n, e))
        .collect();
    phrases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if top > 0 && !phrases.is_empty() {
        writeln!(out, "\ncount\tspun\toriginal\tsource")?;
        for (phrase, n, e) in phrases.into_iter().take(top) {
            writeln!(out, "{n}\t{phrase}\t{}\t{}", e.original, e.source)?;
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
