//! What each evidence weight is computed from, for fitting the models in
//! `src/detector/evidence_weight.rs` (see scripts/evidence-weight.sh).
//!
//! usage: evidenceweights IN.jsonl > OUT.tsv
//! One line per swap and least likely window shown as evidence (without
//! the phrase dictionary): id, kind (`swap` or `lm`), Unicode character
//! offsets of the span (start, end exclusive), the swap's gain or the
//! window's log10, and the highest log ratio each word model gives a word
//! of the span. Scored as `unspun calibrate` scores: no language gate.
use std::io::{BufRead, Write};

use unspun::detector::Weighed;
use unspun::DetectorBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: evidenceweights IN.jsonl")?;
    let mut builder = DetectorBuilder::new();
    builder
        .check_language(false)
        .builtin_dictionary(false)
        .mt(false)
        .neutral_weights();
    let detector = builder.build()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "id\tkind\tstart\tend\tx\tln_lr_whole\tln_lr_fixed")?;
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or("");
        let text = v["text"].as_str().unwrap_or("");
        for w in detector.analyze(text).weighings {
            let (kind, x) = match w.what {
                Weighed::Swap { gain } => ("swap", gain),
                Weighed::Lm { log10 } => ("lm", log10),
            };
            writeln!(
                out,
                "{id}\t{kind}\t{}\t{}\t{x}\t{}\t{}",
                w.start, w.end, w.ln_lr_whole, w.ln_lr_fixed
            )?;
        }
    }
    Ok(())
}
