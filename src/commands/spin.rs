//! `unspun spin`: a context-blind synonym spinner for making training data.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::cli::InputArgs;
use crate::io::input::DocumentReader;
use crate::lm::Model;
use crate::spin::{SpinStyle, Spinner, SplitMix64};
use crate::thesaurus::{source, Thesaurus};

/// `unspun spin`.
#[derive(Debug, Args)]
pub struct SpinArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Share of content words to replace, in [0, 1].
    #[arg(long, default_value_t = 0.2)]
    pub rate: f64,
    /// Random seed (each document's stream also depends on its id).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Thesaurus sources to draw synonyms from: any of moby, mythes,
    /// wordnet, comma-separated.
    #[arg(long, default_value = "moby,mythes,wordnet")]
    pub sources: String,
    /// Give every occurrence of a word the synonym chosen for it first, as
    /// a spinner working from a fixed table does.
    #[arg(long)]
    pub consistent: bool,
    /// Draw each synonym from the N most frequent ones (by the built-in
    /// language model's unigram probability) instead of from all of them,
    /// as a spinner with a curated table of common words does; 0: all.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub common: usize,
    /// Also spin capitalised words that open a sentence.
    #[arg(long)]
    pub sentence_starts: bool,
    /// Also spin thesaurus phrases of three words as one.
    #[arg(long)]
    pub three_word_phrases: bool,
    /// Look words up one at a time, never a phrase of the input as one,
    /// as a spinner whose table is keyed by single words does ("attorney
    /// general" -> "lawyer normal").
    #[arg(long)]
    pub word_by_word: bool,
    /// With --common: of those synonyms, take the one the built-in
    /// language model finds likeliest in the two words either side (where
    /// the word first occurs, with --consistent), not one at random.
    #[arg(long, requires = "common")]
    pub plausible: bool,
    /// Work from one table, as a real spinner does: whether a word (or
    /// phrase) is in it is decided once, from the seed and the word, and
    /// every occurrence of a word it holds is replaced, in every document,
    /// by one synonym. --rate is then the share of words (types) the table
    /// holds, not of occurrences. Implies --consistent.
    #[arg(long)]
    pub table: bool,
    /// Use this thesaurus instead of the built-in one.
    #[arg(long)]
    pub thesaurus: Option<PathBuf>,
    /// Write to this file instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

fn parse_sources(s: &str) -> anyhow::Result<u8> {
    let mut mask = 0;
    for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        mask |= match name {
            "moby" => source::MOBY,
            "mythes" => source::MYTHES,
            "wordnet" => source::WORDNET,
            other => anyhow::bail!("unknown thesaurus source {other:?} (moby, mythes, wordnet)"),
        };
    }
    anyhow::ensure!(mask != 0, "--sources names no source");
    Ok(mask)
}

/// Run `unspun spin`. Output: the input object (or `{"id"}` for text files)
/// with the text spun and `spin_rate`, `spin_replaced`, `spin_candidates`
/// and `spin_edits` added.
pub fn run(args: &SpinArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!((0.0..=1.0).contains(&args.rate), "--rate must be in [0, 1]");
    anyhow::ensure!(
        !args.plausible || args.common > 0,
        "--plausible chooses among the --common N most frequent synonyms: give N > 0"
    );
    let thesaurus = match &args.thesaurus {
        Some(p) => Thesaurus::open(p)?,
        None => Thesaurus::builtin()?,
    };
    let style = SpinStyle {
        is_consistent: args.consistent,
        common: match args.common {
            0 => None,
            n => Some((Model::builtin()?, n)),
        },
        spins_sentence_starts: args.sentence_starts,
        spins_three_word_phrases: args.three_word_phrases,
        is_word_by_word: args.word_by_word,
        is_plausible: args.plausible,
        table_seed: args.table.then_some(args.seed),
    };
    let spinner =
        Spinner::new(thesaurus, args.rate, parse_sources(&args.sources)?).with_style(style);
    let files = args.input.files()?;
    let options = args.input.options();
    let mut out = super::output(args.output.as_deref())?;
    let mut failed = false;
    for doc in DocumentReader::new(files, options.clone()) {
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                eprintln!("unspun: {e}");
                failed = true;
                continue;
            }
        };
        if let Some(p) = &doc.problem {
            eprintln!("unspun: {}: {p}", doc.location);
            failed = true;
            continue;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        doc.id.hash(&mut h);
        let mut rng = SplitMix64::new(args.seed ^ h.finish());
        let spun = spinner.spin(&doc.text, &mut rng);
        let mut obj = doc.object.clone().unwrap_or_else(|| {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), doc.id.clone().into());
            m
        });
        match crate::io::input::field_mut(&mut obj, &options.text_field) {
            Some(text) => *text = spun.text.into(),
            None => {
                obj.insert(options.text_field.clone(), spun.text.into());
            }
        }
        obj.insert("spin_rate".into(), args.rate.into());
        obj.insert("spin_replaced".into(), spun.edits.len().into());
        obj.insert("spin_candidates".into(), spun.candidates.into());
        let edits: Vec<serde_json::Value> = spun
            .edits
            .iter()
            .map(|e| {
                serde_json::json!({"start": e.start, "end": e.end, "text": e.text, "original": e.original})
            })
            .collect();
        obj.insert("spin_edits".into(), edits.into());
        writeln!(out, "{}", serde_json::Value::Object(obj))?;
    }
    out.flush()?;
    // 1, as for `score`: some input could not be read (2 is for usage
    // errors, which stop a run).
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
