//! Text handling: normalisation, tokenisation with character offsets, segmentation.
pub mod normalize;
pub mod segment;
pub mod tokenize;
pub mod web;

/// `text` without the UTF-8 byte-order mark (U+FEFF) that Windows editors
/// put before a file's first line: it is no part of the file's content.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
