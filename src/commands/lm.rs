//! `unspun lm`: inspect, convert and query language models.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Subcommand, ValueEnum};

use crate::lm::train::{TrainConfig, Trainer};
use crate::lm::{Model, WordId};
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
    /// Train a model from clean text, one sentence per line, with
    /// interpolated modified Kneser-Ney smoothing (as KenLM's lmplz).
    Build {
        /// Order of the model (1 to 5).
        #[arg(long)]
        order: usize,
        /// Text files (plain, .gz or .zst), or `-` for stdin.
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Where to write the model (unspun's binary format).
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// Also write the model as ARPA text here.
        #[arg(long)]
        arpa: Option<PathBuf>,
        /// Drop n-grams whose adjusted count is at most the threshold, one
        /// per order starting with unigrams (which must be 0), the last one
        /// serving the higher orders; e.g. `--prune 0 0 1`.
        #[arg(long, num_args = 1..)]
        prune: Vec<u64>,
        /// Memory for counting before sorted runs are written to disk,
        /// e.g. `512M`, `2G` (the vocabulary and estimation are extra).
        #[arg(long, default_value = "1G", value_parser = parse_size)]
        memory: usize,
        /// Directory for the runs (default: the system temporary directory).
        #[arg(long)]
        temp_dir: Option<PathBuf>,
        /// Use discounts 0.5, 1, 1.5 for an order whose counts of counts
        /// cannot give Kneser-Ney discounts (tiny corpora), as lmplz's
        /// `--discount_fallback`.
        #[arg(long)]
        discount_fallback: bool,
        /// Split lines on whitespace only instead of normalising them as
        /// `lm score` does.
        #[arg(long)]
        raw: bool,
    },
}

/// `line` without its line end (`\n` or `\r\n`), as [`BufRead::lines`]
/// gives it.
fn strip_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The words of an ASCII line split on whitespace: the same words as
/// [`str::split_whitespace`] (which also splits on vertical tab).
fn ascii_words(line: &[u8]) -> AsciiWords<'_> {
    AsciiWords { line, at: 0 }
}

/// Iterator of [`ascii_words`].
struct AsciiWords<'a> {
    line: &'a [u8],
    at: usize,
}

/// ASCII whitespace as [`char::is_whitespace`] has it: space, tab, line
/// feed, vertical tab, form feed, carriage return. All lie below 0x21.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let s = self.line;
        let mut i = self.at;
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
        if i == s.len() {
            self.at = i;
            return None;
        }
        let start = i;
        // Eight bytes at a time: the high bit of each byte below 0x21 is
        // set in `low` (exactly for the lowest such byte, which is all
        // that is used; the bytes are ASCII, so `!x` keeps no high bit of
        // its own), and only that byte is looked at.
        const ONES: u64 = 0x0101_0101_0101_0101;
        while let Some(c) = s.get(i..i + 8) {
            let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            let low = x.wrapping_sub(0x21 * ONES) & !x & (0x80 * ONES);
            if low == 0 {
                i += 8;
                continue;
            }
            let j = i + (low.trailing_zeros() / 8) as usize;
            if is_space(s[j]) {
                self.at = j;
                return Some(&s[start..j]);
            }
            i = j + 1;
        }
        while i < s.len() && !is_space(s[i]) {
            i += 1;
        }
        self.at = i;
        Some(&s[start..i])
    }
}

/// A size in bytes: a number with an optional K, M or G suffix (powers of
/// 1024).
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult: usize = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("{s:?}: unknown size suffix (use K, M or G)")),
            };
            (&t[..i], mult)
        }
        _ => (t, 1),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size such as 512M or 2G"))?;
    n.checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn load(model: Option<&PathBuf>) -> anyhow::Result<Model> {
    Ok(match model {
        Some(p) => Model::open(p)?,
        None => Model::builtin()?,
    })
}

/// CPU time of the calling thread in seconds (Linux `schedstat`), for
/// throughput that does not depend on what else the machine runs.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
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
            if let Some(p) = model {
                let len = std::fs::metadata(p)
                    .map_err(|e| crate::Error::io(p, e))?
                    .len();
                writeln!(out, "file_bytes\t{len}")?;
            }
            writeln!(out, "size_bytes\t{}", m.size_bytes())?;
            writeln!(out, "index_bytes\t{}", m.index_bytes())?;
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
        LmCommand::Build {
            order,
            corpus,
            output,
            arpa,
            prune,
            memory,
            temp_dir,
            discount_fallback,
            raw,
        } => {
            let t = Instant::now();
            let mut config = TrainConfig::new(*order);
            config.memory_bytes = *memory;
            config.prune = prune.clone();
            config.discount_fallback = *discount_fallback;
            config.temp_dir = temp_dir.clone();
            let mut trainer = Trainer::new(config)?;
            for path in corpus {
                let reader = crate::io::input::open_decompressed(path)?;
                for line in reader.lines() {
                    let line = line.map_err(|e| crate::Error::io(path, e))?;
                    if *raw {
                        let words: Vec<&str> = line.split_whitespace().collect();
                        trainer.add_sentence(&words)?;
                    } else {
                        trainer.add_sentence(&words_for_model(&line))?;
                    }
                }
            }
            let counted = t.elapsed().as_secs_f64();
            let (layers, stats) = trainer.finish()?;
            crate::lm::train::write(&layers, output, arpa.as_deref())?;
            // Load what was written, which checks it.
            let m = Model::open(output)?;
            let mut err = std::io::stderr().lock();
            writeln!(
                err,
                "unspun: {} sentences, {} words, {} runs spilled, counted in {counted:.1} s",
                stats.sentences, stats.words, stats.runs
            )?;
            for n in 0..*order {
                let d = stats.discounts[n];
                writeln!(
                    err,
                    "unspun: order {}: {} n-grams, {} kept; t1..t4 {:?}; D1 {:.4} D2 {:.4} D3+ {:.4}",
                    n + 1,
                    stats.ngrams[n],
                    stats.kept[n],
                    stats.count_of_counts[n],
                    d[0],
                    d[1],
                    d[2]
                )?;
            }
            writeln!(
                err,
                "unspun: wrote {} ({} bytes){} in {:.1} s",
                output.display(),
                m.size_bytes(),
                arpa.as_ref()
                    .map(|a| format!(" and {}", a.display()))
                    .unwrap_or_default(),
                t.elapsed().as_secs_f64()
            )?;
        }
        LmCommand::Score {
            input,
            model,
            raw,
            per_line,
        } => {
            let loading = Instant::now();
            let m = load(model.as_ref())?;
            let load_seconds = loading.elapsed().as_secs_f64();
            let mut reader = crate::io::input::open_decompressed(input)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let t = Instant::now();
            let cpu_start = thread_cpu_seconds();
            let (mut total, mut known, mut words, mut oovs, mut sentences) =
                (0f64, 0f64, 0usize, 0usize, 0usize);
            // Lines are scored in batches, whose lookups overlap.
            const LINES_PER_BATCH: usize = 32;
            let mut ids: Vec<WordId> = Vec::new();
            let mut ends: Vec<usize> = Vec::with_capacity(LINES_PER_BATCH);
            let mut scores = Vec::with_capacity(LINES_PER_BATCH);
            // The batch's lines, one after another, and where each is.
            let mut text: Vec<u8> = Vec::new();
            let mut lines: Vec<std::ops::Range<usize>> = Vec::with_capacity(LINES_PER_BATCH);
            let mut line_number = 0usize;
            let mut at_end = false;
            while !at_end {
                text.clear();
                lines.clear();
                while lines.len() < LINES_PER_BATCH {
                    let start = text.len();
                    if reader
                        .read_until(b'\n', &mut text)
                        .map_err(|e| crate::error::Error::io(input, e))?
                        == 0
                    {
                        at_end = true;
                        break;
                    }
                    line_number += 1;
                    let mut end = start + strip_line_end(&text[start..]).len();
                    let line = &text[start..end];
                    if !line.is_ascii() && std::str::from_utf8(line).is_err() {
                        eprintln!(
                            "unspun: {}:{line_number}: not UTF-8; invalid bytes read as U+FFFD",
                            input.display()
                        );
                        let fixed = String::from_utf8_lossy(&text[start..end]).into_owned();
                        text.truncate(start);
                        text.extend_from_slice(fixed.as_bytes());
                        end = text.len();
                    }
                    lines.push(start..end);
                }
                if lines.is_empty() {
                    break;
                }
                // Every line is UTF-8 now (`unwrap_or_default` never applies).
                let line_text = |r: &std::ops::Range<usize>| {
                    std::str::from_utf8(&text[r.clone()]).unwrap_or_default()
                };
                ids.clear();
                ends.clear();
                if *raw {
                    // All words of the batch at once: their vocabulary
                    // lookups overlap.
                    let mut words: Vec<&[u8]> = Vec::with_capacity(text.len() / 4);
                    for r in &lines {
                        let line = &text[r.clone()];
                        if line.is_ascii() {
                            words.extend(ascii_words(line));
                        } else {
                            words.extend(line_text(r).split_whitespace().map(str::as_bytes));
                        }
                        ends.push(words.len());
                    }
                    m.index_words(words, &mut ids);
                } else {
                    for r in &lines {
                        let w = words_for_model(line_text(r));
                        m.index_words(w.iter().map(|w| w.as_bytes()), &mut ids);
                        ends.push(ids.len());
                    }
                }
                let batch: Vec<&[WordId]> = ends
                    .iter()
                    .scan(0, |from, &to| {
                        let s = &ids[*from..to];
                        *from = to;
                        Some(s)
                    })
                    .collect();
                scores.clear();
                m.score_sentences(&batch, true, true, &mut scores);
                for s in &scores {
                    total += s.log10;
                    known += s.log10_known;
                    words += s.words;
                    oovs += s.oovs;
                    sentences += 1;
                    if *per_line {
                        let ppl = 10f64.powf(-s.log10 / (s.words + 1) as f64);
                        writeln!(out, "{:.8}\t{ppl:.4}\t{}\t{}", s.log10, s.oovs, s.words)?;
                    }
                }
            }
            let secs = t.elapsed().as_secs_f64();
            let cpu_secs = thread_cpu_seconds()
                .zip(cpu_start)
                .map(|(end, start)| end - start);
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
            if let Some(c) = cpu_secs {
                writeln!(out, "tokens_per_cpu_second\t{:.0}", n as f64 / c.max(1e-9))?;
            }
            writeln!(out, "load_seconds\t{load_seconds:.3}")?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(s: &[u8]) -> Vec<&[u8]> {
        ascii_words(s).collect()
    }

    #[test]
    fn ascii_words_split_as_split_whitespace_does() {
        for s in [
            "",
            "   ",
            "one",
            "  two  words ",
            "a\tb\nc\x0bd\x0ce\rf",
            "eightchr ninechars tenletters",
            "a\x01b \x1fc\x7f",
            "exactly8",
            "averyveryverylongwordindeed, and\tthen\x0b\x0bmore",
        ] {
            let want: Vec<&[u8]> = s.split_whitespace().map(str::as_bytes).collect();
            assert_eq!(split(s.as_bytes()), want, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn ascii_words_agree_with_split_whitespace(
            s in proptest::collection::vec(
                prop_oneof![Just(b' '), Just(b'\t'), Just(0x0bu8), Just(0x01u8), 0x00u8..0x80],
                0..64,
            )
        ) {
            let text = std::str::from_utf8(&s).unwrap();
            let want: Vec<&[u8]> = text.split_whitespace().map(str::as_bytes).collect();
            prop_assert_eq!(split(&s), want);
        }
    }
}
