//! The language gate: is this document (or this paragraph) English?
//!
//! whatlang looks at a prefix of the text ([`PREFIX_BYTES`]): its speed is
//! about 10 MB/s, so reading whole documents would cost more than scoring
//! them.

/// How many bytes of a text whatlang reads.
pub const PREFIX_BYTES: usize = 2048;

/// A detected language.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// ISO 639-3 code ("eng").
    pub code: &'static str,
    /// whatlang's confidence in [0, 1].
    pub confidence: f64,
}

impl Detected {
    /// Whether this is English.
    pub fn is_english(&self) -> bool {
        self.code == "eng"
    }
}

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

/// Detect the language of (a prefix of) `text`.
pub fn detect(text: &str) -> Option<Detected> {
    let info = whatlang::detect(prefix(text, PREFIX_BYTES))?;
    Some(Detected {
        code: info.lang().code(),
        confidence: info.confidence(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_not() {
        let en =
            detect("The committee met on Tuesday to discuss the budget for next year.").unwrap();
        assert!(en.is_english());
        let de =
            detect("Der Ausschuss traf sich am Dienstag, um den Haushalt zu besprechen.").unwrap();
        assert_eq!(de.code, "deu");
        assert_eq!(prefix("héllo", 2), "h");
    }
}
