//! unspun's binary model format, written from [`Layers`] and read in place.
//!
//! All integers and floats are little-endian; nothing is aligned, so the
//! bytes can be used straight from `include_bytes!`. Layout:
//!
//! ```text
//! "UNSPUNLM" | u32 version (2) | u32 order | u32 vocab_len | u32 0
//! u64 entries of each layer (order - 1 of them)
//! u64 pool_len | pool bytes (the words, concatenated) | u32 offsets[vocab_len + 1]
//! u32 ids sorted by word bytes [vocab_len]
//! f32 uni_prob[vocab_len] | f32 uni_backoff[vocab_len] | u32 uni_child[vocab_len + 1]
//! per layer: u32 n_prob | f32 prob_table[n_prob] | u32 n_backoff | f32 backoff_table[n_backoff]
//!            u32 index_width (2 or 4)
//!            u32 word[n] | index prob[n] | (middle layers:) index backoff[n], u32 child[n + 1]
//! u32 CRC-32 (IEEE, as zlib computes it) of every byte before it
//! ```
//!
//! The checksum is checked at load, before anything else is read past the
//! version: every value in the file is used as it stands (a probability
//! is just four bytes), so a flipped byte that the structural checks
//! cannot see would otherwise load as a model giving wrong scores.
//! Version 1 was the same without the checksum.
//!
//! Word id 0 is `<unk>`. Within each child range, word ids are strictly
//! increasing (checked at load), so a child is found by binary search.

use std::io::Write;

use super::layers::Layers;
use crate::error::{Error, Result};

/// The file's first bytes.
pub const MAGIC: &[u8; 8] = b"UNSPUNLM";
/// The format version this code reads and writes.
pub const VERSION: u32 = 2;
/// Bytes before the counts: magic and version.
pub const PREFIX_LEN: usize = 12;

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_f32s(out: &mut Vec<u8>, vs: &[f32]) {
    for v in vs {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn put_u32s(out: &mut Vec<u8>, vs: &[u32]) {
    for v in vs {
        put_u32(out, *v);
    }
}

fn put_index(out: &mut Vec<u8>, vs: &[u32], width: u32) {
    for &v in vs {
        if width == 2 {
            out.extend_from_slice(&(v as u16).to_le_bytes());
        } else {
            put_u32(out, v);
        }
    }
}

/// Serialise `layers` in the binary format.
pub fn to_bytes(layers: &Layers) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, VERSION);
    put_u32(&mut out, layers.order() as u32);
    put_u32(&mut out, layers.vocab.len() as u32);
    put_u32(&mut out, 0);
    for l in &layers.layers {
        out.extend_from_slice(&(l.word.len() as u64).to_le_bytes());
    }
    let pool_len: usize = layers.vocab.iter().map(String::len).sum();
    out.extend_from_slice(&(pool_len as u64).to_le_bytes());
    let mut offsets = Vec::with_capacity(layers.vocab.len() + 1);
    let mut at = 0u32;
    for w in &layers.vocab {
        offsets.push(at);
        out.extend_from_slice(w.as_bytes());
        at += w.len() as u32;
    }
    offsets.push(at);
    put_u32s(&mut out, &offsets);
    let mut sorted: Vec<u32> = (0..layers.vocab.len() as u32).collect();
    sorted.sort_by(|&a, &b| {
        layers.vocab[a as usize]
            .as_bytes()
            .cmp(layers.vocab[b as usize].as_bytes())
    });
    put_u32s(&mut out, &sorted);
    put_f32s(&mut out, &layers.uni_prob);
    put_f32s(&mut out, &layers.uni_backoff);
    put_u32s(&mut out, &layers.uni_child);
    for l in &layers.layers {
        put_u32(&mut out, l.prob_table.len() as u32);
        put_f32s(&mut out, &l.prob_table);
        put_u32(&mut out, l.backoff_table.len() as u32);
        put_f32s(&mut out, &l.backoff_table);
        let width = if l.prob_table.len() <= 1 << 16 && l.backoff_table.len() <= 1 << 16 {
            2
        } else {
            4
        };
        put_u32(&mut out, width);
        put_u32s(&mut out, &l.word);
        put_index(&mut out, &l.prob, width);
        if !l.child.is_empty() {
            put_index(&mut out, &l.backoff, width);
            put_u32s(&mut out, &l.child);
        }
    }
    crate::checksum::append(&mut out);
    out
}

/// The body of a binary model (the bytes before its checksum), once its
/// magic, version and checksum are checked; errors name `name`.
///
/// # Errors
/// A file that is not unspun's format, is of another version, or whose
/// checksum does not match (truncated or corrupt).
pub fn checked_body<'a>(bytes: &'a [u8], name: &str) -> Result<&'a [u8]> {
    let bad = |msg: String| Error::format(name, msg);
    if !bytes.starts_with(MAGIC) {
        return Err(bad("not an unspun model (bad magic bytes)".into()));
    }
    if bytes.len() < PREFIX_LEN + 4 {
        return Err(bad(format!(
            "truncated: {} bytes, not even a header and a checksum",
            bytes.len()
        )));
    }
    let version = u32_at(bytes, 8);
    if version != VERSION {
        let hint = if version < VERSION {
            " (written by an older unspun: convert its source again with `unspun lm convert`)"
        } else {
            ""
        };
        return Err(bad(format!(
            "format version {version}, this build reads {VERSION}{hint}"
        )));
    }
    crate::checksum::verify(bytes).map_err(|crate::checksum::Mismatch { actual, stored }| {
        bad(format!(
            "truncated or corrupt: the CRC-32 of its {} bytes is {actual:08x}, \
             the file's last 4 bytes say {stored:08x}",
            bytes.len() - 4
        ))
    })
}

/// Write `layers` to `w` in the binary format.
///
/// # Errors
/// Write errors.
pub fn write(layers: &Layers, mut w: impl Write, name: &str) -> Result<()> {
    w.write_all(&to_bytes(layers))
        .map_err(|e| Error::io(name, e))
}

/// A cursor over untrusted bytes: every read is bounds-checked and a short
/// read is a format error naming the file.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    name: &'a str,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8], name: &'a str) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            name,
        }
    }

    /// Current offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Skip `len` bytes, returning the offset where they start.
    pub fn take(&mut self, len: usize, what: &str) -> Result<usize> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| {
                Error::format(
                    self.name,
                    format!(
                        "truncated: {what} needs {len} bytes at offset {}, file has {}",
                        self.pos,
                        self.bytes.len()
                    ),
                )
            })?;
        let start = self.pos;
        self.pos = end;
        Ok(start)
    }

    /// Skip `count` items of `size` bytes.
    pub fn take_n(&mut self, count: usize, size: usize, what: &str) -> Result<usize> {
        let len = count
            .checked_mul(size)
            .ok_or_else(|| Error::format(self.name, format!("{what}: size overflows")))?;
        self.take(len, what)
    }

    /// Read a u32.
    pub fn u32(&mut self, what: &str) -> Result<u32> {
        let at = self.take(4, what)?;
        Ok(u32_at(self.bytes, at))
    }

    /// Read a u64.
    pub fn u64(&mut self, what: &str) -> Result<u64> {
        let at = self.take(8, what)?;
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.bytes[at..at + 8]);
        Ok(u64::from_le_bytes(b))
    }
}

/// The u32 at byte offset `at` (caller guarantees `at + 4 <= len`).
#[inline]
pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(b)
}

/// The u16 at byte offset `at`.
#[inline]
pub fn u16_at(bytes: &[u8], at: usize) -> u16 {
    let mut b = [0u8; 2];
    b.copy_from_slice(&bytes[at..at + 2]);
    u16::from_le_bytes(b)
}

/// The f32 at byte offset `at`.
#[inline]
pub fn f32_at(bytes: &[u8], at: usize) -> f32 {
    f32::from_bits(u32_at(bytes, at))
}
