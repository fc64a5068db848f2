//! The n-gram tables: one open-addressing hash table per order, keyed by
//! (parent, word), each with a blocked Bloom filter for the swap search.

use std::sync::OnceLock;

use super::{prefetch, WordId, FIB};

/// One slot of an [`NgramTable`]: the n-gram's key (its oldest word and
/// its parent, the (n-1)-gram without that word) and its values.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    /// The word, with [`EXTENDED_BIT`] set when some longer n-gram has
    /// this one as its parent (ends with it).
    pub(super) word: WordId,
    /// The parent's id, with [`CONTEXT_BIT`] set when some longer n-gram
    /// has this one as its context or its backoff is not 0.
    pub(super) parent: u32,
    pub(super) prob: f32,
    pub(super) backoff: f32,
}

/// The flag bit in [`Slot::parent`]; ids stay below it (checked at load).
pub(super) const CONTEXT_BIT: u32 = 1 << 31;

/// The flag bit in [`Slot::word`]; word ids stay below it (checked at
/// load), so a word with the bit cleared is never [`EMPTY`].
pub(super) const EXTENDED_BIT: u32 = 1 << 31;

/// What a table lookup returns: the values and the id of the n-gram, which
/// is the parent in the next table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub(super) prob: f32,
    pub(super) backoff: f32,
    pub(super) id: u32,
    pub(super) is_context: bool,
    /// Some longer n-gram ends with this one.
    pub(super) is_extended: bool,
}

impl Found {
    /// No n-gram (id [`NOT_FOUND`]), in a batch.
    pub(super) const NONE: Found = Found {
        prob: 0.0,
        backoff: 0.0,
        id: NOT_FOUND,
        is_context: false,
        is_extended: false,
    };
    /// A lookup not made yet (id [`PUT_OFF`]).
    pub(super) const PUT_OFF: Found = Found {
        prob: 0.0,
        backoff: 0.0,
        id: PUT_OFF,
        is_context: false,
        is_extended: false,
    };
}

/// The n-grams of one order as an open-addressing hash table keyed by
/// (parent, word), with probability and backoff in the slot: one cache miss
/// per order, as in KenLM's probing structure. Built from the trie when a
/// model is loaded; an n-gram's id is its slot number. The slots live in
/// anonymous memory advised to use huge pages (fewer TLB misses, as KenLM
/// does), 16 bytes each: word, parent (with [`CONTEXT_BIT`]), prob, backoff.
#[derive(Debug)]
pub(super) struct NgramTable {
    pub(super) mem: memmap2::MmapMut,
    pub(super) len: usize,
    /// Keys the table was made for (this many are inserted).
    pub(super) keys: usize,
    /// A blocked Bloom filter of the keys (see [`may_hold`]),
    /// built from the slots on first use: only the swap search's batched
    /// walk ([`Model::score_each`](super::Model::score_each)) asks it, so other uses of a model do
    /// not pay its memory and time.
    pub(super) filter: OnceLock<Vec<FilterBlock>>,
}

/// One cache line of an [`NgramTable`]'s filter: a key sets
/// [`FILTER_BITS`] bits of one block.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
pub(super) struct FilterBlock(pub(super) [u64; 8]);

/// Bits a key sets in its filter block.
pub(super) const FILTER_BITS: u32 = 3;

/// Keys per filter block (8 bits a key: about 3% of absent keys pass).
pub(super) const FILTER_KEYS_PER_BLOCK: usize = 64;

/// Slots are inserted this many at a time when a table is built.
pub(super) const BATCH: usize = 128;

/// No n-gram, in a batch.
pub(super) const NOT_FOUND: u32 = u32::MAX;
/// The id of an n-gram whose lookup a batch put off: see
/// [`Model::score_sentences`](super::Model::score_sentences).
pub(super) const PUT_OFF: u32 = u32::MAX - 1;

/// Marks an empty slot (no word has this id: vocabularies are smaller).
pub(super) const EMPTY: WordId = u32::MAX;

/// Bytes per slot.
pub(super) const SLOT: usize = 16;

impl NgramTable {
    #[inline]
    pub(super) fn home(&self, parent: u32, word: WordId) -> usize {
        let h = ((u64::from(parent) << 32) | u64::from(word)).wrapping_mul(FIB);
        ((u128::from(h ^ (h >> 29)) * self.len as u128) >> 64) as usize
    }

    pub(super) fn with_capacity(n: usize) -> std::io::Result<NgramTable> {
        // Load factor 2/3.
        let len = (n + n / 2 + 1).max(2);
        // Slot ids share a u32 with CONTEXT_BIT, and NOT_FOUND and PUT_OFF
        // lie above it.
        if len >= CONTEXT_BIT as usize {
            return Err(std::io::Error::other(format!(
                "{n} n-grams of one order: more than this engine's limit of {}",
                CONTEXT_BIT / 3 * 2
            )));
        }
        let mut mem = memmap2::MmapMut::map_anon(len * SLOT)?;
        // Only a hint: without huge pages the table works the same.
        #[cfg(target_os = "linux")]
        let _ = mem.advise(memmap2::Advice::HugePage);
        for slot in mem.chunks_exact_mut(SLOT) {
            slot[..4].copy_from_slice(&EMPTY.to_ne_bytes());
        }
        Ok(NgramTable {
            mem,
            len,
            keys: n,
            filter: OnceLock::new(),
        })
    }

    /// Blocks of the filter of a table of `keys` keys.
    pub(super) fn filter_blocks(keys: usize) -> usize {
        keys.div_ceil(FILTER_KEYS_PER_BLOCK).max(1)
    }

    /// The table's filter, built on first use from the slots: every key
    /// in the table sets its bits (see [`filter_at`]), and the table is
    /// not changed once built (the filter is only asked of a loaded
    /// model, whose tables are read-only behind its `Arc`).
    pub(super) fn filter(&self) -> &[FilterBlock] {
        self.filter.get_or_init(|| {
            let mut filter = vec![FilterBlock::default(); Self::filter_blocks(self.keys)];
            for at in 0..self.len {
                let s = self.slot(at);
                if s.word == EMPTY {
                    continue;
                }
                let (block, h) =
                    filter_at(&filter, s.parent & !CONTEXT_BIT, s.word & !EXTENDED_BIT);
                for (word, mask) in filter_bits(h) {
                    filter[block].0[word] |= mask;
                }
            }
            filter
        })
    }

    /// Whether the key may be in the table: `false` only for a key that
    /// is not in it (see [`may_hold`]).
    #[cfg(test)]
    pub(super) fn may_hold(&self, parent: u32, word: WordId) -> bool {
        may_hold(self.filter(), parent, word)
    }

    #[inline]
    pub(super) fn slot(&self, at: usize) -> Slot {
        let c = &self.mem[at * SLOT..][..SLOT];
        let word = |o: usize| u32::from_ne_bytes([c[o], c[o + 1], c[o + 2], c[o + 3]]);
        Slot {
            word: word(0),
            parent: word(4),
            prob: f32::from_bits(word(8)),
            backoff: f32::from_bits(word(12)),
        }
    }

    pub(super) fn put(&mut self, at: usize, s: Slot) {
        let c = &mut self.mem[at * SLOT..][..SLOT];
        c[..4].copy_from_slice(&s.word.to_ne_bytes());
        c[4..8].copy_from_slice(&s.parent.to_ne_bytes());
        c[8..12].copy_from_slice(&s.prob.to_bits().to_ne_bytes());
        c[12..].copy_from_slice(&s.backoff.to_bits().to_ne_bytes());
    }

    /// Insert a key known to be new, given its home slot; returns its id.
    pub(super) fn insert_from(
        &mut self,
        home: usize,
        parent: u32,
        word: WordId,
        prob: f32,
        backoff: f32,
    ) -> u32 {
        let mut at = home;
        while self.slot(at).word != EMPTY {
            at += 1;
            if at == self.len {
                at = 0;
            }
        }
        self.put(
            at,
            Slot {
                word,
                parent,
                prob,
                backoff,
            },
        );
        at as u32
    }

    /// Start loading slot `at` into the cache, without waiting for it: a
    /// hint that changes no result.
    #[inline(always)]
    pub(super) fn prefetch(&self, at: usize) {
        prefetch(&self.mem[at * SLOT..][..SLOT]);
    }

    #[inline]
    pub(super) fn find(&self, parent: u32, word: WordId) -> Option<Found> {
        self.find_from(self.home(parent, word), parent, word)
    }

    /// [`NgramTable::find`] given the key's home slot.
    #[inline]
    pub(super) fn find_from(&self, home: usize, parent: u32, word: WordId) -> Option<Found> {
        let mut at = home;
        loop {
            let s = self.slot(at);
            if s.word & !EXTENDED_BIT == word && s.parent & !CONTEXT_BIT == parent {
                return Some(Found {
                    prob: s.prob,
                    backoff: s.backoff,
                    id: at as u32,
                    is_context: s.parent & CONTEXT_BIT != 0 || s.backoff != 0.0,
                    is_extended: s.word & EXTENDED_BIT != 0,
                });
            }
            if s.word == EMPTY {
                return None;
            }
            at += 1;
            if at == self.len {
                at = 0;
            }
        }
    }

    /// Mark the n-gram with id `id` as a context.
    pub(super) fn mark_context(&mut self, id: u32) {
        let mut s = self.slot(id as usize);
        s.parent |= CONTEXT_BIT;
        self.put(id as usize, s);
    }

    /// The slots' bytes and the filter's (counted whether it has been
    /// built yet or not).
    pub(super) fn heap_bytes(&self) -> usize {
        SLOT * self.len + std::mem::size_of::<FilterBlock>() * Self::filter_blocks(self.keys)
    }
}

/// The block of `filter` (an [`NgramTable`]'s) of a key, and its bits
/// there (9 bits each).
#[inline]
pub(super) fn filter_at(filter: &[FilterBlock], parent: u32, word: WordId) -> (usize, u64) {
    pub(super) const K: u64 = 0xD6E8_FEB8_6659_FD93;
    let mut h = ((u64::from(parent) << 32) | u64::from(word)).wrapping_mul(K);
    h ^= h >> 32;
    h = h.wrapping_mul(FIB);
    let block = ((u128::from(h) * filter.len() as u128) >> 64) as usize;
    (block, h)
}

/// Start loading the block of `filter` of a key (a hint).
#[inline(always)]
pub(super) fn prefetch_filter(filter: &[FilterBlock], parent: u32, word: WordId) {
    prefetch(&filter[filter_at(filter, parent, word).0]);
}

/// Whether the key may be in the table whose filter is `filter`: `false`
/// only for a key that is not in it ([`NgramTable::filter`] sets the bits
/// of every key in the table), so that [`NgramTable::find`] of it would
/// return `None`. Reads one cache line (a small array) where a failed
/// `find` reads one or two of the much larger table.
#[inline]
pub(super) fn may_hold(filter: &[FilterBlock], parent: u32, word: WordId) -> bool {
    let (block, h) = filter_at(filter, parent, word);
    let b = &filter[block].0;
    filter_bits(h).all(|(word, mask)| b[word] & mask != 0)
}

/// The [`FILTER_BITS`] bits of a key's hash `h` in its block (512 bits,
/// 9 bits of `h` each): the block's word and the bit's mask there.
#[inline]
pub(super) fn filter_bits(h: u64) -> impl Iterator<Item = (usize, u64)> {
    (0..FILTER_BITS).map(move |i| {
        let bit = (h >> (9 * i)) & 511;
        ((bit >> 6) as usize, 1 << (bit & 63))
    })
}
