//! Reading dictionaries in their tab-separated wire format.
//!
//! # Wire format
//!
//! One entry per line, UTF-8, four fields separated by single tabs:
//!
//! ```text
//! # comment lines start with '#'; blank lines are ignored
//! spun<TAB>original<TAB>source<TAB>weight
//! lawyer normal<TAB>attorney general<TAB>curated<TAB>0.95
//! profound learning<TAB>deep learning<TAB>pps<TAB>0.9
//! machine learning<TAB><TAB>whitelist<TAB>1
//! ```
//!
//! - `spun`: the phrase to find (required). It is normalised with
//!   [`crate::text::tokenize`] when loaded, so case, typographic apostrophes
//!   and dashes, and spacing around punctuation do not matter
//!   ("P.C" and "p . c" are the same phrase).
//! - `original`: the phrase the spinner most likely replaced; may be empty
//!   when unknown.
//! - `source`: one of `curated`, `pps`, `mined`, `user`, `whitelist`.
//!   `whitelist` entries are phrases that must never count as evidence.
//! - `weight`: a decimal number in (0, 1], how sure a hit is spinning.
//!   Whitelist entries need a weight too (use `1`); it is ignored.
//!
//! A trailing carriage return is stripped (CRLF files load). Any other
//! deviation is an [`Error::Format`] that names the
//! file and the 1-based line.

use crate::dict::{Entry, Source};
use crate::text::tokenize::tokenize;
use crate::{Error, Result};

/// Number of tab-separated fields on an entry line.
pub const FIELD_COUNT: usize = 4;

/// Normalise a phrase the way matching sees text: tokenise, then join the
/// normalised tokens with single spaces.
pub fn normalize_phrase(phrase: &str) -> String {
    tokenize(phrase).normalized_text().to_string()
}

/// Parse the weight field.
fn parse_weight(field: &str) -> std::result::Result<f32, String> {
    let weight: f32 = field
        .trim()
        .parse()
        .map_err(|_| format!("weight {field:?} is not a number; expected a number in (0, 1]"))?;
    if !(weight > 0.0 && weight <= 1.0) {
        return Err(format!(
            "weight {field} is out of range; expected a number in (0, 1]"
        ));
    }
    Ok(weight)
}

/// Parse one non-comment line into an entry.
fn parse_line(line: &str) -> std::result::Result<Entry, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != FIELD_COUNT {
        return Err(format!(
            "expected {FIELD_COUNT} tab-separated fields (spun, original, source, weight), found {}",
            fields.len()
        ));
    }
    let spun = normalize_phrase(fields[0]);
    if spun.is_empty() {
        return Err("the spun phrase (field 1) is empty".to_string());
    }
    let original = fields[1].trim().to_string();
    if normalize_phrase(&original) == spun {
        return Err(format!(
            "the original (field 2) is the spun phrase {spun:?} itself: it would flag every use of it"
        ));
    }
    let source: Source = fields[2].trim().parse()?;
    let weight = parse_weight(fields[3])?;
    Ok(Entry {
        spun,
        original,
        source,
        weight,
    })
}

/// Parse a whole dictionary text. `name` is used in error messages (a path
/// or a resource name such as `built-in dictionary`).
///
/// # Errors
///
/// [`Error::Format`] naming `name` and the line for the first malformed
/// line: wrong number of fields, empty spun phrase, an original that is
/// the spun phrase itself, unknown source, or a weight that is not a
/// number in (0, 1].
pub fn parse(name: &str, text: &str) -> Result<Vec<Entry>> {
    lines(name, text).collect()
}

/// Parse a dictionary text and collect every malformed line instead of
/// stopping at the first, for `unspun dict check`.
///
/// Returns the good entries and one error per bad line, in line order.
pub fn parse_all(name: &str, text: &str) -> (Vec<Entry>, Vec<Error>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for line in lines(name, text) {
        match line {
            Ok(entry) => entries.push(entry),
            Err(e) => errors.push(e),
        }
    }
    (entries, errors)
}

/// Each entry line of a dictionary text (blank lines and comments passed
/// over, a byte-order mark and CR line ends allowed), parsed, or the error
/// naming `name` and its line.
fn lines<'a>(name: &'a str, text: &'a str) -> impl Iterator<Item = Result<Entry>> + 'a {
    crate::text::without_bom(text)
        .lines()
        .enumerate()
        .filter_map(move |(i, raw)| {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                return None;
            }
            Some(parse_line(line).map_err(|msg| Error::format_at(name, i as u64 + 1, msg)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_comments_and_crlf() {
        let text = "# header\n\nLawyer  Normal\tattorney general\tcurated\t0.95\r\nP.C\tpercent\tcurated\t1\nmachine learning\t\twhitelist\t1\n";
        let entries = parse("t.tsv", text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].spun, "lawyer normal");
        assert_eq!(entries[0].original, "attorney general");
        assert_eq!(entries[0].source, Source::Curated);
        assert_eq!(entries[1].spun, "p . c");
        assert_eq!(entries[1].weight, 1.0);
        assert_eq!(entries[2].source, Source::Whitelist);
        assert_eq!(entries[2].original, "");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_entry() {
        let text = "\u{feff}lawyer normal\tattorney general\tuser\t0.9\n";
        let entries = parse("d.tsv", text).unwrap();
        assert_eq!(entries[0].spun, "lawyer normal");
        let (all, errors) = parse_all(
            "d.tsv",
            "\u{feff}# a comment\nsoccer trainer\tfootball coach\tuser\t0.8\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(all[0].spun, "soccer trainer");
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            ("a b\tc\n", "t.tsv:1: expected 4 tab-separated fields"),
            (
                "# c\na\tb\tpps\t0.5\n\tb\tpps\t0.5\n",
                "t.tsv:3: the spun phrase",
            ),
            ("a\tb\tnews\t0.5\n", "t.tsv:1: unknown source \"news\""),
            ("a\tb\tpps\tx\n", "t.tsv:1: weight \"x\" is not a number"),
            ("a\tb\tpps\t0\n", "t.tsv:1: weight 0 is out of range"),
            ("a\tb\tpps\t1.5\n", "t.tsv:1: weight 1.5 is out of range"),
            ("a\tb\tpps\tNaN\n", "t.tsv:1: weight NaN is out of range"),
            (
                "Lawyer  Normal\tlawyer normal\tuser\t0.9\n",
                "t.tsv:1: the original (field 2) is the spun phrase",
            ),
        ];
        for (text, want) in cases {
            let err = parse("t.tsv", text).unwrap_err().to_string();
            assert!(err.starts_with(want), "{err:?} should start with {want:?}");
        }
    }

    #[test]
    fn parse_all_reports_every_bad_line() {
        let (entries, errors) = parse_all("u.tsv", "a\tb\tuser\t1\nbad\nc\t\tuser\t2\n");
        assert_eq!(entries.len(), 1);
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(lines[0].starts_with("u.tsv:2:"));
        assert!(lines[1].starts_with("u.tsv:3:"));
    }
}
