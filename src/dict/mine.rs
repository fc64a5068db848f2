//! Dictionary mining: spin common collocations the way a context-blind
//! spinner would and keep the variants the language model finds far less
//! likely than the original ("attorney general" -> "lawyer general").
//!
//! Inputs are bigram count files ([`BigramCounts`]), the language model and
//! the thesaurus. For each common collocation `a b` (relative count at
//! least [`MineConfig::min_count`], both words in the model's vocabulary
//! and content words, or one of them with
//! [`MineConfig::with_function_words`]), each content word is replaced by
//! its first [`MineConfig::synonyms_per_word`] single-word synonyms (those
//! that more thesauri list first, then the most frequent), one word at a
//! time and both together. A variant `x y` is kept when
//!
//! 1. its gain `log10 P(a b) - log10 P(x y)` is at least
//!    [`MineConfig::min_gain`], both phrases scored by
//!    [`Model::score_sentence`] with no context (`P(a) P(b | a)`, no
//!    `<s>` and no `</s>`), so the two are scored alike; and
//! 2. its association drops by at least
//!    [`MineConfig::min_association_drop`]: the association of `a b` is
//!    `log10 P(a b) - log10 P(a) - log10 P(b)` (unigrams), the part of the
//!    gain that does not come from a rarer synonym alone ("a populace" for
//!    "a public" is rarer, but no less fluent); and
//! 3. it is not a common phrase itself: it is absent from the counts, or
//!    its relative count is below the original's divided by
//!    [`MineConfig::common_ratio`].
//!
//! Of the variants kept, at most [`MineConfig::max_per_collocation`] are
//! written: those whose swaps more thesauri list first, then those putting
//! in the most common words (a spinner's table maps a word to common ones,
//! "lawyer" for "attorney", seldom "barrister"), then the highest gain.
//! Ranking by gain first kept the oddest variants ("attorney ecumenical"),
//! which a spinner seldom writes.
//!
//! The weight of a mined entry grows with its gain (see [`weight_for_gain`])
//! and stays at or below [`MineConfig::max_weight`]: a mined entry is a
//! guess, not an observation of spun text.
//!
//! Output is deterministic: collocations are visited by relative count
//! (then alphabetically), candidates in a fixed order, and [`mine`] returns
//! the entries sorted by variant.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use crate::lm::{Model, WordId};
use crate::swap::is_stopword;
use crate::thesaurus::{source, Thesaurus};
use crate::{Error, Result};

use super::load::normalize_phrase;

/// Weight of a mined entry whose gain is exactly the minimum gain.
pub const BASE_WEIGHT: f32 = 0.2;
/// Weight added per log10 unit of gain above the minimum gain.
pub const WEIGHT_PER_LOG10: f32 = 0.1;

/// Tuning of [`mine`].
#[derive(Debug, Clone, PartialEq)]
pub struct MineConfig {
    /// Smallest relative count (count divided by the smallest count of its
    /// file, see [`BigramCounts`]) of a collocation worth spinning.
    pub min_count: f64,
    /// Smallest gain in log10 (original minus variant) of a kept variant.
    pub min_gain: f32,
    /// Smallest drop in association (log10 pointwise mutual information
    /// under the model, see [`mine`]) from the original to a kept variant.
    pub min_association_drop: f32,
    /// A variant whose relative count is at least the original's divided
    /// by this is a common phrase and is dropped.
    pub common_ratio: f64,
    /// Also spin collocations of a function word and a content word
    /// ("a public", "had begun"). Off by default: their variants are mostly
    /// the content word in a rarer register ("had commenced"), which human
    /// news text uses too (see `data/README.md`).
    pub with_function_words: bool,
    /// Synonyms tried per word: those more thesauri list first, then the
    /// most frequent (unigram).
    pub synonyms_per_word: usize,
    /// Variants kept per collocation: swaps listed by more thesauri first,
    /// then swaps to the most common words, then the highest gain.
    pub max_per_collocation: usize,
    /// Variants kept in all, from the most common collocations down.
    pub max_entries: usize,
    /// Largest weight given to a mined entry, in (0, 1].
    pub max_weight: f32,
}

impl Default for MineConfig {
    fn default() -> Self {
        MineConfig {
            min_count: 5.0,
            min_gain: 2.5,
            min_association_drop: 1.0,
            common_ratio: 100.0,
            with_function_words: false,
            synonyms_per_word: 8,
            max_per_collocation: 3,
            max_entries: 40_000,
            max_weight: 0.6,
        }
    }
}

impl MineConfig {
    /// Check that the settings can work.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the first setting out of range.
    pub fn validate(&self) -> Result<()> {
        if !(self.min_count.is_finite() && self.min_count >= 0.0) {
            return Err(Error::config(format!(
                "minimum count {} must be a number >= 0",
                self.min_count
            )));
        }
        if !(self.min_gain.is_finite() && self.min_gain > 0.0) {
            return Err(Error::config(format!(
                "minimum gain {} must be a number > 0",
                self.min_gain
            )));
        }
        if !self.min_association_drop.is_finite() {
            return Err(Error::config(format!(
                "minimum association drop {} must be a number",
                self.min_association_drop
            )));
        }
        if !(self.common_ratio.is_finite() && self.common_ratio >= 1.0) {
            return Err(Error::config(format!(
                "common ratio {} must be a number >= 1",
                self.common_ratio
            )));
        }
        if !(self.max_weight > 0.0 && self.max_weight <= 1.0) {
            return Err(Error::config(format!(
                "maximum weight {} must be in (0, 1]",
                self.max_weight
            )));
        }
        Ok(())
    }
}

/// The weight of a mined entry with gain `gain` (log10), for a run whose
/// minimum gain is `min_gain`: [`BASE_WEIGHT`] at the minimum gain, plus
/// [`WEIGHT_PER_LOG10`] per log10 unit above it, capped at `max_weight`
/// (with the defaults: gain 2.5 -> 0.2, 4.5 -> 0.4, 6.5 and more -> 0.6).
/// Rounded to two decimals; always in (0, `max_weight`].
pub fn weight_for_gain(gain: f32, min_gain: f32, max_weight: f32) -> f32 {
    let w = BASE_WEIGHT + WEIGHT_PER_LOG10 * (gain - min_gain).max(0.0);
    let w = (w.min(max_weight) * 100.0).round() / 100.0;
    w.max(0.01)
}

/// Bigram counts from one or more files, keyed by the lower-cased pair.
///
/// A file has one bigram per line, either `w1 w2<TAB>count` (PyPI
/// `wordsegment` `bigrams.txt`) or `w1 w2 count` (PyPI `symspellpy`
/// `frequency_bigramdictionary_en_243_342.txt`). Lines that differ only in
/// case are summed. Files come at different scales (symspellpy's counts
/// are Web 1T counts times 64), so each count is divided by the smallest
/// count of its file (the file's cut-off): a *relative count* of 10 means
/// ten times as frequent as the rarest bigram the file lists. A bigram in
/// several files keeps its largest relative count.
#[derive(Debug, Clone, Default)]
pub struct BigramCounts {
    relative: HashMap<String, f64>,
}

impl BigramCounts {
    /// No counts.
    pub fn new() -> BigramCounts {
        BigramCounts::default()
    }

    /// Add the bigrams of one file's text; `name` is used in error
    /// messages. Returns the number of distinct bigrams read.
    ///
    /// # Errors
    ///
    /// [`Error::Format`] naming `name` and the line of the first malformed
    /// line (not two words and a count).
    pub fn add_text(&mut self, name: &str, text: &str) -> Result<usize> {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for (no, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let (words, count) = match line.rsplit_once('\t') {
                Some((w, c)) => (w, c),
                None => match line.trim_end().rsplit_once(' ') {
                    Some((w, c)) => (w, c),
                    None => ("", line),
                },
            };
            let count: u64 = count.trim().parse().map_err(|_| {
                Error::format_at(
                    name,
                    no as u64 + 1,
                    format!("count {count:?} is not a whole number; expected `w1 w2<TAB>count` or `w1 w2 count`"),
                )
            })?;
            let mut it = words.split_whitespace();
            let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
                return Err(Error::format_at(
                    name,
                    no as u64 + 1,
                    format!("expected two words before the count, found {words:?}"),
                ));
            };
            *counts
                .entry(format!("{} {}", a.to_lowercase(), b.to_lowercase()))
                .or_default() += count;
        }
        let Some(&floor) = counts.values().filter(|&&c| c > 0).min() else {
            return Ok(0);
        };
        let n = counts.len();
        for (key, count) in counts {
            let r = count as f64 / floor as f64;
            let slot = self.relative.entry(key).or_insert(0.0);
            if r > *slot {
                *slot = r;
            }
        }
        Ok(n)
    }

    /// Add a bigram file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if it cannot be read, else as [`BigramCounts::add_text`].
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<usize> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        self.add_text(&path.display().to_string(), &text)
    }

    /// The relative count of `phrase` (two lower-case words joined by one
    /// space), 0 when absent.
    pub fn relative(&self, phrase: &str) -> f64 {
        self.relative.get(phrase).copied().unwrap_or(0.0)
    }

    /// Number of distinct bigrams.
    pub fn len(&self) -> usize {
        self.relative.len()
    }

    /// Whether there are no bigrams.
    pub fn is_empty(&self) -> bool {
        self.relative.is_empty()
    }
}

/// One mined dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct MinedEntry {
    /// The spun variant ("lawyer general").
    pub variant: String,
    /// The collocation it was spun from ("attorney general").
    pub original: String,
    /// log10 P(original) - log10 P(variant), both scored without context.
    pub gain: f32,
    /// Dictionary weight, from [`weight_for_gain`].
    pub weight: f32,
    /// Relative count of the original.
    pub original_count: f64,
}

/// What [`mine`] saw, for the report of `unspun dict mine`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MineStats {
    /// Collocations spun (common, in vocabulary, with a content word).
    pub collocations: usize,
    /// Variants scored.
    pub variants_scored: usize,
    /// Variants dropped because they are common phrases themselves.
    pub dropped_common: usize,
    /// Variants dropped for too small a gain or association drop.
    pub dropped_gain: usize,
    /// Entries returned.
    pub entries: usize,
}

/// Shortest word of a collocation ("l m", "e g" are abbreviations, not
/// collocations).
const MIN_WORD_CHARS: usize = 2;

fn is_plain_word(word: &str) -> bool {
    word.chars().count() >= MIN_WORD_CHARS && normalize_phrase(word) == word && !word.contains(' ')
}

/// A word a spinner may put in: its text, model id and the number of
/// thesauri (Moby, MyThes, WordNet) that list the swap (0: not swapped).
#[derive(Debug, Clone)]
struct Candidate {
    text: String,
    id: WordId,
    sources: u32,
}

/// The single-word synonyms of `word` that the model knows, those listed
/// by more thesauri first, then the most frequent (a spinner's table maps a
/// word to common words: it writes "lawyer" for "attorney", seldom
/// "barrister"), then alphabetically; at most `limit`.
fn synonyms_of(word: &str, model: &Model, thesaurus: &Thesaurus, limit: usize) -> Vec<Candidate> {
    let mut out: Vec<(Candidate, f32)> = thesaurus
        .synonyms(word)
        .filter(|s| s.text != word && is_plain_word(s.text) && !is_stopword(s.text))
        .filter_map(|s| {
            let id = model.index(s.text);
            let sources = (s.sources & source::DICTIONARIES).count_ones().max(1);
            let c = Candidate {
                text: s.text.to_string(),
                id,
                sources,
            };
            (id != 0).then(|| (c, model.unigram_log10(id)))
        })
        .collect();
    out.sort_by(|x, y| {
        y.0.sources
            .cmp(&x.0.sources)
            .then_with(|| y.1.total_cmp(&x.1))
            .then_with(|| x.0.text.cmp(&y.0.text))
    });
    out.truncate(limit);
    out.into_iter().map(|(c, _)| c).collect()
}

fn phrase_log10(model: &Model, a: WordId, b: WordId) -> f32 {
    model.score_sentence(&[a, b], false, false).log10 as f32
}

/// Mine spun variants of the common collocations in `counts`.
///
/// Returns the entries sorted by variant, and counts of what was seen.
/// A variant spun from several collocations keeps the most common one.
///
/// # Errors
///
/// [`Error::Config`] if `config` is out of range.
pub fn mine(
    counts: &BigramCounts,
    model: &Model,
    thesaurus: &Thesaurus,
    config: &MineConfig,
) -> Result<(Vec<MinedEntry>, MineStats)> {
    config.validate()?;
    let mut stats = MineStats::default();

    // Common collocations, most common first.
    let mut collocations: Vec<(&str, &str, f64)> = counts
        .relative
        .iter()
        .filter(|(_, &r)| r >= config.min_count)
        .filter_map(|(key, &r)| {
            let (a, b) = key.split_once(' ')?;
            Some((a, b, r))
        })
        .filter(|(a, b, _)| is_plain_word(a) && is_plain_word(b))
        .filter(|(a, b, _)| match (is_stopword(a), is_stopword(b)) {
            (false, false) => true,
            (true, true) => false,
            _ => config.with_function_words,
        })
        .collect();
    collocations.sort_by(|x, y| {
        y.2.total_cmp(&x.2)
            .then_with(|| x.0.cmp(y.0))
            .then_with(|| x.1.cmp(y.1))
    });

    let mut cache: HashMap<String, Vec<Candidate>> = HashMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out: Vec<MinedEntry> = Vec::new();
    for (a, b, count) in collocations {
        if out.len() >= config.max_entries {
            break;
        }
        let (ia, ib) = (model.index(a), model.index(b));
        if ia == 0 || ib == 0 {
            continue;
        }
        stats.collocations += 1;
        let original = format!("{a} {b}");
        let original_log10 = phrase_log10(model, ia, ib);
        let mut options = |w: &str| -> Vec<Candidate> {
            if is_stopword(w) {
                return Vec::new();
            }
            cache
                .entry(w.to_string())
                .or_insert_with(|| synonyms_of(w, model, thesaurus, config.synonyms_per_word))
                .clone()
        };
        let syn_a = options(a);
        let syn_b = options(b);
        // The word itself, kept: sources 0 marks it as not replaced.
        let keep = |w: &str, id: WordId| {
            [Candidate {
                text: w.to_string(),
                id,
                sources: 0,
            }]
        };
        let (keep_a, keep_b) = (keep(a, ia), keep(b, ib));
        // (entry, (mean number of thesauri listing its swaps, mean unigram
        // log10 of the words it puts in))
        let mut found: Vec<(MinedEntry, (f32, f32))> = Vec::new();
        // One word replaced, then both.
        let rounds: [(&[Candidate], &[Candidate]); 3] =
            [(&syn_a, &keep_b), (&keep_a, &syn_b), (&syn_a, &syn_b)];
        for (firsts, seconds) in rounds {
            for x in firsts {
                for y in seconds {
                    let variant = format!("{} {}", x.text, y.text);
                    if variant == original {
                        continue;
                    }
                    stats.variants_scored += 1;
                    let gain = original_log10 - phrase_log10(model, x.id, y.id);
                    let association_drop = gain
                        - (model.unigram_log10(ia) + model.unigram_log10(ib)
                            - model.unigram_log10(x.id)
                            - model.unigram_log10(y.id));
                    if gain < config.min_gain || association_drop < config.min_association_drop {
                        stats.dropped_gain += 1;
                        continue;
                    }
                    let variant_count = counts.relative(&variant);
                    if variant_count > 0.0 && variant_count * config.common_ratio >= count {
                        stats.dropped_common += 1;
                        continue;
                    }
                    // How common the words put in are: the mean unigram
                    // log10 of the swapped words.
                    let swapped = [x, y].into_iter().filter(|c| c.sources > 0);
                    let (n, sum) = swapped.fold((0u32, 0.0f32), |(n, sum), c| {
                        (n + 1, sum + model.unigram_log10(c.id))
                    });
                    let commonness = sum / n.max(1) as f32;
                    let agreement = (x.sources + y.sources) as f32 / n.max(1) as f32;
                    let entry = MinedEntry {
                        weight: weight_for_gain(gain, config.min_gain, config.max_weight),
                        variant,
                        original: original.clone(),
                        gain,
                        original_count: count,
                    };
                    found.push((entry, (agreement, commonness)));
                }
            }
        }
        // Swaps that more thesauri list first, then those to the most
        // common words (what a spinner's table most likely holds), then the
        // highest gain.
        found.sort_by(|(x, (ax, cx)), (y, (ay, cy))| {
            ay.total_cmp(ax)
                .then_with(|| cy.total_cmp(cx))
                .then_with(|| y.gain.total_cmp(&x.gain))
                .then_with(|| x.variant.cmp(&y.variant))
        });
        let mut kept = 0;
        for (e, _) in found {
            if kept >= config.max_per_collocation || out.len() >= config.max_entries {
                break;
            }
            // Seen from a more common collocation already: that one stays.
            if !seen.insert(e.variant.clone()) {
                continue;
            }
            out.push(e);
            kept += 1;
        }
    }
    out.sort_by(|x, y| x.variant.cmp(&y.variant));
    stats.entries = out.len();
    Ok((out, stats))
}

/// Write mined entries in the dictionary wire format
/// (`variant<TAB>original<TAB>mined<TAB>weight`), after `#` comment lines
/// from `header` (one per line).
///
/// # Errors
///
/// Whatever the writer returns.
pub fn write_tsv(entries: &[MinedEntry], header: &str, mut w: impl Write) -> std::io::Result<()> {
    for line in header.lines() {
        writeln!(w, "# {line}")?;
    }
    for e in entries {
        writeln!(w, "{}\t{}\tmined\t{}", e.variant, e.original, e.weight)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_counts() -> BigramCounts {
        let mut c = BigramCounts::new();
        // wordsegment layout, with a case duplicate.
        c.add_text(
            "ws.txt",
            "attorney general\t900000\nAttorney General\t88465\nof the\t5000000\n\
             football coach\t249647\nsome words\t100000\n",
        )
        .unwrap();
        // symspellpy layout, 64 times the scale.
        c.add_text("ss.txt", "lawyer general 6400000\nnew york 384016832\n")
            .unwrap();
        c
    }

    fn models() -> (Model, Thesaurus) {
        (Model::builtin().unwrap(), Thesaurus::builtin().unwrap())
    }

    #[test]
    fn counts_sum_case_duplicates_and_scale_by_file() {
        let c = tiny_counts();
        // 900000 + 88465 summed; the floor of ws.txt is 100000 ("some words").
        assert!((c.relative("attorney general") - 9.88465).abs() < 1e-9);
        assert_eq!(c.relative("some words"), 1.0);
        assert_eq!(c.relative("lawyer general"), 1.0);
        assert!((c.relative("new york") - 60.0025).abs() < 1e-3);
        assert_eq!(c.relative("lawyer normal"), 0.0);
        assert_eq!(c.len(), 6);
    }

    #[test]
    fn malformed_count_lines_name_the_line() {
        let mut c = BigramCounts::new();
        let err = c
            .add_text("bad.txt", "a b\t10\nc d\tmany\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.txt:2"), "{err}");
        let err = c.add_text("bad.txt", "a 10\n").unwrap_err().to_string();
        assert!(err.contains("two words"), "{err}");
    }

    #[test]
    fn attorney_general_is_spun_and_common_variants_are_dropped() {
        let (model, th) = models();
        let mut counts = BigramCounts::new();
        counts
            .add_text(
                "ws.txt",
                "attorney general\t988465\nsome words\t100000\nof the\t5873543\n",
            )
            .unwrap();
        let config = MineConfig {
            min_count: 2.0,
            max_per_collocation: 50,
            ..MineConfig::default()
        };
        let (entries, stats) = mine(&counts, &model, &th, &config).unwrap();
        assert!(stats.collocations >= 1);
        let variants: Vec<&str> = entries.iter().map(|e| e.variant.as_str()).collect();
        assert!(
            variants
                .iter()
                .any(|v| v.starts_with("lawyer ") || v.ends_with(" normal")),
            "{variants:?}"
        );
        for e in &entries {
            assert_ne!(e.variant, e.original);
            assert_eq!(e.original, "attorney general", "{e:?}");
            assert!(e.gain >= config.min_gain);
            assert!(e.weight > 0.0 && e.weight <= config.max_weight);
        }
        // "of the" is function words only: never spun.
        assert!(entries.iter().all(|e| e.original != "of the"));
        // A function word and a content word: only when asked for.
        let mut with_fw = counts.clone();
        with_fw
            .add_text("fw.txt", "had begun\t900000\nz z\t100000\n")
            .unwrap();
        let (plain, _) = mine(&with_fw, &model, &th, &config).unwrap();
        assert!(plain.iter().all(|e| e.original != "had begun"));
        let fw_config = MineConfig {
            with_function_words: true,
            ..config.clone()
        };
        let (fw, _) = mine(&with_fw, &model, &th, &fw_config).unwrap();
        assert!(fw.iter().any(|e| e.original == "had begun"), "{fw:?}");
        assert!(fw.iter().all(|e| e.original != "of the"));
        // Sorted by variant, no duplicates.
        assert!(variants.windows(2).all(|w| w[0] < w[1]));

        // The same variant listed as a common bigram is dropped.
        let dropped = entries[0].variant.clone();
        let mut with_variant = counts.clone();
        with_variant
            .add_text("more.txt", &format!("{dropped}\t500000\nx y\t100000\n"))
            .unwrap();
        let (again, stats2) = mine(&with_variant, &model, &th, &config).unwrap();
        assert!(again.iter().all(|e| e.variant != dropped), "{dropped}");
        assert!(stats2.dropped_common >= 1);

        // Deterministic.
        let (twice, _) = mine(&counts, &model, &th, &config).unwrap();
        assert_eq!(entries, twice);
    }

    #[test]
    fn caps_and_threshold_are_applied() {
        let (model, th) = models();
        let counts = tiny_counts();
        let config = MineConfig {
            min_count: 2.0,
            max_per_collocation: 2,
            max_entries: 3,
            ..MineConfig::default()
        };
        let (entries, _) = mine(&counts, &model, &th, &config).unwrap();
        assert!(entries.len() <= 3);
        let mut per: HashMap<&str, usize> = HashMap::new();
        for e in &entries {
            *per.entry(e.original.as_str()).or_default() += 1;
            // "some words" and "lawyer general" are below the threshold.
            assert!(e.original_count >= 2.0);
        }
        assert!(per.values().all(|&n| n <= 2), "{per:?}");
        assert!(entries.iter().all(|e| e.variant != "lawyer general"));
    }

    #[test]
    fn weights_follow_the_gain_and_stay_modest() {
        assert_eq!(weight_for_gain(2.5, 2.5, 0.6), 0.2);
        assert_eq!(weight_for_gain(4.5, 2.5, 0.6), 0.4);
        assert_eq!(weight_for_gain(20.0, 2.5, 0.6), 0.6);
        assert!(weight_for_gain(2.0, 2.5, 0.6) > 0.0);
        assert!(MineConfig {
            max_weight: 0.0,
            ..MineConfig::default()
        }
        .validate()
        .is_err());
    }

    #[test]
    fn writes_the_wire_format() {
        let e = MinedEntry {
            variant: "lawyer normal".into(),
            original: "attorney general".into(),
            gain: 5.0,
            weight: 0.45,
            original_count: 9.9,
        };
        let mut buf = Vec::new();
        write_tsv(&[e], "mined\nby a test", &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let parsed = super::super::load::parse("t", &text).unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].source, super::super::Source::Mined);
        assert_eq!(parsed[0].weight, 0.45);
    }
}
