//! What each swap's evidence weight is computed from, for fitting the
//! model in `src/detector/swap_weight.rs` (see scripts/swap-weight.sh).
//!
//! usage: swapweights IN.jsonl > OUT.tsv
//! One line per swap shown as evidence (without the phrase dictionary):
//! id, Unicode character offsets of the span (start, end exclusive), the
//! swap's gain and the highest log ratio each word model gives a word of
//! the span. Scored as `unspun calibrate` scores: no language gate.
use std::io::{BufRead, Write};

use unspun::DetectorBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: swapweights IN.jsonl")?;
    let mut builder = DetectorBuilder::new();
    builder
        .check_language(false)
        .builtin_dictionary(false)
        .mt(false)
        .neutral_weights();
    let detector = builder.build()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "id\tstart\tend\tgain\tln_lr_whole\tln_lr_fixed")?;
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or("");
        let text = v["text"].as_str().unwrap_or("");
        for s in detector.analyze(text).swaps {
            writeln!(
                out,
                "{id}\t{}\t{}\t{}\t{}\t{}",
                s.start, s.end, s.gain, s.ln_lr_whole, s.ln_lr_fixed
            )?;
        }
    }
    Ok(())
}
