//! `unspun thesaurus`: compile, inspect and query synonym tables.
//!
//! - `compile IN.tsv -o OUT.bin`: read a text table, write the binary one
//!   (used by `scripts/build-thesaurus.sh` to make `data/thesaurus.bin`).
//! - `lookup [--thesaurus FILE] WORD...`: print each word's synonyms as
//!   `word<TAB>synonym<TAB>sources`.
//! - `info [FILE]`: phrases, pairs, pairs per source, longest phrase, size.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::thesaurus::{source, Thesaurus};

/// `unspun thesaurus` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ThesaurusCommand {
    /// Compile a text table (head, synonym, source bits) to the binary format.
    Compile {
        /// Input table, TSV (or an existing binary table).
        #[arg(value_name = "IN")]
        input: PathBuf,
        /// Output binary table.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
    },
    /// Print the synonyms of words or phrases.
    Lookup {
        /// Use this table (binary or TSV) instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        thesaurus: Option<PathBuf>,
        /// Words or phrases (quote phrases: "attorney general").
        #[arg(required = true, value_name = "WORD")]
        words: Vec<String>,
    },
    /// Print counts of a table (the built-in one by default).
    Info {
        /// A table file (binary or TSV).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

fn load(path: Option<&Path>) -> anyhow::Result<Thesaurus> {
    Ok(match path {
        Some(p) => Thesaurus::open(p)?,
        None => Thesaurus::builtin()?,
    })
}

fn print_info(th: &Thesaurus, w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "thesaurus:\t{}", th.name())?;
    writeln!(w, "phrases:\t{}", th.phrase_count())?;
    writeln!(w, "heads:\t{}", th.len())?;
    writeln!(w, "pairs:\t{}", th.pair_count())?;
    let counts = th.source_counts();
    for (bit, name) in [
        (source::MOBY, "moby"),
        (source::MYTHES, "mythes"),
        (source::WORDNET, "wordnet"),
        (source::INFLECTED, "inflected"),
    ] {
        let i = bit.trailing_zeros() as usize;
        writeln!(w, "pairs {name}:\t{}", counts[i])?;
    }
    writeln!(w, "max phrase words:\t{}", th.max_phrase_words())?;
    writeln!(w, "binary bytes:\t{}", th.binary_size())
}

/// Run a `thesaurus` subcommand.
pub fn run(cmd: &ThesaurusCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ThesaurusCommand::Compile { input, output } => {
            let th = Thesaurus::open(input)?;
            let tmp = output.with_extension("bin.tmp");
            let file = std::fs::File::create(&tmp).map_err(|e| crate::Error::io(&tmp, e))?;
            th.write_binary(std::io::BufWriter::new(file))?;
            std::fs::rename(&tmp, output).map_err(|e| crate::Error::io(output, e))?;
            let mut err = std::io::stderr().lock();
            writeln!(
                err,
                "{}: {} phrases, {} pairs, {} bytes",
                output.display(),
                th.len(),
                th.pair_count(),
                th.binary_size()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        ThesaurusCommand::Lookup { thesaurus, words } => {
            let th = load(thesaurus.as_deref())?;
            let mut out = super::output(None)?;
            let mut missing = false;
            for word in words {
                let mut any = false;
                for s in th.synonyms(word) {
                    any = true;
                    writeln!(out, "{word}\t{}\t{}", s.text, source::names(s.sources))?;
                }
                if !any {
                    missing = true;
                    out.flush()?;
                    eprintln!("unspun: {word:?}: not in {}", th.name());
                }
            }
            out.flush()?;
            Ok(if missing {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        ThesaurusCommand::Info { file } => {
            let th = load(file.as_deref())?;
            let mut out = super::output(None)?;
            print_info(&th, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
