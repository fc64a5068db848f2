//! A context-blind synonym spinner, for making training and evaluation
//! data (and for users who need the same).
//!
//! It does what content-farm spinners do: picks a share of the content
//! words (and thesaurus phrases) and replaces each with a random synonym,
//! without looking at the context. Capitalisation of the first letter is
//! kept. Which thesaurus sources it may draw from is a mask, so that an
//! evaluation can spin with one thesaurus and detect with another.
//!
//! Real spinners differ in ways a detector trained on one spinner can
//! overfit to, so [`SpinStyle`] varies them: whether a word gets the same
//! synonym at each occurrence (a spinner working from a fixed table), whether
//! the synonym is drawn from the few most frequent ones (a curated table of
//! common words, not the whole thesaurus), and whether capitalised words
//! that open a sentence are spun too.

use std::collections::HashMap;

use crate::lm::Model;
use crate::swap::is_stopword;
use crate::text::tokenize::{tokenize, TokenKind, Tokens};
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
    /// Content words that could have been replaced.
    pub candidates: usize,
    /// Each replacement, in text order.
    pub edits: Vec<Edit>,
}

impl Spun {
    /// Content words (and phrases) replaced.
    pub fn replaced(&self) -> usize {
        self.edits.len()
    }
}

/// One replacement the spinner made.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Unicode character offset of the synonym in the spun text.
    pub start: usize,
    /// The same of its end (exclusive).
    pub end: usize,
    /// The synonym, as written in the spun text.
    pub text: String,
    /// The words it replaced, as the input had them.
    pub original: String,
}

/// How a [`Spinner`] chooses, beyond its rate and thesaurus.
#[derive(Debug, Clone, Default)]
pub struct SpinStyle {
    /// Every occurrence of a word (or phrase) that is replaced gets the
    /// synonym chosen the first time, as a spinner with a fixed table does.
    pub is_consistent: bool,
    /// Draw each synonym from the `common` most frequent ones among those
    /// two thesaurus sources agree on (all, when none is), not from all of
    /// them. A synonym's frequency is estimated from this model's
    /// unigram log10 of its rarest word, less 1 for each further word (a
    /// phrase is rarer than its rarest word); synonyms with a word the
    /// model lacks are left out.
    pub common: Option<(Model, usize)>,
    /// Spin capitalised words that open a sentence (after `.`, `!`, `?`),
    /// not only those that open a line.
    pub spins_sentence_starts: bool,
    /// Spin thesaurus phrases of up to three words as one ("secretary of
    /// state"), not only of two.
    pub spins_three_word_phrases: bool,
    /// Look words up one at a time, never a phrase of the input as one,
    /// as a spinner whose table is keyed by single words does: "attorney
    /// general" becomes "lawyer normal", not "prosecutor". A synonym may
    /// still be a phrase ("campaign" -> "political campaign").
    pub is_word_by_word: bool,
    /// With `common`: of those most frequent synonyms, take the one the
    /// model finds likeliest in the words around (two before, two after)
    /// instead of one at random, as a table's editor picks the synonym that
    /// reads well; with `is_consistent`, where the word first occurs.
    pub is_plausible: bool,
    /// Work from one table for every document, as a real spinner does:
    /// whether the table holds a word (or phrase) is decided once, from
    /// this seed and the word alone, and every occurrence of a word it
    /// holds is replaced, in every document, by the one synonym the table
    /// gives it (with `is_plausible`, chosen where the word first occurs
    /// in each document). The rate is then the share of words (types) the
    /// table holds, not of occurrences; implies `is_consistent`.
    pub table_seed: Option<u64>,
}

/// FNV-1a of `s`: a hash that stays the same across builds and platforms,
/// so that a table spinner's table does not change with the toolchain.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Where a span sits in its text, for [`SpinStyle::is_plausible`]: the
/// words on either side are read only when the style asks for them.
struct Around<'a> {
    tokens: &'a Tokens,
    start: usize,
    len: usize,
}

impl<'a> Around<'a> {
    fn new(tokens: &'a Tokens, start: usize, len: usize) -> Around<'a> {
        Around { tokens, start, len }
    }

    /// The words on either side of the span: up to two each, within the
    /// run of word tokens.
    fn words(&self) -> (Vec<&'a str>, Vec<&'a str>) {
        let tokens = self.tokens;
        let is_word = |k: usize| tokens.token(k).kind != TokenKind::Punct;
        let mut before: Vec<&str> = (self.start.saturating_sub(2)..self.start)
            .rev()
            .take_while(|&k| is_word(k))
            .map(|k| tokens.norm(k))
            .collect();
        before.reverse();
        let end = self.start + self.len;
        let after = (end..tokens.len().min(end + 2))
            .take_while(|&k| is_word(k))
            .map(|k| tokens.norm(k))
            .collect();
        (before, after)
    }

    /// The option under which the model finds the window likeliest (the
    /// first of equals).
    fn likeliest<'o>(&self, model: &Model, options: &[&'o str]) -> Option<&'o str> {
        let (before, after) = self.words();
        let index =
            |ws: Vec<&str>| -> Vec<u32> { ws.into_iter().map(|w| model.index(w)).collect() };
        let (before, after) = (index(before), index(after));
        let mut best: Option<(f64, &str)> = None;
        for &o in options {
            let words: Vec<u32> = before
                .iter()
                .copied()
                .chain(o.split(' ').map(|w| model.index(w)))
                .chain(after.iter().copied())
                .collect();
            let log10 = model.score_sentence(&words, false, false).log10;
            if best.is_none_or(|(b, _)| log10 > b) {
                best = Some((log10, o));
            }
        }
        best.map(|(_, o)| o)
    }
}

/// Spins text with a thesaurus.
#[derive(Debug, Clone)]
pub struct Spinner {
    thesaurus: Thesaurus,
    rate: f64,
    sources: u8,
    style: SpinStyle,
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
            style: SpinStyle::default(),
        }
    }

    /// The same spinner with another style.
    pub fn with_style(mut self, style: SpinStyle) -> Spinner {
        self.style = style;
        self
    }

    fn pick(&self, phrase: &str, around: &Around, rng: &mut SplitMix64) -> Option<String> {
        let all: Vec<(&str, u8)> = self
            .thesaurus
            .synonyms(phrase)
            .filter(|s| s.sources & self.sources != 0 && s.text != phrase)
            .map(|s| (s.text, s.sources & self.sources))
            .collect();
        let mut options: Vec<&str> = all.iter().map(|&(t, _)| t).collect();
        if let Some((model, k)) = &self.style.common {
            // Synonyms that two sources agree on, when there are any: a
            // curated table holds core synonyms, not every related word.
            let agreed: Vec<&str> = all
                .iter()
                .filter(|&&(_, m)| (m & !crate::thesaurus::source::INFLECTED).count_ones() >= 2)
                .map(|&(t, _)| t)
                .collect();
            if !agreed.is_empty() {
                options = agreed;
            }
            let mut ranked: Vec<(f32, &str)> = options
                .iter()
                .filter_map(|&o| {
                    let ids: Vec<u32> = o.split(' ').map(|w| model.index(w)).collect();
                    let known = ids.iter().all(|&id| id != 0);
                    let rarest = ids
                        .iter()
                        .map(|&id| model.unigram_log10(id))
                        .fold(f32::INFINITY, f32::min);
                    let estimate = rarest - (ids.len() - 1) as f32;
                    known.then_some((estimate, o))
                })
                .collect();
            // Most frequent first; ties by text, so the order is the same
            // on every run.
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            options = ranked
                .into_iter()
                .take((*k).max(1))
                .map(|(_, o)| o)
                .collect();
            if self.style.is_plausible {
                return around.likeliest(model, &options).map(str::to_string);
            }
        }
        (!options.is_empty()).then(|| options[rng.below(options.len())].to_string())
    }

    /// The synonym for `phrase`: the one chosen before when the style is
    /// consistent, else a new draw.
    fn choose(
        &self,
        phrase: &str,
        around: &Around,
        chosen: &mut HashMap<String, Option<String>>,
        rng: &mut SplitMix64,
    ) -> Option<String> {
        if !self.style.is_consistent && self.style.table_seed.is_none() {
            return self.pick(phrase, around, rng);
        }
        if let Some(c) = chosen.get(phrase) {
            return c.clone();
        }
        let c = match self.style.table_seed {
            // The table's own draw for this phrase, the same in every
            // document.
            Some(seed) => self.pick(
                phrase,
                around,
                &mut SplitMix64::new(seed ^ fnv1a(phrase) ^ 0x5851_f42d_4c95_7f2d),
            ),
            None => self.pick(phrase, around, rng),
        };
        chosen.insert(phrase.to_string(), c.clone());
        c
    }

    /// Whether the spinner replaces this word or phrase where it is
    /// considered: always, unless it works from a table
    /// ([`SpinStyle::table_seed`]) that does not hold it.
    fn holds(&self, phrase: &str) -> bool {
        match self.style.table_seed {
            None => true,
            Some(seed) => SplitMix64::new(seed ^ fnv1a(phrase)).next_f64() < self.rate,
        }
    }

    /// Spin `text`.
    pub fn spin(&self, text: &str, rng: &mut SplitMix64) -> Spun {
        let tokens = tokenize(text);
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut at = 0; // byte position in `text` copied so far
        let mut candidates = 0;
        let mut edits = Vec::new();
        // Characters of `out` so far (edits give character offsets).
        let mut out_chars = 0;
        let mut chosen = HashMap::new();
        let mut i = 0;
        while i < tokens.len() {
            let tok = tokens.token(i);
            let opens_sentence = tok.starts_line
                || (self.style.spins_sentence_starts
                    && i > 0
                    && tokens.token(i - 1).kind == TokenKind::Punct
                    && text[tokens.token(i - 1).bytes.clone()].ends_with(['.', '!', '?']));
            let is_content = tok.kind == TokenKind::Word
                && !is_stopword(tokens.norm(i))
                && (!tok.is_capitalized || opens_sentence);
            if !is_content {
                i += 1;
                continue;
            }
            candidates += 1;
            if self.style.table_seed.is_none() && rng.next_f64() >= self.rate {
                i += 1;
                continue;
            }
            // A three- or two-word thesaurus phrase first ("attorney
            // general"), else the word alone.
            let mut choice = None;
            for len in [3, 2] {
                if choice.is_some()
                    || self.style.is_word_by_word
                    || (len == 3 && !self.style.spins_three_word_phrases)
                    || i + len > tokens.len()
                    || (1..len).any(|k| tokens.token(i + k).kind != TokenKind::Word)
                {
                    continue;
                }
                let a = tokens.norm_range(i).start;
                let b = tokens.norm_range(i + len - 1).end;
                let phrase = &tokens.normalized_text()[a..b];
                if self.thesaurus.contains(phrase) && self.holds(phrase) {
                    let around = Around::new(&tokens, i, len);
                    choice = self
                        .choose(phrase, &around, &mut chosen, rng)
                        .map(|s| (s, len));
                }
            }
            if choice.is_none() && self.holds(tokens.norm(i)) {
                let around = Around::new(&tokens, i, 1);
                choice = self
                    .choose(tokens.norm(i), &around, &mut chosen, rng)
                    .map(|s| (s, 1));
            }
            match choice {
                Some((synonym, len)) => {
                    let start = tok.bytes.start;
                    let end = tokens.token(i + len - 1).bytes.end;
                    out.push_str(&text[at..start]);
                    out_chars += text[at..start].chars().count();
                    let written = match_case(&text[start..end], &synonym);
                    out.push_str(&written);
                    let written_chars = written.chars().count();
                    edits.push(Edit {
                        start: out_chars,
                        end: out_chars + written_chars,
                        text: written,
                        original: text[start..end].to_string(),
                    });
                    out_chars += written_chars;
                    at = end;
                    i += len;
                }
                None => i += 1,
            }
        }
        out.push_str(&text[at..]);
        Spun {
            text: out,
            candidates,
            edits,
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

    fn spin_with(style: SpinStyle, rate: f64, text: &str, seed: u64) -> String {
        let thesaurus = Thesaurus::builtin().expect("built-in thesaurus");
        let spinner =
            Spinner::new(thesaurus, rate, crate::thesaurus::source::ALL).with_style(style);
        spinner.spin(text, &mut SplitMix64::new(seed)).text
    }

    /// Each edit's offsets slice the spun text to its synonym, and putting
    /// the originals back gives the input, byte for byte, with accented
    /// letters and a dash before and between the edits.
    #[test]
    fn edits_locate_each_replacement_and_undo_it() {
        let text = "Café owners — naïve or not — said the football coach \
                    gave a brilliant speech to the large crowd after the primary election.";
        let thesaurus = Thesaurus::builtin().expect("built-in thesaurus");
        let style = SpinStyle {
            spins_three_word_phrases: true,
            ..SpinStyle::default()
        };
        let spinner = Spinner::new(thesaurus, 0.8, crate::thesaurus::source::ALL).with_style(style);
        let spun = spinner.spin(text, &mut SplitMix64::new(5));
        assert!(spun.edits.len() >= 3, "{spun:?}");
        assert_eq!(spun.edits.len(), spun.replaced());
        let chars: Vec<char> = spun.text.chars().collect();
        let mut undone = String::new();
        let mut at = 0;
        for e in &spun.edits {
            assert!(at <= e.start && e.start < e.end, "{e:?}");
            let slice: String = chars[e.start..e.end].iter().collect();
            assert_eq!(slice, e.text);
            assert_ne!(e.text.to_lowercase(), e.original.to_lowercase());
            undone.extend(&chars[at..e.start]);
            undone.push_str(&e.original);
            at = e.end;
        }
        undone.extend(&chars[at..]);
        assert_eq!(undone, text);
    }

    /// A table spinner replaces every occurrence of the words its table
    /// holds, and the same words with the same synonyms whatever the
    /// document's own random stream; its rate is a share of word types.
    #[test]
    fn a_table_spinner_replaces_every_occurrence_of_the_words_it_holds() {
        let words: Vec<&str> = "committee decision weather village doctor garden journey \
                                market teacher window letter mountain problem answer \
                                kitchen station picture promise river budget"
            .split_whitespace()
            .collect();
        let text: String = words
            .iter()
            .chain(words.iter())
            .map(|w| format!("The {w} mattered."))
            .collect::<Vec<_>>()
            .join(" ");
        let style = SpinStyle {
            table_seed: Some(11),
            ..Default::default()
        };
        let thesaurus = Thesaurus::builtin().expect("built-in thesaurus");
        let spinner = Spinner::new(thesaurus, 0.5, crate::thesaurus::source::ALL).with_style(style);
        let second_word = |out: &str| -> Vec<String> {
            out.split(". ")
                .map(|p| p.split(' ').nth(1).unwrap_or("").to_string())
                .collect()
        };
        let a = spinner.spin(&text, &mut SplitMix64::new(1));
        let b = spinner.spin(&text, &mut SplitMix64::new(99));
        // The document's own stream does not matter.
        assert_eq!(a.text, b.text);
        let out = second_word(&a.text);
        let n = words.len();
        let mut held = 0;
        for (k, w) in words.iter().enumerate() {
            // Both occurrences alike: replaced by one synonym, or both kept.
            assert_eq!(out[k], out[k + n], "{w}: {}", a.text);
            held += usize::from(out[k] != *w);
        }
        // About half the types (a binomial draw of 20 at 0.5 lies in
        // 4..=16 but for a 0.3% chance; the seed fixes it).
        assert!((4..=16).contains(&held), "{held} of {n}: {}", a.text);
        assert_eq!(a.edits.len(), 2 * held);
    }

    #[test]
    fn a_consistent_spinner_gives_a_word_one_synonym() {
        let text = "The committee met. The committee voted. The committee left. \
                    The committee slept.";
        let style = SpinStyle {
            is_consistent: true,
            ..Default::default()
        };
        for seed in 1..6 {
            let out = spin_with(style.clone(), 1.0, text, seed);
            let parts: Vec<&str> = out
                .split(". ")
                .map(|p| p.split(' ').nth(1).unwrap_or(""))
                .collect();
            assert!(parts.iter().all(|p| *p == parts[0]), "{out}");
            assert_ne!(parts[0], "committee", "{out}");
        }
        // Without the style, four draws of one word's synonyms differ.
        let out = spin_with(SpinStyle::default(), 1.0, text, 1);
        let parts: Vec<&str> = out
            .split(". ")
            .map(|p| p.split(' ').nth(1).unwrap_or(""))
            .collect();
        assert!(parts.iter().any(|p| *p != parts[0]), "{out}");
    }

    #[test]
    fn sentence_starts_are_spun_only_with_the_style() {
        let text = "It rained. Yesterday the river rose.";
        let plain = spin_with(SpinStyle::default(), 1.0, text, 3);
        assert!(plain.contains(". Yesterday "), "{plain}");
        let style = SpinStyle {
            spins_sentence_starts: true,
            ..Default::default()
        };
        let out = spin_with(style, 1.0, text, 3);
        assert!(!out.contains(". Yesterday "), "{out}");
        // The capital is kept on the synonym.
        let after = out.split(". ").nth(1).expect("two sentences");
        assert!(after.starts_with(char::is_uppercase), "{out}");
    }

    #[test]
    fn common_synonyms_are_frequent_ones() {
        let model = Model::builtin().expect("built-in model");
        let style = SpinStyle {
            common: Some((model.clone(), 3)),
            ..Default::default()
        };
        // The mean unigram log10 of what replaced "automobile" over many
        // draws is far higher with the style than without it.
        let mean = |style: SpinStyle| {
            (0..40)
                .map(|seed| {
                    let out = spin_with(style.clone(), 1.0, "automobile", seed);
                    out.split(' ')
                        .map(|w| model.unigram_log10(model.index(&w.to_lowercase())))
                        .fold(f32::INFINITY, f32::min)
                })
                .sum::<f32>()
                / 40.0
        };
        let (common, any) = (mean(style), mean(SpinStyle::default()));
        assert!(common > any + 0.5, "{common} {any}");
    }

    /// Word by word, a two-word thesaurus phrase of the input is never
    /// replaced as one: each edit's original is a single word.
    #[test]
    fn word_by_word_spins_each_word_of_a_phrase_alone() {
        let text = "The attorney general praised the football coach.";
        let thesaurus = Thesaurus::builtin().expect("built-in thesaurus");
        assert!(thesaurus.contains("attorney general") && thesaurus.contains("football coach"));
        let spin = |word_by_word: bool, seed: u64| {
            let style = SpinStyle {
                is_word_by_word: word_by_word,
                ..SpinStyle::default()
            };
            Spinner::new(thesaurus.clone(), 1.0, crate::thesaurus::source::ALL)
                .with_style(style)
                .spin(text, &mut SplitMix64::new(seed))
        };
        let mut phrases = 0;
        for seed in 1..6 {
            let spun = spin(true, seed);
            assert!(spun.edits.len() >= 4, "{spun:?}");
            assert!(
                spun.edits.iter().all(|e| !e.original.contains(' ')),
                "{spun:?}"
            );
            phrases += spin(false, seed)
                .edits
                .iter()
                .filter(|e| e.original.contains(' '))
                .count();
        }
        // Without the style the phrases go as wholes.
        assert!(phrases >= 5, "{phrases}");
    }

    /// The plausible style takes the option the model likes best around
    /// the word, whatever the order of the options.
    #[test]
    fn plausible_takes_the_likeliest_option_in_context() {
        let model = Model::builtin().expect("built-in model");
        let tokens = tokenize("The football coach said the team played well.");
        let around = Around::new(&tokens, 2, 1);
        let (before, after) = around.words();
        assert_eq!(before, ["the", "football"]);
        assert_eq!(after, ["said", "the"]);
        for options in [["automobile", "coach"], ["coach", "automobile"]] {
            assert_eq!(around.likeliest(&model, &options), Some("coach"));
        }
        // The window stops at punctuation.
        let tokens = tokenize("Rain fell. Coaches left early.");
        let (before, after) = Around::new(&tokens, 3, 1).words();
        assert!(before.is_empty(), "{before:?}");
        assert_eq!(after, ["left", "early"]);
        // A consistent plausible spinner gives "coach" in a table of
        // two the synonym that reads better there.
        let style = SpinStyle {
            is_consistent: true,
            common: Some((model.clone(), 5)),
            is_plausible: true,
            is_word_by_word: true,
            ..SpinStyle::default()
        };
        let a = spin_with(style.clone(), 1.0, "the football coach said", 1);
        let b = spin_with(style, 1.0, "the football coach said", 2);
        assert_eq!(a, b, "the choice does not depend on the seed");
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(match_case("Lawyer", "attorney"), "Attorney");
        assert_eq!(match_case("lawyer", "attorney"), "attorney");
    }
}
