//! The language gate of a [`Detector`]: which lines of a document are
//! English, and whether there is enough English to score.

use std::ops::Range;

use super::{letter_words_in, not_text_share, words_in, Detector, MAX_NOT_TEXT_SHARE, MIN_TOKENS};
use crate::report::Report;
use crate::text::tokenize::Tokens;
use crate::text::{segment, web};

impl Detector {
    /// The English lines of a document of `words` words, or why it is
    /// skipped: not text, not English, too short, too little English, too
    /// few words of letters. Sets `report.lang`.
    pub(super) fn english_part(
        &self,
        text: &str,
        tokens: &Tokens,
        words: usize,
        report: &mut Report,
    ) -> Result<Vec<Range<usize>>, String> {
        let not_text = not_text_share(text);
        if not_text > MAX_NOT_TEXT_SHARE {
            let reason = format!(
                "not text ({:.0}% of its characters are invalid UTF-8 or control characters)",
                100.0 * not_text
            );
            return Err(reason);
        }
        // The language of the opening. When the identifier is sure it is
        // another one, the document is skipped unless English follows;
        // whenever it names another, sure or not, the document is scored
        // (as English) only if its English lines hold most of its text.
        // A web page's identifier reads what its reader sees, not its head.
        let mut foreign_opening = None;
        if self.inner.check_language {
            let read = web::visible(text);
            if let Some(d) = self.inner.langid.detect(&read) {
                report.lang = Some(d.code.to_string());
                if d.is_foreign() && !self.inner.langid.finds_english_after_prefix(&read) {
                    let reason = format!("not English ({})", d.code);
                    return Err(reason);
                }
                if !d.is_english() {
                    foreign_opening = Some(d.code);
                }
            }
        }
        let all_lines = segment::lines(tokens);
        let lines = self.english_lines(text, tokens, &all_lines);
        let english_words: usize = lines.iter().map(|r| words_in(tokens, r)).sum();
        if let Some(code) = foreign_opening {
            // Most of the text, in UTF-8 bytes (words would undercount
            // scripts written without spaces), must be in English lines.
            let bytes = |ls: &[Range<usize>]| -> usize {
                ls.iter().map(|r| tokens.bytes_of(r).len()).sum()
            };
            let (english, all) = (bytes(&lines), bytes(&all_lines));
            if 2 * english < all {
                let reason = format!(
                    "not English ({code}; English lines hold {:.0}% of the text)",
                    100.0 * english as f64 / all.max(1) as f64
                );
                return Err(reason);
            }
            report.lang = Some("eng".to_string());
        }
        if english_words < MIN_TOKENS {
            let reason = if english_words < words {
                format!("too little English ({english_words} of {words} words)")
            } else {
                let unit = if words == 1 { "word" } else { "words" };
                format!("too short ({words} {unit}, at least {MIN_TOKENS} needed)")
            };
            return Err(reason);
        }
        // Numbers count as tokens, but a table of them has nothing to judge.
        let letter_words: usize = lines.iter().map(|r| letter_words_in(tokens, r)).sum();
        if letter_words < MIN_TOKENS {
            let reason = format!(
                "too few words ({letter_words} among {english_words} word and number tokens, \
                 at least {MIN_TOKENS} needed)"
            );
            return Err(reason);
        }
        Ok(lines)
    }

    /// Those of the text's `lines` that are English (or too short to tell),
    /// each read as its reader sees it (inline tags out, entities read).
    fn english_lines(
        &self,
        text: &str,
        tokens: &Tokens,
        lines: &[Range<usize>],
    ) -> Vec<Range<usize>> {
        if !self.inner.check_language {
            return lines.to_vec();
        }
        lines
            .iter()
            .filter(|r| {
                let line = web::visible(&text[tokens.bytes_of(r)]);
                !self.inner.langid.is_foreign_line(&line)
            })
            .cloned()
            .collect()
    }
}
