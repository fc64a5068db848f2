//! Normalisation of tokens for the language model.
//!
//! The default model (CMU Sphinx US English) knows lower-case words only: no
//! digits, no punctuation, no `<unk>`. unspun maps every token the same way
//! for every model, so that scores are comparable:
//!
//! - words are lower-cased, typographic apostrophes folded to `'`;
//! - numbers (any token with a digit) become [`NUMBER_WORD`], which the model
//!   scores as unknown: numbers are counted as OOVs, kept out of perplexity
//!   and out of the spin signal, and they reset the context; so do URLs,
//!   e-mail addresses, handles and hashtags;
//! - punctuation is dropped; sentence boundaries come from
//!   [`crate::text::segment`].

use super::tokenize::{tokenize, TokenKind, Tokens};

/// What a number becomes for the model.
pub const NUMBER_WORD: &str = "<unk>";

/// The model word of token `i`, or `None` for punctuation.
pub fn model_word(tokens: &Tokens, i: usize) -> Option<&str> {
    match tokens.token(i).kind {
        TokenKind::Word => Some(tokens.norm(i)),
        TokenKind::Number | TokenKind::Web => Some(NUMBER_WORD),
        TokenKind::Punct => None,
    }
}

/// The model words of one line of text, in order (as `unspun lm score`
/// reads a sentence).
pub fn words_for_model(line: &str) -> Vec<String> {
    let tokens = tokenize(line);
    (0..tokens.len())
        .filter_map(|i| model_word(&tokens, i).map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_drops_punctuation_maps_numbers() {
        assert_eq!(
            words_for_model("The Attorney-General’s 12 aides, too."),
            vec!["the", "attorney", "general's", "<unk>", "aides", "too"]
        );
        assert!(words_for_model("... !!").is_empty());
    }
}
