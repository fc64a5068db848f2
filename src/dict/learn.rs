//! Learning a spinner's table from the swaps it leaves across documents.
//!
//! A content farm spins every article with one table: a word it holds is
//! replaced by the same synonym wherever it occurs. The swap search names
//! such a replacement in each document on its own and with weak evidence
//! each time; across the farm's documents the same swap (spun words ->
//! suggested original) recurs in many of them, where the search's
//! mistakes on clean text seldom do. [`Learner`] counts, over the records
//! of `unspun score`, in how many documents each swap was shown, and
//! [`Learner::entries`] keeps those seen in at least
//! [`LearnConfig::min_docs`] as dictionary entries of source `mined`, so
//! that a second `score` run with them (`--dict`) counts each hit as a
//! witness, checked in its sentence as the built-in mined entries are.
//!
//! Learn from the documents of one source (a site, a feed, a crawl of one
//! domain): over a whole web corpus the search's common mistakes recur in
//! many documents too (see README, "Learning a spinner's table").

use std::collections::HashMap;
use std::io::Write;

use serde_json::Value;

use super::load::normalize_phrase;

/// What [`Learner::entries`] keeps and how it weighs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnConfig {
    /// Documents a swap must be shown in to become an entry.
    pub min_docs: usize,
    /// Only swaps weighing at least this much are counted.
    pub min_swap_weight: f64,
    /// Weight of every learned entry, in (0, 1].
    pub weight: f32,
}

impl Default for LearnConfig {
    fn default() -> Self {
        LearnConfig {
            min_docs: 4,
            min_swap_weight: 0.0,
            weight: 0.3,
        }
    }
}

impl LearnConfig {
    /// Check the settings.
    ///
    /// # Errors
    /// `min_docs` of 0, a swap weight outside [0, 1] or an entry weight
    /// outside (0, 1].
    pub fn validate(&self) -> crate::Result<()> {
        if self.min_docs == 0 {
            return Err(crate::Error::config("--min-docs must be at least 1"));
        }
        if !(0.0..=1.0).contains(&self.min_swap_weight) {
            return Err(crate::Error::config(format!(
                "--min-swap-weight must be between 0 and 1, got {}",
                self.min_swap_weight
            )));
        }
        if !(self.weight > 0.0 && self.weight <= 1.0) {
            return Err(crate::Error::config(format!(
                "--weight must be in (0, 1], got {}",
                self.weight
            )));
        }
        Ok(())
    }
}

/// A learned entry: the spun phrase (normalised as the dictionary matches
/// it), its likely original and the documents it was shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learned {
    /// The spun phrase, normalised.
    pub spun: String,
    /// The suggested original, lower case.
    pub original: String,
    /// Documents whose evidence shows this swap.
    pub docs: usize,
}

/// Counts, over score records, the documents each swap is shown in.
#[derive(Debug, Default)]
pub struct Learner {
    docs: HashMap<(String, String), usize>,
    /// Scored records read.
    pub scored: usize,
    /// Scored records that had a swap.
    pub with_swaps: usize,
}

impl Learner {
    /// An empty learner.
    pub fn new() -> Learner {
        Learner::default()
    }

    /// Count one `unspun score` record, or an input object that `score
    /// --annotate` gave its record as `unspun`. Records without a score
    /// (skipped, empty, errors) are passed over; a swap counts once per
    /// document.
    pub fn add(&mut self, record: &Value, config: &LearnConfig) {
        let record = match record.get("unspun") {
            Some(inner) if inner.is_object() && record.get("score").is_none() => inner,
            _ => record,
        };
        if record.get("score").is_none_or(Value::is_null) {
            return;
        }
        self.scored += 1;
        let mut seen: Vec<(String, String)> = Vec::new();
        let evidence = record.get("evidence").and_then(Value::as_array);
        for e in evidence.into_iter().flatten() {
            if e.get("kind").and_then(Value::as_str) != Some("swap") {
                continue;
            }
            let weight = e.get("weight").and_then(Value::as_f64).unwrap_or(0.0);
            if weight < config.min_swap_weight {
                continue;
            }
            let (Some(text), Some(suggestion)) = (
                e.get("text").and_then(Value::as_str),
                e.get("suggestion").and_then(Value::as_str),
            ) else {
                continue;
            };
            let spun = normalize_phrase(text);
            let original = suggestion.to_lowercase();
            if spun.is_empty() || original.is_empty() || spun == normalize_phrase(&original) {
                continue;
            }
            let key = (spun, original);
            if !seen.contains(&key) {
                seen.push(key);
            }
        }
        if !seen.is_empty() {
            self.with_swaps += 1;
        }
        for key in seen {
            *self.docs.entry(key).or_default() += 1;
        }
    }

    /// The swaps shown in at least `config.min_docs` documents, the most
    /// documents first, then by phrase. When one spun phrase was given
    /// several originals, the one shown in the most documents is kept (a
    /// dictionary holds one original a phrase).
    pub fn entries(&self, config: &LearnConfig) -> Vec<Learned> {
        let mut best: HashMap<&str, (&str, usize)> = HashMap::new();
        for ((spun, original), &n) in &self.docs {
            if n < config.min_docs {
                continue;
            }
            let b = best.entry(spun).or_insert((original, n));
            if (n, std::cmp::Reverse(original.as_str())) > (b.1, std::cmp::Reverse(b.0)) {
                *b = (original, n);
            }
        }
        let mut out: Vec<Learned> = best
            .into_iter()
            .map(|(spun, (original, docs))| Learned {
                spun: spun.to_string(),
                original: original.to_string(),
                docs,
            })
            .collect();
        out.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.spun.cmp(&b.spun)));
        out
    }
}

/// Write learned entries as a dictionary TSV (`spun, original, mined,
/// weight`), each line's document count in a comment above the entries.
///
/// # Errors
/// Writing fails.
pub fn write_tsv(
    entries: &[Learned],
    config: &LearnConfig,
    header: &str,
    mut w: impl Write,
) -> std::io::Result<()> {
    for line in header.lines() {
        writeln!(w, "# {line}")?;
    }
    for e in entries {
        writeln!(w, "# shown in {} documents", e.docs)?;
        writeln!(w, "{}\t{}\tmined\t{}", e.spun, e.original, config.weight)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(swaps: &[(&str, &str, f64)]) -> Value {
        let evidence: Vec<Value> = swaps
            .iter()
            .map(|(t, s, w)| json!({"kind": "swap", "text": t, "suggestion": s, "weight": w}))
            .chain([
                json!({"kind": "lm", "text": "odd window here", "suggestion": null, "weight": 0.9}),
            ])
            .collect();
        json!({"score": 0.4, "label": "clean", "evidence": evidence})
    }

    #[test]
    fn keeps_swaps_shown_in_enough_documents() {
        let config = LearnConfig {
            min_docs: 3,
            ..LearnConfig::default()
        };
        let mut l = Learner::new();
        for i in 0..4 {
            let mut swaps = vec![("Lawyer normal", "attorney general", 0.3)];
            if i < 2 {
                swaps.push(("soccer trainer", "football coach", 0.4));
            }
            // Twice in one document counts once.
            swaps.push(("lawyer normal", "attorney general", 0.2));
            l.add(&record(&swaps), &config);
        }
        l.add(
            &json!({"score": null, "label": "skipped", "evidence": []}),
            &config,
        );
        assert_eq!((l.scored, l.with_swaps), (4, 4));
        // An input object `score --annotate` wrote counts its record.
        let swaps = [("lawyer normal", "attorney general", 0.2)];
        l.add(&json!({"id": "x", "unspun": record(&swaps)}), &config);
        assert_eq!((l.scored, l.with_swaps), (5, 5));
        let e = l.entries(&config);
        assert_eq!(
            e,
            vec![Learned {
                spun: "lawyer normal".into(),
                original: "attorney general".into(),
                docs: 5
            }]
        );
        let mut out = Vec::new();
        write_tsv(&e, &config, "learned\nfrom tests", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "# learned\n# from tests\n# shown in 5 documents\nlawyer normal\tattorney general\tmined\t0.3\n"
        );
        // The file loads as a dictionary.
        let (entries, errors) = crate::dict::load::parse_all("learned.tsv", &text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn light_swaps_and_one_phrase_with_two_originals() {
        let config = LearnConfig {
            min_docs: 2,
            min_swap_weight: 0.5,
            ..LearnConfig::default()
        };
        let mut l = Learner::new();
        for swaps in [
            vec![("shut member", "key component", 0.8), ("bit", "time", 0.2)],
            vec![("shut member", "close member", 0.9), ("bit", "time", 0.3)],
            vec![("shut member", "close member", 0.6)],
            vec![("shut member", "key component", 0.7)],
            vec![("shut member", "close member", 0.7)],
        ] {
            l.add(&record(&swaps), &config);
        }
        // "bit" weighs too little to count; "shut member" keeps the
        // original shown in the most documents.
        let e = l.entries(&config);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].original.as_str(), e[0].docs), ("close member", 3));
    }

    #[test]
    fn bad_settings_are_refused() {
        for c in [
            LearnConfig {
                min_docs: 0,
                ..LearnConfig::default()
            },
            LearnConfig {
                weight: 0.0,
                ..LearnConfig::default()
            },
            LearnConfig {
                min_swap_weight: 1.5,
                ..LearnConfig::default()
            },
        ] {
            assert!(c.validate().is_err(), "{c:?}");
        }
        assert!(LearnConfig::default().validate().is_ok());
    }
}
