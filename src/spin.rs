//! A context-blind synonym spinner, for making training and evaluation
//! data (and for users who need the same).
//!
//! It does what content-farm spinners do: picks a share of the content
//! words (and thesaurus phrases) and replaces each with a random synonym,
//! without looking at the context. Capitalisation of the first letter is
//! kept. Which thesaurus sources it may draw from is a mask, so that an
//! evaluation can spin with one thesaurus and detect with another.

use crate::swap::is_stopword;
use crate::text::tokenize::{tokenize, TokenKind};
use crate::thesaurus::Thesaurus;

/// A small deterministic random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The result of spinning one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Spun {
    /// The spun text.
    pub text: String,
    /// Content words (and phrases) replaced.
    pub replaced: usize,
    /// Content words that could have been replaced.
    pub candidates: usize,
}

/// Spins text with a thesaurus.
#[derive(Debug, Clone)]
pub struct Spinner {
    thesaurus: Thesaurus,
    rate: f64,
    sources: u8,
}

fn match_case(original: &str, replacement: &str) -> String {
    let mut chars = original.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => {
            let mut r = replacement.chars();
            match r.next() {
                Some(first) => first.to_uppercase().chain(r).collect(),
                None => String::new(),
            }
        }
        _ => replacement.to_string(),
    }
}

impl Spinner {
    /// A spinner replacing `rate` (0..=1) of content words with synonyms
    /// from the sources in the `sources` mask (see
    /// [`crate::thesaurus::source`]).
    pub fn new(thesaurus: Thesaurus, rate: f64, sources: u8) -> Spinner {
        Spinner {
            thesaurus,
            rate: rate.clamp(0.0, 1.0),
            sources,
        }
    }

    fn pick(&self, phrase: &str, rng: &mut SplitMix64) -> Option<String> {
        let options: Vec<&str> = self
            .thesaurus
            .synonyms(phrase)
            .filter(|s| s.sources & self.sources != 0 && s.text != phrase)
            .map(|s| s.text)
            .collect();
        (!options.is_empty()).then(|| options[rng.below(options.len())].to_string())
    }

    /// Spin `text`.
    pub fn spin(&self, text: &str, rng: &mut SplitMix64) -> Spun {
        let tokens = tokenize(text);
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut at = 0; // byte position in `text` copied so far
        let mut replaced = 0;
        let mut candidates = 0;
        let mut i = 0;
        while i < tokens.len() {
            let tok = tokens.token(i);
            let is_content = tok.kind == TokenKind::Word
                && !is_stopword(tokens.norm(i))
                && (!tok.is_capitalized || tok.starts_line);
            if !is_content {
                i += 1;
                continue;
            }
            candidates += 1;
            if rng.next_f64() >= self.rate {
                i += 1;
                continue;
            }
            // A two-word thesaurus phrase first ("attorney general"), else
            // the word alone.
            let mut choice = None;
            if i + 1 < tokens.len() && tokens.token(i + 1).kind == TokenKind::Word {
                let a = tokens.norm_range(i).start;
                let b = tokens.norm_range(i + 1).end;
                let pair = &tokens.normalized_text()[a..b];
                if self.thesaurus.contains(pair) {
                    choice = self.pick(pair, rng).map(|s| (s, 2));
                }
            }
            if choice.is_none() {
                choice = self.pick(tokens.norm(i), rng).map(|s| (s, 1));
            }
            match choice {
                Some((synonym, len)) => {
                    let start = tok.bytes.start;
                    let end = tokens.token(i + len - 1).bytes.end;
                    out.push_str(&text[at..start]);
                    out.push_str(&match_case(&text[start..end], &synonym));
                    at = end;
                    replaced += 1;
                    i += len;
                }
                None => i += 1,
            }
        }
        out.push_str(&text[at..]);
        Spun {
            text: out,
            replaced,
            candidates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_uniform_enough() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mean: f64 = (0..10_000).map(|_| a.next_f64()).sum::<f64>() / 10_000.0;
        assert!((mean - 0.5).abs() < 0.02);
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(match_case("Lawyer", "attorney"), "Attorney");
        assert_eq!(match_case("lawyer", "attorney"), "attorney");
    }
}
