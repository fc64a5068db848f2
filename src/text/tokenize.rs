//! Tokenisation that keeps offsets into the original text.
//!
//! A document is split into words, numbers and punctuation. Every token
//! remembers its byte range and its Unicode character range in the original
//! text, and a normalised form (lower case, typographic apostrophes and
//! dashes folded, the Latin ligatures of PDF text such as `ﬁ` spelt out)
//! that the dictionary, the language model and the swap search all agree
//! on.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes ("don't", "o'clock").
    Word,
    /// Anything containing a digit ("12", "1,000", "3.5", "4th", "covid19").
    Number,
    /// A single punctuation or symbol character.
    Punct,
}

/// One token of a [`Tokens`] list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the original text.
    pub bytes: Range<usize>,
    /// Unicode character range in the original text.
    pub chars: Range<usize>,
    /// Byte range of the normalised form in [`Tokens::normalized_text`].
    norm: Range<usize>,
    /// What kind of token this is.
    pub kind: TokenKind,
    /// Whether the original starts with an upper-case letter.
    pub is_capitalized: bool,
    /// Whether a line break (or the start of the text) precedes the token.
    pub starts_line: bool,
    /// Whether a blank line (or the start of the text) precedes the token.
    pub starts_paragraph: bool,
}

/// The tokens of one text, with their normalised forms.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    norm: String,
}

impl Tokens {
    /// The tokens in text order.
    pub fn as_slice(&self) -> &[Token] {
        &self.tokens
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Token `i`.
    pub fn token(&self, i: usize) -> &Token {
        &self.tokens[i]
    }

    /// The normalised form of token `i` (lower case, `'` for apostrophes,
    /// `-` for dashes).
    pub fn norm(&self, i: usize) -> &str {
        &self.norm[self.tokens[i].norm.clone()]
    }

    /// All normalised forms, separated by single spaces.
    pub fn normalized_text(&self) -> &str {
        &self.norm
    }

    /// Byte offset of token `i`'s normalised form in
    /// [`Tokens::normalized_text`].
    pub fn norm_range(&self, i: usize) -> Range<usize> {
        self.tokens[i].norm.clone()
    }

    /// Byte range in the original text of the tokens `range` (not empty):
    /// from the first one's start to the last one's end.
    pub fn bytes_of(&self, range: &Range<usize>) -> Range<usize> {
        self.tokens[range.start].bytes.start..self.tokens[range.end - 1].bytes.end
    }

    /// Number of word and number tokens.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .count()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// The letters a Latin typographic ligature stands for (U+FB00 to
/// U+FB06, as text extracted from PDF keeps them: "ﬁnal"), else `None`.
pub(crate) fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Characters that are part of a word or number token.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Split `text` into tokens.
///
/// Words are maximal runs of letters and digits, joined across a single
/// inner apostrophe ("don't") and, for numbers, across an inner `,` or `.`
/// between digits ("1,000", "3.5"). Every other non-space character is a
/// punctuation token of its own.
pub fn tokenize(text: &str) -> Tokens {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut norm = String::with_capacity(text.len() + 16);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut newline_seen = true;
    let mut newlines = 2usize;
    while i < chars.len() {
        let (byte, c) = chars[i];
        if c.is_whitespace() {
            if c == '\n' {
                newline_seen = true;
                newlines += 1;
            }
            i += 1;
            continue;
        }
        let start_char = i;
        let kind;
        if is_word_char(c) {
            let mut j = i + 1;
            let mut has_digit = c.is_numeric();
            loop {
                if j < chars.len() && is_word_char(chars[j].1) {
                    has_digit |= chars[j].1.is_numeric();
                    j += 1;
                    continue;
                }
                // Inner apostrophe between letters: "don't", "o'clock".
                if j + 1 < chars.len()
                    && is_apostrophe(chars[j].1)
                    && chars[j - 1].1.is_alphabetic()
                    && chars[j + 1].1.is_alphabetic()
                {
                    j += 2;
                    continue;
                }
                // Inner separator between digits: "1,000", "3.5".
                if j + 1 < chars.len()
                    && matches!(chars[j].1, ',' | '.')
                    && chars[j - 1].1.is_ascii_digit()
                    && chars[j + 1].1.is_ascii_digit()
                {
                    j += 2;
                    continue;
                }
                break;
            }
            kind = if has_digit {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            i = j;
        } else {
            kind = TokenKind::Punct;
            i += 1;
        }
        let end_byte = if i < chars.len() {
            chars[i].0
        } else {
            text.len()
        };
        if !norm.is_empty() {
            norm.push(' ');
        }
        let norm_start = norm.len();
        for c in text[byte..end_byte].chars() {
            if is_apostrophe(c) {
                norm.push('\'');
            } else if let Some(letters) = ligature(c) {
                norm.push_str(letters);
            } else if is_dash(c) {
                norm.push('-');
            } else if c.is_uppercase() {
                norm.extend(c.to_lowercase());
            } else {
                norm.push(c);
            }
        }
        tokens.push(Token {
            bytes: byte..end_byte,
            chars: start_char..i,
            norm: norm_start..norm.len(),
            kind,
            is_capitalized: c.is_uppercase(),
            starts_line: newline_seen,
            starts_paragraph: newlines >= 2,
        });
        newline_seen = false;
        newlines = 0;
    }
    Tokens { tokens, norm }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        let t = tokenize(text);
        (0..t.len()).map(|i| t.norm(i).to_string()).collect()
    }

    #[test]
    fn words_numbers_punctuation() {
        assert_eq!(
            norms("The Mayor's 1,000-page plan didn’t pass."),
            vec!["the", "mayor's", "1,000", "-", "page", "plan", "didn't", "pass", "."]
        );
        assert_eq!(norms("p.c of 3.5%"), vec!["p", ".", "c", "of", "3.5", "%"]);
        assert_eq!(norms("  "), Vec::<String>::new());
    }

    #[test]
    fn kinds_and_case() {
        let t = tokenize("Won 12 seats, again");
        let kinds: Vec<_> = t.as_slice().iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            vec![
                TokenKind::Word,
                TokenKind::Number,
                TokenKind::Word,
                TokenKind::Punct,
                TokenKind::Word
            ]
        );
        assert!(t.token(0).is_capitalized);
        assert!(!t.token(2).is_capitalized);
    }

    #[test]
    fn offsets_slice_back_to_the_original() {
        let text = "Ünïcödé “quotes” — and émigrés’ café, naïve 42.";
        let t = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        for tok in t.as_slice() {
            let by_chars: String = chars[tok.chars.clone()].iter().collect();
            assert_eq!(by_chars, &text[tok.bytes.clone()]);
        }
        assert_eq!(&text[t.token(0).bytes.clone()], "Ünïcödé");
    }

    #[test]
    fn ligatures_are_spelt_out_in_the_normal_form_only() {
        let text = "The \u{FB01}nal \u{FB02}ag, e\u{FB03}cient";
        let t = tokenize(text);
        let norms: Vec<&str> = (0..t.len()).map(|i| t.norm(i)).collect();
        assert_eq!(norms, vec!["the", "final", "flag", ",", "efficient"]);
        // Offsets still point at the original characters.
        assert_eq!(&text[t.token(1).bytes.clone()], "\u{FB01}nal");
        assert_eq!(t.token(1).chars, 4..8);
        assert_eq!(t.token(4).kind, TokenKind::Word);
    }

    #[test]
    fn line_and_paragraph_starts() {
        let t = tokenize("Headline\nFirst line.\n\nNew paragraph");
        let starts: Vec<_> = t
            .as_slice()
            .iter()
            .map(|t| (t.starts_line, t.starts_paragraph))
            .collect();
        assert_eq!(
            starts,
            vec![
                (true, true),
                (true, false),
                (false, false),
                (false, false),
                (true, true),
                (false, false)
            ]
        );
    }

    #[test]
    fn normalized_text_joins_with_spaces() {
        let t = tokenize("Attorney  General\tsaid");
        assert_eq!(t.normalized_text(), "attorney general said");
        assert_eq!(t.norm_range(1), 9..16);
    }
}
