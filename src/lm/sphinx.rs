//! Reader of the CMU Sphinx "Trie Language Model" binary (the format of
//! pocketsphinx's `en-us.lm.bin`).
//!
//! Layout (facts from pocketsphinx `src/lm/ngram_model_trie.c`,
//! `lm_trie.c`, `lm_trie_quant.c`, as summarised in the project's shared
//! notes): the string `Trie Language Model`, u8 order, u32 `counts[order]`,
//! i32 quantisation type, quantisation tables (`(order - 2) x [prob
//! f32[65536], backoff f32[65536]]` then the longest order's prob
//! `f32[65536]`), unigrams `(counts[0] + 1) x {f32 prob, f32 backoff, u32 next}`,
//! bit-packed middle layers (word | backoff16 | prob16 | next) and the
//! longest layer (word | prob16), each sized for its header count plus a
//! sentinel plus 8 bytes, then i32 k and k bytes of NUL-separated words.
//! Trie paths are reversed; values are in log base 1.0001. The header's
//! counts may exceed what the trie holds (the default model's says 2,051,547
//! bigrams, its trie holds 2,051,541), so entry counts are read from the
//! sentinels.

use super::layers::{Layer, Layers};
use super::UNK_LOG10;
use crate::error::{Error, Result};

/// The file's first bytes.
pub const MAGIC: &[u8] = b"Trie Language Model";

const QUANT: usize = 65536;

fn req_bits(max: u64) -> u32 {
    if max == 0 {
        0
    } else {
        64 - max.leading_zeros()
    }
}

struct Bits<'a> {
    data: &'a [u8],
    base: usize,
    len: usize,
    name: &'a str,
}

impl Bits<'_> {
    fn read(&self, bit: u64, nbits: u32) -> Result<u64> {
        if nbits == 0 {
            return Ok(0);
        }
        let byte = (bit >> 3) as usize;
        if byte + 8 > self.len {
            return Err(Error::format(
                self.name,
                "truncated: bit-packed layer ends early",
            ));
        }
        let at = self.base + byte;
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.data[at..at + 8]);
        let v = u64::from_le_bytes(b) >> (bit & 7);
        Ok(v & ((1u64 << nbits) - 1))
    }
}

fn base_size(entries: u64, max_vocab: u64, remaining_bits: u32) -> usize {
    let total = u64::from(req_bits(max_vocab) + remaining_bits);
    (((1 + entries) * total).div_ceil(8) + 8) as usize
}

/// Read a Sphinx trie model into layers. Word ids are shifted by one so
/// that id 0 is a synthesised `<unk>` (log10 -100, as KenLM does).
///
/// # Errors
/// A file that is not a Sphinx trie, is truncated, or is inconsistent.
pub fn read(data: &[u8], name: &str) -> Result<Layers> {
    let bad = |m: &str| Error::format(name, m.to_string());
    let mut r = super::binary::Reader::new(data, name);
    let m = r.take(MAGIC.len(), "header")?;
    if &data[m..m + MAGIC.len()] != MAGIC {
        return Err(bad("not a Sphinx trie model"));
    }
    let o = r.take(1, "order")?;
    let order = data[o] as usize;
    if !(1..=super::MAX_ORDER).contains(&order) {
        return Err(bad("order outside 1..=5"));
    }
    let mut counts = Vec::with_capacity(order);
    for _ in 0..order {
        counts.push(u64::from(r.u32("counts")?));
    }
    r.u32("quantisation type")?;
    let log10_base = 1.0001f64.log10();
    let conv = |v: f32| (f64::from(v) * log10_base) as f32;
    let mut tables = Vec::new();
    for k in 0..order.saturating_sub(1) {
        let is_top = k + 2 == order;
        let mut read_table = |what: &str| -> Result<Vec<f32>> {
            let at = r.take_n(QUANT, 4, what)?;
            Ok((0..QUANT)
                .map(|i| conv(super::binary::f32_at(data, at + 4 * i)))
                .collect())
        };
        if is_top {
            tables.push((read_table("probability table")?, Vec::new()));
        } else {
            let p = read_table("probability table")?;
            let b = read_table("backoff table")?;
            tables.push((p, b));
        }
    }
    let nu = counts[0] as usize;
    let ug = r.take_n(nu + 1, 12, "unigrams")?;
    let mut layers = Layers {
        vocab: Vec::with_capacity(nu + 1),
        uni_prob: vec![UNK_LOG10],
        uni_backoff: vec![0.0],
        uni_child: vec![0],
        layers: Vec::new(),
    };
    for i in 0..nu {
        let at = ug + 12 * i;
        layers.uni_prob.push(conv(super::binary::f32_at(data, at)));
        layers
            .uni_backoff
            .push(conv(super::binary::f32_at(data, at + 4)));
    }
    for i in 0..=nu {
        layers
            .uni_child
            .push(super::binary::u32_at(data, ug + 12 * i + 8));
    }
    let word_bits = req_bits(counts[0]);
    // Layer memories.
    let mut views = Vec::new();
    for k in 2..=order {
        let is_top = k == order;
        let next_bits = if is_top { 0 } else { req_bits(counts[k]) };
        let rest = if is_top { 16 } else { 32 + next_bits };
        let size = base_size(counts[k - 1], counts[0], rest);
        let at = r.take(size, "n-gram layer")?;
        views.push((at, size, word_bits + rest, next_bits, is_top));
    }
    let k = r.u32("vocabulary size")? as usize;
    let words_at = r.take(k, "vocabulary")?;
    let words: Vec<&[u8]> = data[words_at..words_at + k]
        .split(|&b| b == 0)
        .take(nu)
        .collect();
    if words.len() != nu {
        return Err(bad("vocabulary holds fewer words than the header says"));
    }
    layers.vocab.push("<unk>".to_string());
    for w in words {
        let w = std::str::from_utf8(w).map_err(|_| bad("a word is not UTF-8"))?;
        layers.vocab.push(w.to_string());
    }
    // Entry counts come from the sentinels.
    let mut n_entries = *layers.uni_child.last().unwrap_or(&0) as u64;
    for (k, &(at, size, total, next_bits, is_top)) in views.iter().enumerate() {
        if n_entries > counts[k + 1] {
            return Err(bad("a layer holds more entries than the header says"));
        }
        let bits = Bits {
            data,
            base: at,
            len: size,
            name,
        };
        let (prob_table, backoff_table) = tables[k].clone();
        let mut layer = Layer {
            prob_table,
            backoff_table,
            ..Layer::default()
        };
        let n = n_entries as usize;
        let total = u64::from(total);
        for i in 0..n {
            let off = i as u64 * total;
            let w = bits.read(off, word_bits)?;
            layer.word.push(w as u32 + 1);
            if is_top {
                layer
                    .prob
                    .push(bits.read(off + u64::from(word_bits), 16)? as u32);
            } else {
                layer
                    .backoff
                    .push(bits.read(off + u64::from(word_bits), 16)? as u32);
                layer
                    .prob
                    .push(bits.read(off + u64::from(word_bits) + 16, 16)? as u32);
                layer
                    .child
                    .push(bits.read(off + u64::from(word_bits) + 32, next_bits)? as u32);
            }
        }
        if !is_top {
            let off = n as u64 * total;
            let sentinel = bits.read(off + u64::from(word_bits) + 32, next_bits)?;
            layer.child.push(sentinel as u32);
            n_entries = sentinel;
        }
        layers.layers.push(layer);
    }
    layers.validate().map_err(|m| bad(&m))?;
    if let Some(n) = layers.sort_children() {
        return Err(bad(&format!("a {n}-gram appears twice")));
    }
    Ok(layers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields packed low bit first, one entry after another, in a layer of
    /// the size the reader takes for `entries` entries (the sentinel
    /// included in `rows`).
    fn layer(rows: &[&[u64]], widths: &[u32], entries: u64, vocab: u64) -> Vec<u8> {
        let rest: u32 = widths[1..].iter().sum();
        let mut out = vec![0u8; base_size(entries, vocab, rest)];
        let mut bit = 0usize;
        for row in rows {
            for (&v, &w) in row.iter().zip(widths) {
                for b in 0..w as usize {
                    if v >> b & 1 == 1 {
                        out[(bit + b) / 8] |= 1 << ((bit + b) % 8);
                    }
                }
                bit += w as usize;
            }
        }
        out
    }

    /// A 3-gram trie of the words a, b, c: bigrams "b a" and "c a" (paths
    /// reversed: unigram a, then b or c), each with one trigram;
    /// `first_child` is the trigram pointer of the first bigram.
    fn trie(first_child: u64) -> Vec<u8> {
        let mut f = MAGIC.to_vec();
        f.push(3);
        for c in [3u32, 2, 2] {
            f.extend(c.to_le_bytes());
        }
        f.extend(0u32.to_le_bytes());
        // Quantisation tables: bigram probabilities and backoffs, trigram
        // probabilities, all log 0.
        f.extend(vec![0u8; QUANT * 4 * 3]);
        for next in [0u32, 2, 2, 2] {
            f.extend((-1000f32).to_le_bytes());
            f.extend(0f32.to_le_bytes());
            f.extend(next.to_le_bytes());
        }
        let w = req_bits(3);
        let bigrams: [&[u64]; 3] = [&[1, 0, 0, first_child], &[2, 0, 0, 1], &[0, 0, 0, 2]];
        f.extend(layer(&bigrams, &[w, 16, 16, req_bits(2)], 2, 3));
        f.extend(layer(&[&[0, 0], &[2, 0]], &[w, 16], 2, 3));
        f.extend(6u32.to_le_bytes());
        f.extend(b"a\0b\0c\0");
        f
    }

    #[test]
    fn a_consistent_trie_reads() {
        let layers = read(&trie(0), "ok.lm.bin").unwrap();
        assert_eq!(layers.vocab, ["<unk>", "a", "b", "c"]);
        assert_eq!(layers.layers[0].word, [2, 3]);
        assert_eq!(layers.layers[1].word, [1, 3]);
    }

    #[test]
    fn child_pointers_out_of_order_are_an_error_not_a_panic() {
        // The first bigram's children would run from 3 past the second's
        // (1) and past the two trigrams: an index out of bounds before
        // the layers were checked.
        for first in [2, 3] {
            let e = read(&trie(first), "bad.lm.bin").unwrap_err().to_string();
            assert!(
                e.starts_with("bad.lm.bin: ") && e.contains("child pointers"),
                "{e}"
            );
        }
    }
}
