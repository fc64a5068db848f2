//! Segmentation into lines and sentences, as ranges of token indices.
//!
//! Scraped pages put one paragraph, caption or menu item per line, so a line
//! break ends a line and a sentence, unless it is a soft wrap: text
//! wrapped at a fixed width (plain-text mail, PDF extractions, wire copy)
//! breaks inside sentences, so a single line break after a line that does
//! not end a sentence, before a word in lower case, joins the two lines;
//! and in a text wrapped at a fixed width throughout (see [`lines`]) only
//! a blank line ends a line.
//! Within a line a sentence ends after `.`, `!` or `?` (with any closing
//! quotes or brackets) when the next token starts with an upper-case
//! letter, a digit or an opening quote, unless the full stop follows a
//! known abbreviation or a single letter ("Mr.", "U.S.").

use std::ops::Range;

use super::tokenize::{TokenKind, Tokens};

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "no", "gov", "sen", "rep",
    "gen", "col", "lt", "sgt", "capt", "inc", "co", "corp", "ltd", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "etc", "fig", "al", "approx",
];

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

/// Whether the line break before token `i` (which starts a line) is a
/// soft wrap: no blank line, the token is a word in lower case, and the
/// line before does not end a sentence or a heading (`.`, `!`, `?`, `…`,
/// `:`, with any closing quotes or brackets).
fn is_soft_wrap(tokens: &Tokens, i: usize) -> bool {
    let t = tokens.token(i);
    if t.starts_paragraph || t.kind != TokenKind::Word || t.is_capitalized {
        return false;
    }
    !ends_sentence(tokens, i - 1)
}

/// Lines a paragraph's other lines are held to, as a share of its longest,
/// in a text wrapped at a fixed width (see [`is_wrapped`]).
const WRAPPED_LINE_SHARE: f64 = 0.6;

/// Whether the whole text is wrapped at a fixed width: at least 4 lines
/// that another line of the same paragraph follows, the longest of them 30
/// to 100 bytes, 85% or more of them at least [`WRAPPED_LINE_SHARE`] of
/// it, and at most half of them ending a sentence. A page with one
/// paragraph a line has long lines of every length; one of captions and
/// headlines short ones of every length; one sentence a line ends a
/// sentence at every line.
fn is_wrapped(tokens: &Tokens) -> bool {
    // (bytes, ends a sentence) of each line another line of its paragraph
    // follows.
    let mut inner: Vec<(usize, bool)> = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        let breaks = i == tokens.len() || tokens.token(i).starts_line;
        if !breaks {
            continue;
        }
        if i < tokens.len() && !tokens.token(i).starts_paragraph {
            inner.push((
                tokens.bytes_of(&(start..i)).len(),
                ends_sentence(tokens, i - 1),
            ));
        }
        start = i;
    }
    let longest = inner.iter().map(|&(n, _)| n).max().unwrap_or(0);
    if inner.len() < 4 || !(30..=100).contains(&longest) {
        return false;
    }
    let full = inner
        .iter()
        .filter(|&&(n, _)| n as f64 >= WRAPPED_LINE_SHARE * longest as f64)
        .count();
    let ended = inner.iter().filter(|&&(_, e)| e).count();
    full as f64 >= 0.85 * inner.len() as f64 && 2 * ended <= inner.len()
}

/// Whether token `last` (the last of a line) ends a sentence or a heading:
/// `.`, `!`, `?`, `…` or `:`, with any closing quotes or brackets.
fn ends_sentence(tokens: &Tokens, mut last: usize) -> bool {
    while last > 0 && is_closer(tokens.norm(last)) && !tokens.token(last).starts_line {
        last -= 1;
    }
    matches!(tokens.norm(last), "." | "!" | "?" | "…" | ":")
}

/// Token ranges of the lines of the text (runs of tokens without a line
/// break between them, soft wraps aside; in a text wrapped at a fixed
/// width, only blank lines end one). Empty lines yield nothing.
pub fn lines(tokens: &Tokens) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let wrapped = is_wrapped(tokens);
    for i in 1..tokens.len() {
        let t = tokens.token(i);
        let ends = if wrapped {
            t.starts_paragraph
        } else {
            t.starts_line && !is_soft_wrap(tokens, i)
        };
        if ends {
            out.push(start..i);
            start = i;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Token ranges of the sentences of the text, in order, covering every
/// token exactly once.
pub fn sentences(tokens: &Tokens) -> Vec<Range<usize>> {
    sentences_in(tokens, &lines(tokens))
}

/// Token ranges of the sentences of `lines` (some of the text's
/// [`lines`], in order), covering each of their tokens exactly once.
pub fn sentences_in(tokens: &Tokens, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for line in lines.iter().cloned() {
        let mut start = line.start;
        let mut i = line.start;
        while i < line.end {
            let norm = tokens.norm(i);
            let is_terminal = matches!(norm, "." | "!" | "?" | "…");
            if is_terminal {
                let mut end = i + 1;
                // A closer belongs to this sentence only when attached to it:
                // `won! "Yes` opens a quote, `won!" He` closes one.
                while end < line.end
                    && tokens.token(end - 1).bytes.end == tokens.token(end).bytes.start
                    && (is_closer(tokens.norm(end)) || matches!(tokens.norm(end), "." | "!" | "?"))
                {
                    end += 1;
                }
                let next_starts = end < line.end && {
                    let next = tokens.token(end);
                    next.is_capitalized
                        || next.kind == TokenKind::Number
                        || matches!(tokens.norm(end), "\"" | "“" | "'" | "‘" | "(" | "«")
                };
                let after_abbreviation = norm == "."
                    && i > start
                    && tokens.token(i - 1).kind == TokenKind::Word
                    && tokens.token(i - 1).bytes.end == tokens.token(i).bytes.start
                    && {
                        let prev = tokens.norm(i - 1);
                        prev.chars().count() == 1 || ABBREVIATIONS.contains(&prev)
                    };
                if next_starts && !after_abbreviation {
                    out.push(start..end);
                    start = end;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        if start < line.end {
            out.push(start..line.end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn sentence_texts(text: &str) -> Vec<String> {
        let t = tokenize(text);
        sentences(&t)
            .into_iter()
            .map(|r| {
                let a = t.token(r.start).bytes.start;
                let b = t.token(r.end - 1).bytes.end;
                text[a..b].to_string()
            })
            .collect()
    }

    #[test]
    fn splits_on_terminal_punctuation_and_lines() {
        assert_eq!(
            sentence_texts(
                "Mr. Smith went to the U.S. Senate. He won! \"Yes,\" he said.\nCaption here"
            ),
            vec![
                "Mr. Smith went to the U.S. Senate.",
                "He won!",
                "\"Yes,\" he said.",
                "Caption here"
            ]
        );
    }

    #[test]
    fn soft_wraps_join_lines_and_hard_breaks_do_not() {
        let text = "The council met on Tuesday to discuss the\nbudget, which was late.\n\
                    Now playing\n02:29\nA headline here\nsinema\nIt ended.\nthen more\n\n\
                    new paragraph";
        let t = tokenize(text);
        let line_texts: Vec<&str> = lines(&t)
            .into_iter()
            .map(|r| &text[t.token(r.start).bytes.start..t.token(r.end - 1).bytes.end])
            .collect();
        assert_eq!(
            line_texts,
            vec![
                "The council met on Tuesday to discuss the\nbudget, which was late.",
                "Now playing",
                "02:29",
                "A headline here\nsinema",
                "It ended.",
                "then more",
                "new paragraph",
            ]
        );
        // A sentence runs on across a soft wrap.
        assert_eq!(
            sentence_texts("It rained all day in the\ncity. Then it stopped."),
            vec!["It rained all day in the\ncity.", "Then it stopped."]
        );
    }

    #[test]
    fn a_text_wrapped_at_a_fixed_width_is_one_paragraph_a_line() {
        let line_count = |text: &str| lines(&tokenize(text)).len();
        // Wrapped at about 50 columns, breaks before capitals included; a
        // blank line still ends a paragraph.
        let wrapped = "The council met on Tuesday evening to talk about\n\
                       the new bus timetable, which many parents in\n\
                       Hollybrook say leaves their children waiting in\n\
                       the cold. After two hours the members agreed to\n\
                       ask the operator for an earlier morning service\n\
                       and to review the plan again in the spring.\n\n\
                       Comments go to the town clerk.";
        assert_eq!(line_count(wrapped), 2);
        // One sentence a line, of like lengths: each is a line.
        let sentences = "The council met on Tuesday to talk about buses.\n\
                         Many parents say their children wait in the cold.\n\
                         The members agreed to ask for an earlier service.\n\
                         They will review the whole plan again in spring.\n\
                         Comments can go to the town clerk by next month.";
        assert_eq!(line_count(sentences), 5);
        // Captions and headlines of every length: each is a line.
        let furniture = "PHOTO: CNN\nNow playing\n02:29\nSenator's move has many online outraged\n\
                         Why some people want this statue taken down\nWatch\nMore";
        assert_eq!(line_count(furniture), 7);
    }

    #[test]
    fn no_split_before_lower_case() {
        assert_eq!(
            sentence_texts("It cost 3.5 dollars. then more"),
            vec!["It cost 3.5 dollars. then more"]
        );
    }

    #[test]
    fn sentences_cover_all_tokens() {
        let text = "A. B! C? \n\n D... e. F";
        let t = tokenize(text);
        let s = sentences(&t);
        let mut next = 0;
        for r in s {
            assert_eq!(r.start, next);
            assert!(r.end > r.start);
            next = r.end;
        }
        assert_eq!(next, t.len());
    }
}
