//! `unspun lm`: inspect, convert and query language models.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Subcommand, ValueEnum};

use crate::lm::Model;
use crate::text::normalize::words_for_model;

/// Output formats of `lm convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelFormat {
    /// unspun's binary format (read in place).
    Binary,
    /// ARPA text.
    Arpa,
}

/// `unspun lm` subcommands.
#[derive(Debug, Subcommand)]
pub enum LmCommand {
    /// Order, n-gram counts, size, memory and load time of a model.
    Info {
        /// The model (default: built-in).
        model: Option<PathBuf>,
    },
    /// Score sentences, one per line, like KenLM's `query`.
    Score {
        /// Text file, or `-` for stdin.
        input: PathBuf,
        /// The model (default: built-in).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Split lines on whitespace only (KenLM's way) instead of
        /// normalising them (lower case, punctuation dropped, numbers OOV).
        #[arg(long)]
        raw: bool,
        /// Print one line per sentence: log10 prob, perplexity, OOVs, words.
        #[arg(long)]
        per_line: bool,
    },
    /// Convert a model (ARPA, .arpa.gz, Sphinx trie, or ours) to our
    /// binary format or to ARPA.
    Convert {
        /// The model to read.
        input: PathBuf,
        /// Where to write.
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ModelFormat::Binary)]
        format: ModelFormat,
    },
}

fn load(model: Option<&PathBuf>) -> anyhow::Result<Model> {
    Ok(match model {
        Some(p) => Model::open(p)?,
        None => Model::builtin()?,
    })
}

fn rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run an `lm` subcommand.
pub fn run(cmd: &LmCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        LmCommand::Info { model } => {
            let before = rss_kb().unwrap_or(0);
            let t = Instant::now();
            let m = load(model.as_ref())?;
            let secs = t.elapsed().as_secs_f64();
            let after = rss_kb().unwrap_or(0);
            let mut out = std::io::stdout().lock();
            writeln!(out, "model\t{}", m.name())?;
            writeln!(out, "order\t{}", m.order())?;
            for (k, c) in m.counts().iter().enumerate() {
                writeln!(out, "ngram {}\t{}", k + 1, c)?;
            }
            writeln!(out, "size_bytes\t{}", m.size_bytes())?;
            writeln!(out, "rss_after_load_mb\t{:.1}", after as f64 / 1024.0)?;
            writeln!(
                out,
                "rss_growth_mb\t{:.1}",
                after.saturating_sub(before) as f64 / 1024.0
            )?;
            writeln!(out, "load_seconds\t{secs:.3}")?;
        }
        LmCommand::Convert {
            input,
            output,
            format,
        } => {
            let m = Model::open(input)?;
            let file = std::fs::File::create(output).map_err(|e| crate::Error::io(output, e))?;
            let w = std::io::BufWriter::new(file);
            match format {
                ModelFormat::Binary => m.write_binary(w)?,
                ModelFormat::Arpa => m.write_arpa(w)?,
            }
            eprintln!(
                "unspun: wrote {} (counts {:?})",
                output.display(),
                m.counts()
            );
        }
        LmCommand::Score {
            input,
            model,
            raw,
            per_line,
        } => {
            let m = load(model.as_ref())?;
            let reader = crate::io::input::open_decompressed(input)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let t = Instant::now();
            let (mut total, mut known, mut words, mut oovs, mut sentences) =
                (0f64, 0f64, 0usize, 0usize, 0usize);
            let mut ids = Vec::new();
            for line in reader.lines() {
                let line = line?;
                ids.clear();
                if *raw {
                    ids.extend(line.split_whitespace().map(|w| m.index(w)));
                } else {
                    ids.extend(words_for_model(&line).iter().map(|w| m.index(w)));
                }
                let s = m.score_sentence(&ids, true, true);
                total += s.log10;
                known += s.log10_known;
                words += s.words;
                oovs += s.oovs;
                sentences += 1;
                if *per_line {
                    let ppl = 10f64.powf(-s.log10 / (s.words + 1) as f64);
                    writeln!(out, "{:.6}\t{ppl:.4}\t{}\t{}", s.log10, s.oovs, s.words)?;
                }
            }
            let secs = t.elapsed().as_secs_f64();
            let n = words + sentences;
            writeln!(out, "sentences\t{sentences}")?;
            writeln!(out, "words\t{words}")?;
            writeln!(out, "oovs\t{oovs}")?;
            writeln!(out, "log10_prob\t{total:.6}")?;
            writeln!(
                out,
                "perplexity_including_oovs\t{:.4}",
                10f64.powf(-total / n.max(1) as f64)
            )?;
            writeln!(
                out,
                "perplexity_excluding_oovs\t{:.4}",
                10f64.powf(-known / (n - oovs).max(1) as f64)
            )?;
            writeln!(out, "tokens_per_second\t{:.0}", n as f64 / secs.max(1e-9))?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
