//! Output records: JSONL score records, TSV, and annotated pass-through.
//!
//! A score record is one JSON object per line: `{"id": ..., <the fields of
//! [`crate::Report`]>, "error": ..., "warning": ...}` where `error` appears
//! only when the label is `error` (why the document could not be read) and
//! `warning` only when something odd did not stop scoring (invalid UTF-8
//! replaced, only a prefix of an over-long document scored, no words). `--format tsv` prints `id<TAB>score<TAB>label` (score
//! empty when null). `--annotate` prints the input object with one field
//! added, `"unspun": {score, label, lang, tokens, perplexity, evidence}`.

use serde_json::{Map, Value};

use crate::io::input::Document;
use crate::report::Report;

/// How to print score records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per document.
    Jsonl,
    /// `id<TAB>score<TAB>label`.
    Tsv,
    /// The input JSON object with an `unspun` field added.
    Annotate,
}

/// The `unspun` object added to annotated documents.
pub fn unspun_object(report: &Report, error: Option<&str>) -> Value {
    let mut map = match serde_json::to_value(report) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    if let Some(e) = error {
        map.insert("error".into(), Value::String(e.to_string()));
    }
    Value::Object(map)
}

/// The `unspun` object with `error` and the document's warning, if any.
fn unspun_object_of(doc: &Document, report: &Report, error: Option<&str>) -> Value {
    let mut value = unspun_object(report, error);
    if let (Value::Object(map), Some(w)) = (&mut value, &doc.warning) {
        map.insert("warning".into(), Value::String(w.clone()));
    }
    value
}

/// A score record as one JSON line (no line ending).
pub fn score_record(id: &str, report: &Report, error: Option<&str>) -> String {
    id_first(id, unspun_object(report, error))
}

fn id_first(id: &str, object: Value) -> String {
    let mut map = Map::new();
    map.insert("id".into(), Value::String(id.to_string()));
    if let Value::Object(m) = object {
        map.extend(m);
    }
    Value::Object(map).to_string()
}

/// A TSV line (no line ending). Tabs and newlines in the id become spaces.
pub fn tsv_record(id: &str, report: &Report) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let score = report.score.map(|s| format!("{s:.4}")).unwrap_or_default();
    format!("{id}\t{score}\t{}", report.label.as_str())
}

/// The input object with the `unspun` field added, as one JSON line. A
/// document that is not a JSON object becomes `{"id": ..., "text": ...,
/// "unspun": ...}` for a text file, or `{"id": ..., "raw": ..., "unspun":
/// ...}` for a JSONL line that did not parse (`raw` is the line, invalid
/// UTF-8 replaced), so that nothing is lost. The `unspun` object carries
/// `error` (when given) and the document's warning.
pub fn annotated_record(doc: &Document, report: &Report, error: Option<&str>) -> String {
    let mut map = match &doc.object {
        Some(m) => m.clone(),
        None => {
            let mut m = Map::new();
            m.insert("id".into(), Value::String(doc.id.clone()));
            match &doc.raw {
                Some(raw) => m.insert(
                    "raw".into(),
                    Value::String(String::from_utf8_lossy(raw).into_owned()),
                ),
                None => m.insert("text".into(), Value::String(doc.text.clone())),
            };
            m
        }
    };
    map.insert("unspun".into(), unspun_object_of(doc, report, error));
    Value::Object(map).to_string()
}

/// Format a record in the chosen format.
pub fn record(format: OutputFormat, doc: &Document, report: &Report) -> String {
    match format {
        OutputFormat::Jsonl => id_first(
            &doc.id,
            unspun_object_of(doc, report, doc.problem.as_deref()),
        ),
        OutputFormat::Tsv => tsv_record(&doc.id, report),
        OutputFormat::Annotate => annotated_record(doc, report, doc.problem.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Label;

    #[test]
    fn records_have_id_first_and_error_only_on_error() {
        let r = Report::bare(Label::Empty, 0);
        let line = score_record("a\"b", &r, None);
        assert!(
            line.starts_with(r#"{"id":"a\"b","score":null,"label":"empty""#),
            "{line}"
        );
        assert!(!line.contains("error"));
        let r = Report::bare(Label::Error, 0);
        let line = score_record("x", &r, Some("bad"));
        assert!(line.ends_with(r#""error":"bad"}"#), "{line}");
        assert_eq!(tsv_record("a\tb", &r), "a b\t\terror");
    }
}
