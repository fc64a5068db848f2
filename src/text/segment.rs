//! Segmentation into lines and sentences, as ranges of token indices.
//!
//! Scraped pages put one paragraph, caption or menu item per line, so a line
//! break always ends a sentence. Within a line a sentence ends after `.`, `!`
//! or `?` (with any closing quotes or brackets) when the next token starts
//! with an upper-case letter, a digit or an opening quote, unless the full
//! stop follows a known abbreviation or a single letter ("Mr.", "U.S.").

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

/// Token ranges of the lines of the text (runs of tokens without a line
/// break between them). Empty lines yield nothing.
pub fn lines(tokens: &Tokens) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..tokens.len() {
        if tokens.token(i).starts_line {
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
    let mut out = Vec::new();
    for line in lines(tokens) {
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
