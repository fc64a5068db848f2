//! The word model's columns for every tested word of the body, for fitting
//! the table in `src/features/word_model.rs` (see scripts/word-model.sh).
//!
//! usage: wordfeatures IN.jsonl > OUT.tsv
//! One line per word or number token of each document: id, token index,
//! normalised word, then the columns of `WordEvidence` when the word was
//! tested on a body line (`NA` for a kind of swap not tried), else nothing.
//! Scored as `unspun calibrate` scores: no language gate.
use std::io::{BufRead, Write};

use unspun::text::tokenize::{tokenize, TokenKind};
use unspun::DetectorBuilder;

fn opt(x: Option<f32>) -> String {
    x.map_or("NA".to_string(), |g| g.to_string())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: wordfeatures IN.jsonl")?;
    let mut builder = DetectorBuilder::new();
    builder.check_language(false).neutral_weights();
    let detector = builder.build()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "id\ttoken\tword\tbest_gain\tsingle\tphrase\tpair\tunigram_log10\tlog10\tchars\tngram_len\tnext_ngram_len\tsentence_first\toccurrences"
    )?;
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or("");
        let text = v["text"].as_str().unwrap_or("");
        let tokens = tokenize(text);
        let words = detector
            .analyze(text)
            .features
            .map(|f| f.words)
            .unwrap_or_default();
        let mut next = words.iter().peekable();
        for i in 0..tokens.len() {
            if tokens.token(i).kind == TokenKind::Punct {
                continue;
            }
            write!(out, "{id}\t{i}\t{}", tokens.norm(i))?;
            while next.peek().is_some_and(|w| w.test.token < i) {
                next.next();
            }
            if let Some(w) = next.next_if(|w| w.test.token == i) {
                write!(
                    out,
                    "\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    w.test.best_gain,
                    opt(w.test.single),
                    opt(w.test.phrase),
                    opt(w.test.pair),
                    w.unigram_log10,
                    w.log10,
                    w.chars,
                    w.ngram_len,
                    w.next_ngram_code(),
                    u8::from(w.is_sentence_first),
                    w.occurrences,
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
