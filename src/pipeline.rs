//! Scoring a stream of documents in parallel, in input order, with
//! bounded memory.
//!
//! Documents are read in batches (at most [`BATCH_DOCS`] documents or
//! [`BATCH_BYTES`] bytes of text), each batch is scored on a rayon pool, and
//! the results are handed to the sink in input order. Memory therefore stays
//! bounded by the batch size, whatever the input size.

use rayon::prelude::*;

use crate::detector::Detector;
use crate::error::Result;
use crate::io::input::Document;
use crate::report::{Label, Report};

/// Most documents in one batch.
pub const BATCH_DOCS: usize = 1024;
/// Most bytes of text in one batch.
pub const BATCH_BYTES: usize = 16 << 20;
/// Most bytes of one document that are scored (1 MiB): the rest of a longer
/// document is not looked at, and the document carries a warning. Scoring
/// holds tens of times the document's size in memory (tokens, LM states,
/// swap candidates), so this bounds memory and time per thread.
pub const MAX_SCORED_BYTES: usize = 1 << 20;

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Counts kept while a stream is scored.
#[derive(Debug, Clone, Default)]
pub struct RunCounts {
    /// Documents read (including those that could not be parsed).
    pub documents: u64,
    /// Documents that could not be read (label `error`).
    pub errors: u64,
    /// Files that could not be opened, or broke while being read (a
    /// truncated `.gz`/`.zst`, a read error).
    pub failed_files: u64,
    /// Documents scored with a warning (invalid UTF-8 replaced, only a
    /// prefix scored, no words).
    pub warnings: u64,
    /// Bytes of document text scored.
    pub text_bytes: u64,
}

/// Score one document, turning a read problem into an `error` report.
/// Only the first [`MAX_SCORED_BYTES`] of the text are scored.
pub fn score_document(detector: &Detector, doc: &Document) -> Report {
    match &doc.problem {
        Some(_) => Report::bare(Label::Error, 0),
        None => detector.score(prefix(&doc.text, MAX_SCORED_BYTES)),
    }
}

/// Add `more` to a document's warning.
fn warn(doc: &mut Document, more: String) {
    doc.warning = Some(match doc.warning.take() {
        Some(w) => format!("{w}; {more}"),
        None => more,
    });
}

/// Score every document from `docs` on `pool` (on the calling thread when
/// there is none), calling `sink` for each in input order. `on_file_error`
/// is told about inputs that could not be read at all; `on_problem` about
/// documents with a read problem or warning
/// (a document whose text is longer than [`MAX_SCORED_BYTES`], or that has
/// no words, gets a warning here).
///
/// # Errors
/// Only what `sink` returns (an output error stops the run).
pub fn run<I, S>(
    docs: I,
    detector: &Detector,
    pool: Option<&rayon::ThreadPool>,
    mut on_file_error: impl FnMut(&crate::Error),
    mut on_problem: impl FnMut(&Document),
    mut sink: S,
) -> Result<RunCounts, std::io::Error>
where
    I: Iterator<Item = Result<Document>>,
    S: FnMut(&Document, &Report) -> std::io::Result<()>,
{
    let mut counts = RunCounts::default();
    let mut docs = docs.peekable();
    loop {
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        while batch.len() < BATCH_DOCS && bytes < BATCH_BYTES {
            match docs.next() {
                None => break,
                Some(Err(e)) => {
                    counts.failed_files += 1;
                    on_file_error(&e);
                }
                Some(Ok(doc)) => {
                    bytes += doc.text.len();
                    batch.push(doc);
                }
            }
        }
        if batch.is_empty() {
            return Ok(counts);
        }
        let reports: Vec<Report> = match pool {
            Some(pool) => pool.install(|| {
                batch
                    .par_iter()
                    .map(|d| score_document(detector, d))
                    .collect()
            }),
            None => batch.iter().map(|d| score_document(detector, d)).collect(),
        };
        for (doc, report) in batch.iter_mut().zip(&reports) {
            counts.documents += 1;
            counts.text_bytes += doc.text.len() as u64;
            if doc.problem.is_some() {
                counts.errors += 1;
            } else {
                if doc.text.len() > MAX_SCORED_BYTES {
                    let more = format!(
                        "document is {} bytes; only the first {} MiB scored",
                        doc.text.len(),
                        MAX_SCORED_BYTES >> 20
                    );
                    warn(doc, more);
                }
                if report.label == Label::Empty {
                    warn(doc, "empty document (no words)".to_string());
                }
            }
            if doc.is_read_failure {
                counts.failed_files += 1;
            }
            if doc.warning.is_some() {
                counts.warnings += 1;
            }
            if doc.problem.is_some() || doc.warning.is_some() {
                on_problem(doc);
            }
            sink(doc, report)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ends_on_a_character_boundary() {
        assert_eq!(prefix("abc", 10), "abc");
        assert_eq!(prefix("abc", 2), "ab");
        // 'é' is two bytes: a cut inside it moves back before it.
        assert_eq!(prefix("aé", 2), "a");
        assert_eq!(prefix("aé", 3), "aé");
        assert_eq!(prefix("", 0), "");
    }
}
