//! Tokenisation that keeps offsets into the original text.
//!
//! A document is split into words, numbers, punctuation and web addresses;
//! HTML tags are dropped and character entities read as the characters
//! they stand for (see [`super::web`]). Every token
//! remembers its byte range and its Unicode character range in the original
//! text, and a normalised form (lower case, typographic apostrophes and
//! dashes folded, the Latin ligatures of PDF text such as `ﬁ` spelt out)
//! that the dictionary, the language model and the swap search all agree
//! on.

use std::ops::Range;

use super::web::{self, Break};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes ("don't", "o'clock").
    Word,
    /// Anything containing a digit ("12", "1,000", "3.5", "4th", "covid19").
    Number,
    /// A single punctuation or symbol character (or a character entity,
    /// `&amp;`, standing for one).
    Punct,
    /// A URL, an e-mail address, an @handle or a #hashtag (see
    /// [`super::web`]): read by the language model as an unknown word.
    Web,
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

/// The index of the first of `chars`, from `i` on, that starts at or after
/// byte `end`.
fn char_at(chars: &[(usize, char)], mut i: usize, end: usize) -> usize {
    while i < chars.len() && chars[i].0 < end {
        i += 1;
    }
    i
}

/// Whether a word's run of letters and digits goes on at char `j`: the
/// char index past what joins it, and whether that holds a digit.
///
/// Joined: a letter or digit; a soft hyphen, zero-width mark or inline
/// tag between them (`<b>T</b>he`, a drop cap: the page shows "The"); an
/// entity standing for one (`caf&eacute;`); an apostrophe, or an entity
/// for one, between letters (`don't`, `don&#39;t`); `,` or `.` between
/// digits (`1,000`, `3.5`).
fn word_goes_on(
    text: &str,
    chars: &[(usize, char)],
    j: usize,
    memo: &mut web::Memo,
) -> Option<(usize, bool)> {
    let (byte, c) = *chars.get(j)?;
    if is_word_char(c) {
        return Some((j + 1, c.is_numeric()));
    }
    let prev = chars[j - 1].1;
    let next = |k: usize| chars.get(k).map(|&(_, c)| c);
    if web::is_invisible(c) && is_word_char(prev) && next(j + 1).is_some_and(is_word_char) {
        return Some((j + 1, false));
    }
    if c == '<' && is_word_char(prev) {
        let (end, brk) = web::tag(text, byte, memo)?;
        let after = char_at(chars, j, end);
        let joins = brk == Break::None && next(after).is_some_and(is_word_char);
        return joins.then_some((after, false));
    }
    if c == '&' {
        let (e, end) = web::entity(text, byte)?;
        let after = char_at(chars, j, end);
        if is_word_char(e) {
            return Some((after, e.is_numeric()));
        }
        if is_apostrophe(e) && prev.is_alphabetic() && next(after).is_some_and(char::is_alphabetic)
        {
            return Some((after + 1, false));
        }
        return None;
    }
    if is_apostrophe(c) && prev.is_alphabetic() && next(j + 1).is_some_and(char::is_alphabetic) {
        return Some((j + 2, false));
    }
    if matches!(c, ',' | '.')
        && prev.is_ascii_digit()
        && next(j + 1).is_some_and(|c| c.is_ascii_digit())
    {
        return Some((j + 2, false));
    }
    None
}

/// A URL, e-mail address, handle or hashtag at char `i`: the char index
/// just past it.
fn web_token(text: &str, chars: &[(usize, char)], i: usize) -> Option<usize> {
    let (byte, c) = chars[i];
    match c {
        'h' | 'H' | 'f' | 'F' | 'w' | 'W' => web::url(text, byte).map(|end| char_at(chars, i, end)),
        '@' | '#' => web::handle(chars, i),
        _ => None,
    }
}

/// How a white-space character breaks the text: line breaks of every
/// convention (`\n`, after `\r` or not; a lone `\r`, as classic Mac OS
/// wrote; NEL and U+2028) end a line, a form feed (a page break in
/// pdftotext's output) and U+2029 a paragraph. `next` is the character
/// after it.
fn space_break(c: char, next: Option<char>) -> Break {
    match c {
        '\n' | '\u{85}' | '\u{2028}' => Break::Line,
        '\r' if next != Some('\n') => Break::Line,
        '\u{0C}' | '\u{2029}' => Break::Paragraph,
        _ => Break::None,
    }
}

/// The line breaks seen since the last token (white space and tags).
struct Breaks {
    /// A line ended.
    line: bool,
    /// How many line breaks; 2 or more is a paragraph's end.
    count: usize,
}

impl Breaks {
    fn add(&mut self, b: Break) {
        match b {
            Break::None => {}
            Break::Line => {
                self.line = true;
                self.count += 1;
            }
            Break::Paragraph => {
                self.line = true;
                self.count = self.count.max(2);
            }
        }
    }
}

/// Append the normal form of `c` to `norm`.
fn push_norm(norm: &mut String, c: char) {
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

/// Split `text` into tokens.
///
/// Words are maximal runs of letters and digits, joined across a single
/// inner apostrophe ("don't") and, for numbers, across an inner `,` or `.`
/// between digits ("1,000", "3.5"). A URL, e-mail address, @handle or
/// #hashtag is one token; HTML tags and comments are dropped, a block
/// element's tags breaking the text as a blank line does; character
/// entities are read as their characters. Every other non-space character
/// is a punctuation token of its own.
pub fn tokenize(text: &str) -> Tokens {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut norm = String::with_capacity(text.len() + 16);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    // The start of the text is the start of a paragraph.
    let mut breaks = Breaks {
        line: true,
        count: 2,
    };
    let mut memo = web::Memo::default();
    while i < chars.len() {
        let (byte, c) = chars[i];
        if c.is_whitespace() || web::is_invisible(c) {
            breaks.add(space_break(c, chars.get(i + 1).map(|&(_, n)| n)));
            i += 1;
            continue;
        }
        if c == '<' {
            if let Some((end, brk)) = web::tag(text, byte, &mut memo) {
                breaks.add(brk);
                i = char_at(&chars, i, end);
                continue;
            }
        }
        let entity = if c == '&' {
            web::entity(text, byte)
        } else {
            None
        };
        if let Some((e, end)) = entity {
            if e.is_whitespace() || web::is_invisible(e) {
                i = char_at(&chars, i, end);
                continue;
            }
        }
        let start_char = i;
        let kind;
        if let Some(end) = web_token(text, &chars, i) {
            kind = TokenKind::Web;
            i = end;
        } else if is_word_char(c) || entity.is_some_and(|(e, _)| is_word_char(e)) {
            let (mut j, mut has_digit) = match entity {
                Some((e, end)) => (char_at(&chars, i, end), e.is_numeric()),
                None => (i + 1, c.is_numeric()),
            };
            while let Some((next, digit)) = word_goes_on(text, &chars, j, &mut memo) {
                has_digit |= digit;
                j = next;
            }
            let email = if chars
                .get(j)
                .is_some_and(|&(_, c)| matches!(c, '@' | '.' | '_' | '-' | '+' | '%'))
            {
                web::email(text, byte, &mut memo)
            } else {
                None
            };
            if let Some(end) = email {
                kind = TokenKind::Web;
                i = char_at(&chars, i, end);
            } else {
                kind = if has_digit {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                i = j;
            }
        } else if let Some((_, end)) = entity {
            kind = TokenKind::Punct;
            i = char_at(&chars, i, end);
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
        let mut k = byte;
        while k < end_byte {
            let ch = text[k..].chars().next().unwrap_or(' ');
            if kind != TokenKind::Web {
                if ch == '<' {
                    if let Some((after, Break::None)) = web::tag(text, k, &mut memo) {
                        if after <= end_byte {
                            k = after;
                            continue;
                        }
                    }
                }
                if ch == '&' {
                    if let Some((e, after)) = web::entity(text, k).filter(|&(_, a)| a <= end_byte) {
                        push_norm(&mut norm, e);
                        k = after;
                        continue;
                    }
                }
                if web::is_invisible(ch) {
                    k += ch.len_utf8();
                    continue;
                }
            }
            push_norm(&mut norm, ch);
            k += ch.len_utf8();
        }
        tokens.push(Token {
            bytes: byte..end_byte,
            chars: start_char..i,
            norm: norm_start..norm.len(),
            kind,
            is_capitalized: entity.map_or(c, |(e, _)| e).is_uppercase(),
            starts_line: breaks.line,
            starts_paragraph: breaks.count >= 2,
        });
        breaks = Breaks {
            line: false,
            count: 0,
        };
    }
    Tokens { tokens, norm }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether each token starts a line and a paragraph.
    fn starts(text: &str) -> Vec<(bool, bool)> {
        tokenize(text)
            .as_slice()
            .iter()
            .map(|t| (t.starts_line, t.starts_paragraph))
            .collect()
    }

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
        assert_eq!(
            starts("Headline\nFirst line.\n\nNew paragraph"),
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

    fn kinds_norms(text: &str) -> Vec<(TokenKind, String)> {
        let t = tokenize(text);
        (0..t.len())
            .map(|i| (t.token(i).kind, t.norm(i).to_string()))
            .collect()
    }

    #[test]
    fn addresses_handles_and_hashtags_are_one_token() {
        let text = "Read more at https://news.example.com/a-b/c?x=1&y=2. Mail tips@example.co.uk or @Desk_1 (#budget)";
        let t = tokenize(text);
        let web: Vec<&str> = t
            .as_slice()
            .iter()
            .filter(|t| t.kind == TokenKind::Web)
            .map(|t| &text[t.bytes.clone()])
            .collect();
        assert_eq!(
            web,
            vec![
                "https://news.example.com/a-b/c?x=1&y=2",
                "tips@example.co.uk",
                "@Desk_1",
                "#budget"
            ]
        );
        // The full stop after the URL is a token of its own.
        assert_eq!(t.norm(4), ".");
        assert_eq!(norms("the #1 seller"), vec!["the", "#", "1", "seller"]);
    }

    #[test]
    fn tags_are_dropped_and_blocks_break_lines() {
        let text = "<div class=\"a\"><p>The <b>vote</b> passed.</p><p>Next one</p>line<br>two";
        let t = tokenize(text);
        assert_eq!(
            norms(text),
            vec!["the", "vote", "passed", ".", "next", "one", "line", "two"]
        );
        assert_eq!(
            starts(text),
            vec![
                (true, true),
                (false, false),
                (false, false),
                (false, false),
                (true, true),
                (false, false),
                (true, true),
                (true, false)
            ]
        );
        assert_eq!(&text[t.token(1).bytes.clone()], "vote");
        // Script content goes with its tags; a comparison in prose stays.
        assert_eq!(
            norms("<script>var a = \"x\";</script>Text a < b"),
            vec!["text", "a", "<", "b"]
        );
    }

    #[test]
    fn inline_tags_inside_a_word_leave_it_whole() {
        let text = "<p><span class=\"drop\">T</span>he un<i>believ</i>able <b>vote</b>s</p>";
        let t = tokenize(text);
        assert_eq!(norms(text), vec!["the", "unbelievable", "votes"]);
        assert_eq!(&text[t.token(0).bytes.clone()], "T</span>he");
        assert!(t.token(0).is_capitalized);
        // A block tag still parts words.
        assert_eq!(norms("one</p><p>two"), vec!["one", "two"]);
    }

    #[test]
    fn entities_read_as_their_characters() {
        assert_eq!(
            kinds_norms("don&#39;t M&amp;M caf&eacute;&nbsp;now&hellip; &copy"),
            vec![
                (TokenKind::Word, "don't".to_string()),
                (TokenKind::Word, "m".to_string()),
                (TokenKind::Punct, "&".to_string()),
                (TokenKind::Word, "m".to_string()),
                (TokenKind::Word, "café".to_string()),
                (TokenKind::Word, "now".to_string()),
                (TokenKind::Punct, "…".to_string()),
                (TokenKind::Punct, "&".to_string()),
                (TokenKind::Word, "copy".to_string()),
            ]
        );
        let text = "it&rsquo;s";
        let t = tokenize(text);
        assert_eq!(t.len(), 1);
        assert_eq!(t.token(0).chars, 0..10);
    }

    #[test]
    fn line_breaks_of_every_convention() {
        let unix = starts("one\ntwo\n\nthree four");
        for text in [
            "one\r\ntwo\r\n\r\nthree four",
            "one\rtwo\r\rthree four",
            "one\u{2028}two\u{2029}three four",
            "one\u{85}two\u{0C}three four",
        ] {
            assert_eq!(starts(text), unix, "{text:?}");
        }
    }

    #[test]
    fn openings_that_never_close_are_text() {
        // Each of these, repeated, made the recognisers search the rest of
        // the text again at every opening (minutes for a MiB): now every
        // failed search is remembered. The tokens are what they were.
        let n = 20_000;
        let kinds = |text: &str| {
            let t = tokenize(text);
            let words = t
                .as_slice()
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .count();
            (t.len(), words)
        };
        assert_eq!(kinds(&"<!--".repeat(n)), (4 * n, 0));
        assert_eq!(kinds(&"a.".repeat(n)), (2 * n, n));
        assert_eq!(kinds(&"<p \"".repeat(n)), (3 * n, n));
        let script = format!("a {}", "<script>".repeat(n));
        assert_eq!(kinds(&script), (1, 1));
        let url = format!("http://x.org/{} end", ")".repeat(n));
        assert_eq!(kinds(&url), (n + 2, 1));
    }

    #[test]
    fn soft_hyphens_and_zero_width_marks_join_words() {
        assert_eq!(
            norms("com\u{AD}puter and\u{200B} zero\u{200B}width \u{200B}"),
            vec!["computer", "and", "zerowidth"]
        );
    }
}
