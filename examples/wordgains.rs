//! Per-word best swap gains, for measuring the word likelihood ratios in
//! `src/features.rs` (see scripts/word-lr.sh).
//!
//! usage: wordgains IN.jsonl > OUT.tsv
//! Each scored word: id, token index, word, best gain (`NA` when not
//! probed), whether it is a content word (1) or a function word (0).
use std::io::{BufRead, Write};

use unspun::lm::Model;
use unspun::scored::score_sentences;
use unspun::swap::{is_stopword, SwapConfig, SwapFinder};
use unspun::text::segment;
use unspun::text::tokenize::tokenize;
use unspun::thesaurus::Thesaurus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: wordgains IN.jsonl")?;
    let model = Model::builtin()?;
    let finder = SwapFinder::new(model.clone(), Thesaurus::builtin()?, SwapConfig::default());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or("");
        let text = v["text"].as_str().unwrap_or("");
        let tokens = tokenize(text);
        let scored = score_sentences(&model, &tokens, &segment::sentences(&tokens));
        let found = finder.find(&tokens, &scored);
        let tested: std::collections::HashMap<usize, f32> =
            found.tests.iter().map(|t| (t.token, t.best_gain)).collect();
        for s in &scored {
            for w in &s.words {
                let word = tokens.norm(w.token);
                let gain = tested
                    .get(&w.token)
                    .map_or("NA".to_string(), |g| format!("{g:.3}"));
                let content = word
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
                    && !is_stopword(word);
                writeln!(
                    out,
                    "{id}\t{}\t{word}\t{gain}\t{}",
                    w.token,
                    u8::from(content)
                )?;
            }
        }
    }
    Ok(())
}
