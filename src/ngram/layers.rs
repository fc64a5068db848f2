//! The in-memory form every model source is turned into before it is
//! written in unspun's binary format: a reversed trie of sorted arrays.
//!
//! Paths are reversed, as in the CMU Sphinx trie: the first level is the
//! predicted word, its children are the words before it. So the n-gram
//! `w1 .. wn` is found by starting at unigram `wn`, then child `w(n-1)`, and
//! so on; and every node on the way is a suffix of the n-gram, whose
//! probability and backoff scoring needs.

/// One level of the trie above the unigrams.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    /// Word id of each entry (sorted within each child range).
    pub word: Vec<u32>,
    /// Index into `prob_table` of each entry.
    pub prob: Vec<u32>,
    /// Index into `backoff_table` (empty for the top order).
    pub backoff: Vec<u32>,
    /// First child in the next layer; one more entry than `word` (the
    /// sentinel), empty for the top order.
    pub child: Vec<u32>,
    /// Distinct log10 probabilities.
    pub prob_table: Vec<f32>,
    /// Distinct log10 backoffs.
    pub backoff_table: Vec<f32>,
}

/// A whole model in trie form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layers {
    /// Words by id; id 0 is `<unk>`.
    pub vocab: Vec<String>,
    /// log10 probability of each unigram.
    pub uni_prob: Vec<f32>,
    /// log10 backoff of each unigram.
    pub uni_backoff: Vec<f32>,
    /// First child of each unigram in layer 0; `vocab.len() + 1` entries.
    pub uni_child: Vec<u32>,
    /// Layers for orders 2..=order.
    pub layers: Vec<Layer>,
}

impl Layers {
    /// The model's order.
    pub fn order(&self) -> usize {
        self.layers.len() + 1
    }
}

/// Builds a value table: distinct values in first-seen order, and the index
/// of each value.
#[derive(Debug, Default)]
pub struct Codebook {
    values: Vec<f32>,
    index: std::collections::HashMap<u32, u32>,
}

impl Codebook {
    /// The index of `v`, adding it if new.
    pub fn code(&mut self, v: f32) -> u32 {
        let bits = v.to_bits();
        if let Some(&i) = self.index.get(&bits) {
            return i;
        }
        let i = self.values.len() as u32;
        self.values.push(v);
        self.index.insert(bits, i);
        i
    }

    /// The table.
    pub fn into_values(self) -> Vec<f32> {
        self.values
    }
}
