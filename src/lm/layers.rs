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

    /// Check what a model file could get wrong before anything indexes
    /// with it: the arrays' lengths, every child range within the next
    /// layer and in order, every word id within the vocabulary, every value
    /// index within its table, and every value a model may hold
    /// ([`super::is_model_value`]). A file read into `Layers` from outside
    /// (a Sphinx trie) is untrusted; this makes its flaws an error instead
    /// of an out-of-bounds index.
    ///
    /// # Errors
    /// What is wrong, in words.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let nv = self.vocab.len();
        if self.uni_prob.len() != nv || self.uni_backoff.len() != nv {
            return Err("unigram values do not match the vocabulary".into());
        }
        if self.uni_child.len() != nv + 1 {
            return Err("unigram child pointers do not match the vocabulary".into());
        }
        if let Some(v) = self
            .uni_prob
            .iter()
            .chain(&self.uni_backoff)
            .find(|&&v| !super::is_model_value(v))
        {
            return Err(format!(
                "a unigram value ({v}) is not a log10 a model holds"
            ));
        }
        let mut parent = &self.uni_child;
        for (k, layer) in self.layers.iter().enumerate() {
            let order = k + 2;
            let n = layer.word.len();
            if let Some(i) = bad_child_pointer(parent.iter().copied(), n) {
                return Err(format!(
                    "{}-gram child pointers out of order or out of range (pointer {i})",
                    order - 1
                ));
            }
            let is_top = k + 1 == self.layers.len();
            if layer.prob.len() != n
                || (!is_top && (layer.backoff.len() != n || layer.child.len() != n + 1))
            {
                return Err(format!("{order}-gram arrays of different lengths"));
            }
            if layer.word.iter().any(|&w| w == 0 || w as usize >= nv) {
                return Err(format!("a {order}-gram word id is outside the vocabulary"));
            }
            for (idx, table, what) in [
                (&layer.prob, &layer.prob_table, "probability"),
                (&layer.backoff, &layer.backoff_table, "backoff"),
            ] {
                for &i in idx {
                    match table.get(i as usize) {
                        None => return Err(format!("a {order}-gram {what} index is out of range")),
                        Some(&v) if !super::is_model_value(v) => {
                            return Err(format!(
                                "a {order}-gram {what} ({v}) is not a log10 a model holds"
                            ))
                        }
                        Some(_) => {}
                    }
                }
            }
            parent = &layer.child;
        }
        Ok(())
    }

    /// Sort every child range by word id, moving whole subtrees with their
    /// roots. The Sphinx trie of the default model has two trigram ranges
    /// out of order; binary search needs them sorted.
    ///
    /// Returns the first layer (2 = bigrams) holding a repeated word in one
    /// child range (a duplicate n-gram), if any.
    pub fn sort_children(&mut self) -> Option<usize> {
        let mut parent: Vec<u32> = self.uni_child.clone();
        // New position -> old position in the current layer; None = identity.
        let mut perm: Option<Vec<u32>> = None;
        for k in 0..self.layers.len() {
            let layer = &mut self.layers[k];
            let n = layer.word.len();
            let old_word = |j: usize, perm: &Option<Vec<u32>>| match perm {
                Some(p) => layer.word[p[j] as usize],
                None => layer.word[j],
            };
            let mut sorted = true;
            for r in parent.windows(2) {
                let (b, e) = (r[0] as usize, r[1] as usize);
                for j in b + 1..e.min(n) {
                    let (x, y) = (old_word(j - 1, &perm), old_word(j, &perm));
                    if x == y {
                        return Some(k + 2);
                    }
                    sorted &= x < y;
                }
            }
            if sorted && perm.is_none() {
                parent = layer.child.clone();
                continue;
            }
            let mut p: Vec<u32> = perm.take().unwrap_or_else(|| (0..n as u32).collect());
            for r in parent.windows(2) {
                let (b, e) = (r[0] as usize, (r[1] as usize).min(n));
                if b < e {
                    p[b..e].sort_by_key(|&i| layer.word[i as usize]);
                }
            }
            let pick = |v: &[u32]| -> Vec<u32> {
                if v.is_empty() {
                    Vec::new()
                } else {
                    p.iter().map(|&i| v[i as usize]).collect()
                }
            };
            layer.word = pick(&layer.word);
            layer.prob = pick(&layer.prob);
            layer.backoff = pick(&layer.backoff);
            if !layer.child.is_empty() {
                let mut child = Vec::with_capacity(n + 1);
                let mut next = Vec::new();
                child.push(0u32);
                for &i in &p {
                    let (b, e) = (layer.child[i as usize], layer.child[i as usize + 1]);
                    next.extend(b..e);
                    child.push(child.last().copied().unwrap_or(0) + (e - b));
                }
                layer.child = child;
                perm = Some(next);
            }
            parent = layer.child.clone();
        }
        None
    }
}

/// The index of the first of `pointers` that is wrong, if any: child
/// pointers into a layer of `n` entries (one per parent entry, then the
/// sentinel) start at 0, never decrease and end at `n`. Both a trie read
/// into layers and one in the binary format are checked so.
pub(super) fn bad_child_pointer(
    pointers: impl IntoIterator<Item = u32>,
    n: usize,
) -> Option<usize> {
    let mut prev = 0;
    let mut last = None;
    for (i, c) in pointers.into_iter().enumerate() {
        let c = c as usize;
        if c < prev || c > n || (i == 0 && c != 0) {
            return Some(i);
        }
        prev = c;
        last = Some(i);
    }
    match last {
        Some(_) if prev == n => None,
        Some(i) => Some(i),
        None => Some(0),
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
