//! What scraped text carries that is not prose: HTML tags and comments,
//! character entities (`&amp;`, `&#39;`, `&nbsp;`), URLs, e-mail
//! addresses, @handles and #hashtags.
//!
//! The tokenizer asks these recognisers at the start of each token. A tag
//! is dropped (a block element such as `<p>` or `</div>` breaks the line
//! like a blank line, `<br>` like a line break); the content of `<script>`,
//! `<style>` and `<svg>` is dropped with it. An entity is read as the
//! character it stands for. A URL, an address, a handle or a hashtag is one
//! token of kind [`super::tokenize::TokenKind::Web`], which the language
//! model reads as an unknown word (it resets the context and stays out of
//! perplexity), not as the words of its path.
//!
//! Each recogniser is strict, so that prose is never taken for markup: a
//! tag must name an HTML element ("a < b and c > d" is text), an entity
//! must end in `;`, a URL must begin with a scheme or `www.`, and a handle
//! or hashtag must follow a space or the start of the text.

use std::borrow::Cow;

/// How a tag breaks the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Break {
    /// An inline element (`<a>`, `<b>`, `<span>`): none.
    None,
    /// `<br>`: a line break.
    Line,
    /// A block element (`<p>`, `<div>`, `<li>`, `<h2>`): a blank line.
    Paragraph,
}

/// Elements whose tags end a paragraph.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "button",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "li",
    "main",
    "nav",
    "noscript",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose tags leave the text around them joined.
const INLINE: &[&str] = &[
    "a", "abbr", "audio", "b", "bdi", "bdo", "big", "canvas", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "img", "input", "ins", "kbd", "label", "link", "mark", "meta", "picture",
    "q", "s", "samp", "small", "source", "span", "strong", "sub", "sup", "time", "u", "var",
    "video", "wbr",
];

/// Elements whose content is not text, dropped with their tags.
const NOT_TEXT: &[&str] = &["script", "style", "svg"];

/// The longest tag read (attributes included), in bytes: a `<` further
/// from its `>` is text.
const MAX_TAG: usize = 8192;

/// What the recognisers found missing from some byte of a text on, so
/// that a text full of openings that never close (`<!--`, `<script>`, a
/// run of `a.a.a.`) is still read in time linear in its length: a search
/// that failed is not made again from a later byte. One per text, read
/// from its start to its end.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// No `-->` at or after this byte.
    no_comment_end: Option<usize>,
    /// For each element of [`NOT_TEXT`], no closing tag at or after this byte.
    no_close: [Option<usize>; 3],
    /// No e-mail address starts before this byte.
    no_email_before: usize,
}

/// `search()`, a search from byte `from`, unless `failed_from` says it
/// fails there; a failure is remembered.
fn search_memo(
    failed_from: &mut Option<usize>,
    from: usize,
    search: impl FnOnce() -> Option<usize>,
) -> Option<usize> {
    if failed_from.is_some_and(|p| p <= from) {
        return None;
    }
    let found = search();
    if found.is_none() {
        *failed_from = Some(from);
    }
    found
}

/// An HTML tag or comment starting at byte `at` of `text` (which holds
/// `<` there): the byte just past it and how it breaks the text.
pub(crate) fn tag(text: &str, at: usize, memo: &mut Memo) -> Option<(usize, Break)> {
    let b = text.as_bytes();
    let rest = &b[at..];
    if rest.starts_with(b"<!--") {
        let end = search_memo(&mut memo.no_comment_end, at + 4, || find(b, at + 4, b"-->"))?;
        return Some((end + 3, Break::None));
    }
    if rest.len() > 2 && rest[1] == b'!' && rest[2].is_ascii_alphabetic() {
        // <!DOCTYPE html>
        return Some((tag_end(b, at + 2)?, Break::Paragraph));
    }
    if rest.starts_with(b"<?xml") {
        // An XHTML page's declaration, <?xml version="1.0"?>.
        return Some((tag_end(b, at + 5)?, Break::Paragraph));
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    let mut i = name_start;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() || i - name_start > 10 {
        return None;
    }
    if !matches!(b.get(i), Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')) {
        return None;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let kind = if name == "br" {
        Break::Line
    } else if BLOCK.contains(&name.as_str()) {
        Break::Paragraph
    } else if INLINE.contains(&name.as_str()) || NOT_TEXT.contains(&name.as_str()) {
        Break::None
    } else {
        return None;
    };
    let end = tag_end(b, i)?;
    let not_text = NOT_TEXT.iter().position(|n| *n == name);
    if let Some(k) = not_text.filter(|_| !closing && b[end - 2] != b'/') {
        // Skip to the closing tag, or keep only this one when there is none.
        let close = format!("</{name}");
        let found = search_memo(&mut memo.no_close[k], end, || {
            find_ascii_ci(b, end, close.as_bytes())
        });
        if let Some(c) = found {
            if let Some(after) = tag_end(b, c + close.len()) {
                return Some((after, Break::Paragraph));
            }
        }
        return Some((end, Break::Paragraph));
    }
    Some((end, kind))
}

/// The byte just past the `>` that closes a tag whose name ends before
/// `from`, skipping quoted attribute values; `None` past [`MAX_TAG`] or
/// at another `<`, quoted or not (so that no byte is read by the searches
/// of two openings).
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    let limit = b.len().min(from + MAX_TAG);
    for (i, &c) in b.iter().enumerate().take(limit).skip(from) {
        match (quote, c) {
            (_, b'<') => return None,
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The first `needle` in `b` at or after byte `from`.
pub(crate) fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ascii_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// Named entities read, with the character each stands for.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("shy", '\u{AD}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("rsquo", '\u{2019}'),
    ("lsquo", '\u{2018}'),
    ("ldquo", '\u{201C}'),
    ("rdquo", '\u{201D}'),
    ("laquo", '\u{AB}'),
    ("raquo", '\u{BB}'),
    ("mdash", '\u{2014}'),
    ("ndash", '\u{2013}'),
    ("hellip", '\u{2026}'),
    ("bull", '\u{2022}'),
    ("middot", '\u{B7}'),
    ("copy", '\u{A9}'),
    ("reg", '\u{AE}'),
    ("trade", '\u{2122}'),
    ("deg", '\u{B0}'),
    ("euro", '\u{20AC}'),
    ("pound", '\u{A3}'),
    ("cent", '\u{A2}'),
    ("sect", '\u{A7}'),
    ("para", '\u{B6}'),
    ("times", '\u{D7}'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("ecirc", 'ê'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("acirc", 'â'),
    ("auml", 'ä'),
    ("iacute", 'í'),
    ("iuml", 'ï'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("ouml", 'ö'),
    ("uacute", 'ú'),
    ("uuml", 'ü'),
    ("ccedil", 'ç'),
    ("ntilde", 'ñ'),
];

/// A character entity starting at byte `at` of `text` (which holds `&`
/// there): the character it stands for and the byte just past its `;`.
pub(crate) fn entity(text: &str, at: usize) -> Option<(char, usize)> {
    let b = text.as_bytes();
    let semi = at + 1 + b.get(at + 1..)?.iter().take(12).position(|&c| c == b';')?;
    let body = &text[at + 1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Windows-1252's quotes and dashes, as pages mislabelled write them.
        let n = match n {
            0x91 => 0x2018,
            0x92 => 0x2019,
            0x93 => 0x201C,
            0x94 => 0x201D,
            0x96 => 0x2013,
            0x97 => 0x2014,
            0x85 => 0x2026,
            _ => n,
        };
        char::from_u32(n).filter(|c| !c.is_control() || c.is_whitespace())?
    } else {
        NAMED.iter().find(|(name, _)| *name == body)?.1
    };
    Some((c, semi + 1))
}

/// The text a reader of the page sees: tags dropped (a block element's
/// as a line break, an inline one's as nothing), entities read as their
/// characters; `text` itself, borrowed, when it holds neither. For the
/// language identifier, which reads a prefix of the text and would
/// otherwise read a page's head, and the `mt` field.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '&']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut memo = Memo::default();
    let mut changed = false;
    let mut i = 0;
    while let Some(at) = text[i..].find(['<', '&']).map(|p| i + p) {
        out.push_str(&text[i..at]);
        let found = if text.as_bytes()[at] == b'<' {
            tag(text, at, &mut memo).map(|(end, brk)| {
                // An inline element parts nothing, as on the page.
                if brk != Break::None {
                    out.push('\n');
                }
                end
            })
        } else {
            entity(text, at).map(|(c, end)| {
                out.push(c);
                end
            })
        };
        match found {
            Some(end) => {
                changed = true;
                i = end;
            }
            None => {
                out.push(char::from(text.as_bytes()[at]));
                i = at + 1;
            }
        }
    }
    out.push_str(&text[i..]);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Characters that are nothing on a page: soft hyphens and zero-width
/// marks, read as part of the word around them.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A URL starting at byte `at` (`http://`, `https://`, `ftp://` or
/// `www.`, any case): the byte just past it, closing punctuation left out.
pub(crate) fn url(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let rest = &b[at..];
    let prefix = [&b"http://"[..], b"https://", b"ftp://", b"www."]
        .into_iter()
        .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p))?;
    if !rest[prefix.len()].is_ascii_alphanumeric() {
        return None;
    }
    let mut end = at + prefix.len();
    while end < b.len() && !is_url_stop(b[end]) {
        end += 1;
    }
    // A closing bracket is the URL's only when it opened one.
    let whole = &b[at..end];
    let mut round = count(whole, b')') as isize - count(whole, b'(') as isize;
    let mut square = count(whole, b']') as isize - count(whole, b'[') as isize;
    loop {
        let last = b[end - 1];
        let trim = match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b'*' => true,
            b')' if round > 0 => {
                round -= 1;
                true
            }
            b']' if square > 0 => {
                square -= 1;
                true
            }
            _ => false,
        };
        if !trim {
            break;
        }
        end -= 1;
    }
    // Typographic closing quotes (three bytes in UTF-8) end it too.
    let s = &text[at..end];
    let s = s.trim_end_matches(['\u{201D}', '\u{2019}', '\u{BB}']);
    Some(at + s.len()).filter(|&e| e > at + prefix.len())
}

fn is_url_stop(c: u8) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c,
            b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
        )
}

fn count(b: &[u8], c: u8) -> usize {
    b.iter().filter(|&&x| x == c).count()
}

/// An e-mail address starting at byte `at`: the byte just past it.
pub(crate) fn email(text: &str, at: usize, memo: &mut Memo) -> Option<usize> {
    if at < memo.no_email_before {
        return None;
    }
    let b = text.as_bytes();
    let mut i = at;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_' | b'%' | b'+' | b'-'))
    {
        i += 1;
    }
    // A start between here and `i` reads the same run to the same byte:
    // if this one is no address, neither is theirs.
    memo.no_email_before = i;
    if i == at || b.get(i) != Some(&b'@') {
        return None;
    }
    let domain = i + 1;
    let mut end = domain;
    let mut last_dot = None;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'-' || b[end] == b'.') {
        if b[end] == b'.' {
            if end + 1 < b.len() && b[end + 1].is_ascii_alphanumeric() {
                last_dot = Some(end);
            } else {
                break;
            }
        }
        end += 1;
    }
    let dot = last_dot?;
    let tld = &b[dot + 1..end];
    (dot > domain && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)).then_some(end)
}

/// An @handle or #hashtag starting at char `i` of `chars` (`@` or `#`
/// followed by a letter, after a space or the start of the text): the
/// char index just past it.
pub(crate) fn handle(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let sigil = chars[i].1;
    if !matches!(sigil, '@' | '#') {
        return None;
    }
    if i > 0
        && !chars[i - 1].1.is_whitespace()
        && !matches!(chars[i - 1].1, '(' | '[' | '"' | '\u{201C}')
    {
        return None;
    }
    let first = chars.get(i + 1)?.1;
    if !(first.is_alphabetic() || (sigil == '@' && first == '_')) {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_') {
        j += 1;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_of(text: &str) -> Option<(&str, Break)> {
        tag(text, 0, &mut Memo::default()).map(|(end, k)| (&text[..end], k))
    }

    #[test]
    fn tags_name_elements() {
        assert_eq!(tag_of("<p>Hello"), Some(("<p>", Break::Paragraph)));
        assert_eq!(tag_of("</DIV>x"), Some(("</DIV>", Break::Paragraph)));
        assert_eq!(tag_of("<br/>x"), Some(("<br/>", Break::Line)));
        assert_eq!(
            tag_of("<a href=\"/x?a>b\" class='c'>link</a>"),
            Some(("<a href=\"/x?a>b\" class='c'>", Break::None))
        );
        assert_eq!(
            tag_of("<!-- a > b -->rest"),
            Some(("<!-- a > b -->", Break::None))
        );
        assert_eq!(
            tag_of("<?xml version=\"1.0\"?>\n<html>"),
            Some(("<?xml version=\"1.0\"?>", Break::Paragraph))
        );
        assert_eq!(
            tag_of("<script>if (a < b) x();</script>Text"),
            Some(("<script>if (a < b) x();</script>", Break::Paragraph))
        );
        // Text, not markup.
        assert_eq!(tag_of("<b"), None);
        assert_eq!(tag_of("< p>"), None);
        assert_eq!(tag_of("<banana>"), None);
        assert_eq!(tag_of("<3 you"), None);
        assert_eq!(tag_of("<p unclosed"), None);
        assert_eq!(tag_of("<!-- never closed"), None);
    }

    #[test]
    fn visible_text_of_a_page() {
        assert_eq!(
            visible("<head><style>p { x: 1 }</style></head><p>It&#39;s <b>here</b></p>Q&A"),
            "\n\n\n\nIt's here\nQ&A"
        );
        // Text with neither is not copied.
        assert!(matches!(visible("AT&T and a < b"), Cow::Borrowed(_)));
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn entities_end_in_a_semicolon() {
        assert_eq!(entity("&amp; x", 0), Some(('&', 5)));
        assert_eq!(entity("&#39;s", 0), Some(('\'', 5)));
        assert_eq!(entity("&#x2019;", 0), Some(('\u{2019}', 8)));
        assert_eq!(entity("&#146;", 0), Some(('\u{2019}', 6)));
        assert_eq!(entity("&nbsp;", 0), Some(('\u{A0}', 6)));
        assert_eq!(entity("&eacute;", 0), Some(('é', 8)));
        assert_eq!(entity("& co;", 0), None);
        assert_eq!(entity("&amp co", 0), None);
        assert_eq!(entity("&#0;", 0), None);
        assert_eq!(entity("&#xD800;", 0), None);
        assert_eq!(entity("&#99999999999;", 0), None);
        assert_eq!(entity("&", 0), None);
    }

    #[test]
    fn urls_leave_closing_punctuation_out() {
        fn end(t: &str) -> Option<&str> {
            url(t, 0).map(|e| &t[..e])
        }
        assert_eq!(
            end("https://example.com/a?b=1."),
            Some("https://example.com/a?b=1")
        );
        assert_eq!(end("www.example.org, then"), Some("www.example.org"));
        assert_eq!(
            end("https://en.wikipedia.org/wiki/Spin_(physics))"),
            Some("https://en.wikipedia.org/wiki/Spin_(physics)")
        );
        assert_eq!(end("HTTP://X.COM\u{201D} he"), Some("HTTP://X.COM"));
        assert_eq!(end("http://"), None);
        assert_eq!(end("http:// x"), None);
        assert_eq!(end("www is"), None);
        assert_eq!(end("whatever"), None);
    }

    #[test]
    fn addresses_need_a_domain() {
        fn end(t: &str) -> Option<&str> {
            email(t, 0, &mut Memo::default()).map(|e| &t[..e])
        }
        assert_eq!(end("tips@news-site.co.uk."), Some("tips@news-site.co.uk"));
        assert_eq!(end("a.b+c@x.org or"), Some("a.b+c@x.org"));
        assert_eq!(end("me@home"), None);
        assert_eq!(end("me@x.1"), None);
        assert_eq!(end("word"), None);
        assert_eq!(end("@x.org"), None);
    }

    #[test]
    fn handles_follow_a_space() {
        let chars = |t: &str| t.char_indices().collect::<Vec<_>>();
        assert_eq!(handle(&chars("@CityDesk said"), 0), Some(9));
        assert_eq!(handle(&chars("see #budget2025."), 4), Some(15));
        assert_eq!(handle(&chars("the #1 seller"), 4), None);
        assert_eq!(handle(&chars("C# code"), 1), None);
        assert_eq!(handle(&chars("a @ b"), 2), None);
    }
}
