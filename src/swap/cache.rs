//! A small cache of language-model steps for the swap search's windows.
//!
//! The search scores the same step (a word after the same model state)
//! many times: the words after a span are scored once per candidate, and
//! once the candidate has left the context (the model backed off past it)
//! every candidate reaches the same state there. A hit returns what
//! [`Model::score`](crate::lm::Model::score) returned for that step, so
//! results are the same to the bit; a miss costs one hash and one compare.
//! The search asks it first ([`StepCache::get`]), scores the steps it
//! lacks together, then stores them ([`StepCache::put`]).
//!
//! Only those steps go through it: 30 to 37% of them hit on news text
//! (the first word after the window, the second). The candidates'
//! own steps (a synonym after the words before the span) seldom repeat
//! (10 to 17% hits on news text), and there a miss in this table, on top
//! of the model's own, cost more than the hits saved.
//!
//! Each thread keeps one cache from document to document ([`with_cache`]):
//! a step's result depends only on the model, and a fresh table for every
//! document meant allocating and zeroing 344 kB each time.

use std::cell::RefCell;

use crate::lm::{State, WordId};

/// log2 of the number of slots (a direct-mapped table: a new step
/// replaces whatever step shared its slot).
const SLOT_BITS: u32 = 12;

/// One remembered step: `word` after `state` gave `log10` and `next`.
#[derive(Clone, Copy, Default)]
struct Slot {
    filled: bool,
    word: WordId,
    state: State,
    log10: f32,
    next: State,
}

/// Remembered [`Model::score`](crate::lm::Model::score) results, keyed by (state, word).
pub(super) struct StepCache {
    /// The [`SwapFinder`](super::SwapFinder) whose model filled the slots
    /// (its `id`; 0: none).
    owner: u64,
    slots: Vec<Slot>,
}

thread_local! {
    static CACHE: RefCell<StepCache> = RefCell::new(StepCache::new());
}

/// Run `f` with this thread's cache, emptied first unless it holds the
/// steps of the finder numbered `owner` (so of its model).
pub(super) fn with_cache<R>(owner: u64, f: impl FnOnce(&mut StepCache) -> R) -> R {
    CACHE.with_borrow_mut(|cache| {
        if cache.owner != owner {
            cache.slots.fill(Slot::default());
            cache.owner = owner;
        }
        f(cache)
    })
}

impl StepCache {
    /// An empty cache.
    fn new() -> StepCache {
        StepCache {
            owner: 0,
            slots: vec![Slot::default(); 1 << SLOT_BITS],
        }
    }

    /// The slot of (`state`, `word`): a multiplicative hash of the context
    /// words and the word.
    fn slot_of(state: &State, word: WordId) -> usize {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = (state.len() as u64).wrapping_mul(K);
        for &w in state.words() {
            h = (h.rotate_left(5) ^ u64::from(w)).wrapping_mul(K);
        }
        h = (h.rotate_left(5) ^ u64::from(word)).wrapping_mul(K);
        (h >> (64 - SLOT_BITS)) as usize
    }

    /// What [`Model::score`](crate::lm::Model::score) of `word` after `state` returned, when this
    /// step was scored before and is still here (else the slot to
    /// [`Self::put`] it in once scored).
    pub(super) fn get(&self, state: &State, word: WordId) -> Result<(f32, State), usize> {
        let at = Self::slot_of(state, word);
        let slot = &self.slots[at];
        if slot.filled && slot.word == word && slot.state == *state {
            Ok((slot.log10, slot.next))
        } else {
            Err(at)
        }
    }

    /// Remember that [`Model::score`](crate::lm::Model::score) of `word` after `state` returned
    /// `log10` and `next`, in slot `at` (from [`Self::get`]).
    pub(super) fn put(&mut self, at: usize, state: &State, word: WordId, log10: f32, next: State) {
        self.slots[at] = Slot {
            filled: true,
            word,
            state: *state,
            log10,
            next,
        };
    }
}
