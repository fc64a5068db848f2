//! The vocabulary's lookup table: word bytes to model id.

use super::table::EMPTY;
use super::{WordId, FIB};

/// Word bytes -> id: an open-addressing table of 64-bit word hashes and
/// ids, built when a model is loaded (a few milliseconds; the model file
/// holds words, not a table). As in KenLM's vocabulary, a word is found by
/// its 64-bit hash alone, without comparing bytes; a model whose words
/// collide in 64 bits is checked byte by byte instead (`is_exact`).
#[derive(Debug, Default)]
pub(super) struct VocabIndex {
    pub(super) slots: Vec<VocabSlot>,
    /// Two words of the model share a hash: compare bytes too.
    pub(super) is_exact: bool,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct VocabSlot {
    pub(super) hash: u64,
    /// The word's id; [`EMPTY`] for an empty slot.
    pub(super) id: u32,
}

/// Multiply and fold the 128-bit product (the mixing step of wyhash-style
/// hashes).
#[inline]
pub(super) fn fold_mul(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl VocabIndex {
    /// A 64-bit hash of a word, eight bytes at a time. The last 1 to 8
    /// bytes are read without a copy: as the last eight bytes of a longer
    /// word (overlapping the chunk before), as two overlapping 4-byte reads,
    /// or as three single bytes. Equal hashes are told apart by
    /// [`VocabIndex::is_exact`], so the hash only has to spread words.
    #[inline]
    pub(super) fn hash(bytes: &[u8]) -> u64 {
        const K0: u64 = 0xa076_1d64_78bd_642f;
        const K1: u64 = 0xe703_7ed1_a0b4_28db;
        let u64_at = |i: usize| {
            let c = &bytes[i..i + 8];
            u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])
        };
        let u32_at = |i: usize| {
            let c = &bytes[i..i + 4];
            u64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        };
        let n = bytes.len();
        // The length is mixed in first, so that it cannot cancel against
        // the bytes ("ab" and "abc" differ in one bit of each).
        let mut h = fold_mul(K0 ^ n as u64, K1);
        let last = match n {
            0 => 0,
            1..=3 => {
                u64::from(bytes[0]) << 16 | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1])
            }
            4..=8 => u32_at(0) << 32 | u32_at(n - 4),
            _ => {
                let mut i = 0;
                while n - i > 8 {
                    h = fold_mul(h ^ u64_at(i), K1);
                    i += 8;
                }
                u64_at(n - 8)
            }
        };
        fold_mul(fold_mul(h ^ last, K1), K0)
    }

    #[inline]
    pub(super) fn home(&self, hash: u64) -> usize {
        ((u128::from(hash.wrapping_mul(FIB)) * self.slots.len() as u128) >> 64) as usize
    }

    pub(super) fn build<'a>(n: usize, word: impl Fn(usize) -> &'a [u8]) -> VocabIndex {
        let len = 2 * n + 1;
        let mut index = VocabIndex {
            slots: vec![VocabSlot { hash: 0, id: EMPTY }; len],
            is_exact: false,
        };
        for id in 0..n {
            let hash = Self::hash(word(id));
            let mut at = index.home(hash);
            while index.slots[at].id != EMPTY {
                if index.slots[at].hash == hash {
                    index.is_exact = true;
                }
                at = if at + 1 == len { 0 } else { at + 1 };
            }
            index.slots[at] = VocabSlot {
                hash,
                id: id as u32,
            };
        }
        index
    }

    #[inline]
    pub(super) fn find(&self, key: &[u8], is: impl Fn(u32) -> bool) -> WordId {
        self.find_hashed(Self::hash(key), is)
    }

    /// [`VocabIndex::find`] given the key's hash.
    #[inline]
    pub(super) fn find_hashed(&self, hash: u64, is: impl Fn(u32) -> bool) -> WordId {
        let len = self.slots.len();
        let mut at = self.home(hash);
        loop {
            let s = self.slots[at];
            if s.id == EMPTY {
                return 0;
            }
            if s.hash == hash && (!self.is_exact || is(s.id)) {
                return s.id;
            }
            at = if at + 1 == len { 0 } else { at + 1 };
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        std::mem::size_of::<VocabSlot>() * self.slots.len()
    }
}
