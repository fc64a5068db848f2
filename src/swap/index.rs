//! Per-model-word lookups the swap search makes at every position, done
//! once when the finder is built instead of once per word of every
//! document.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lm::WordId;

/// No thesaurus phrase.
const NONE: u32 = u32::MAX;

/// An FxHash-style hasher for short keys of word ids (the std SipHash is
/// several times slower on them, and the keys come from our own tables).
#[derive(Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(4);
        for c in &mut chunks {
            self.write_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Phrases of up to this many words are keyed inline (no pointer to
/// follow on a lookup); longer ones by a boxed key.
const INLINE_WORDS: usize = 4;

/// Thesaurus phrase ids by the model ids of their words.
///
/// A span of the text whose words the model knows is a sequence of model
/// ids, and a model id stands for exactly one string, so looking the span
/// up by its ids finds the same phrase as looking up its normalised text,
/// without building the text or binary-searching the thesaurus.
#[derive(Debug, Clone, Default)]
pub(super) struct PhraseIndex {
    /// Phrase id of each one-word phrase, by model id ([`NONE`]: none).
    by_word: Vec<u32>,
    /// Whether some phrase of two or more words starts with the word, by
    /// model id: most spans are not phrases, and this answers for them
    /// without hashing.
    starts_phrase: Vec<bool>,
    /// Phrase ids of the phrases of 2 to [`INLINE_WORDS`] words, keyed by
    /// their ids padded with 0 (which no word of a phrase has).
    by_words: HashMap<[WordId; INLINE_WORDS], u32, BuildHasherDefault<IdHasher>>,
    /// Phrase ids of the longer phrases.
    by_long: HashMap<Box<[WordId]>, u32, BuildHasherDefault<IdHasher>>,
}

/// `words` padded with 0 to an inline key (`None` when too long).
fn inline_key(words: &[WordId]) -> Option<[WordId; INLINE_WORDS]> {
    let mut key = [0; INLINE_WORDS];
    key.get_mut(..words.len())?.copy_from_slice(words);
    Some(key)
}

impl PhraseIndex {
    /// An empty index for a model of `vocab_len` words.
    pub(super) fn new(vocab_len: usize) -> PhraseIndex {
        PhraseIndex {
            by_word: vec![NONE; vocab_len],
            starts_phrase: vec![false; vocab_len],
            by_words: HashMap::default(),
            by_long: HashMap::default(),
        }
    }

    /// Record phrase `id`, whose words have model ids `words` (none 0).
    pub(super) fn insert(&mut self, words: &[WordId], id: u32) {
        match words {
            [] => {}
            [w] => {
                if let Some(slot) = self.by_word.get_mut(*w as usize) {
                    *slot = id;
                }
            }
            [first, ..] => {
                if let Some(starts) = self.starts_phrase.get_mut(*first as usize) {
                    *starts = true;
                }
                match inline_key(words) {
                    Some(key) => self.by_words.insert(key, id),
                    None => self.by_long.insert(words.into(), id),
                };
            }
        }
    }

    /// The phrase whose words have model ids `words`.
    pub(super) fn get(&self, words: &[WordId]) -> Option<u32> {
        let id = match words {
            [] => NONE,
            [w] => self.by_word.get(*w as usize).copied().unwrap_or(NONE),
            [first, ..]
                if !self
                    .starts_phrase
                    .get(*first as usize)
                    .copied()
                    .unwrap_or(false) =>
            {
                NONE
            }
            _ => match inline_key(words) {
                Some(key) => self.by_words.get(&key),
                None => self.by_long.get(words),
            }
            .copied()
            .unwrap_or(NONE),
        };
        (id != NONE).then_some(id)
    }
}

/// Which model ids are stop words, by id.
pub(super) fn stopword_ids(vocab_len: usize, index: impl Fn(&str) -> WordId) -> Vec<bool> {
    let mut out = vec![false; vocab_len];
    for w in super::words::STOPWORDS {
        let id = index(w) as usize;
        if id != 0 && id < vocab_len {
            out[id] = true;
        }
    }
    out
}
