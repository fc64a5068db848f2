//! Backoff n-gram language models (order 1 to 5) with KenLM/SRILM
//! semantics: log10 probabilities, backoff weights, `<s>`, `</s>`, `<unk>`.
//!
//! Models are imported from ARPA ([`arpa`]) or the CMU Sphinx trie binary
//! ([`sphinx`]) and kept in unspun's own binary format ([`binary`]), which is
//! used in place: from bytes embedded in the executable ([`Model::builtin`])
//! or read from a file. Loading checks every count, offset and index, so a
//! truncated or corrupt file is an error, never a panic or a wrong answer.
//!
//! Scoring follows the backoff recursion: `P(w | h) = P*(h w)` if `h w` is
//! in the model, else `backoff(h) * P(w | h without its oldest word)`, in
//! log10. The model state carries the context words and their backoffs, so
//! a word costs one walk down the reversed trie (see [`layers`]).

pub mod arpa;
pub mod binary;
pub mod layers;
mod load;
pub mod sphinx;
mod table;
pub mod train;
mod vocab;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use binary::{f32_at, u16_at, u32_at, Reader};
use layers::{Layer, Layers};
use load::parse;
use table::{
    may_hold, prefetch_filter, Found, NgramTable, BATCH, CONTEXT_BIT, EXTENDED_BIT, NOT_FOUND,
    PUT_OFF,
};
use vocab::VocabIndex;

use crate::error::{Error, Result};

/// A word id; 0 is `<unk>`.
pub type WordId = u32;

/// The highest order supported.
pub const MAX_ORDER: usize = 5;

/// log10 probability given to `<unk>` when a model has none (as KenLM does).
pub const UNK_LOG10: f32 = -100.0;

/// The largest magnitude a model's log10 probability or backoff may have.
/// Real models stay within about ±100 (-99 is ARPA's "never"); a file
/// holding, say, -3e38 is broken, and a sentence summing such values would
/// overflow to infinity and score NaN, so loading refuses it.
pub const MAX_ABS_LOG10: f32 = 1000.0;

/// Whether `v` is a log10 value a model may hold: finite, within
/// [`MAX_ABS_LOG10`].
pub fn is_model_value(v: f32) -> bool {
    v.is_finite() && v.abs() <= MAX_ABS_LOG10
}

/// The context of the next word: up to `MAX_ORDER - 1` words, most recent
/// first, with the backoff of each context length.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct State {
    words: [WordId; MAX_ORDER - 1],
    backoffs: [f32; MAX_ORDER - 1],
    len: u8,
}

impl State {
    /// Number of context words.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the context is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The context words, most recent first.
    pub fn words(&self) -> &[WordId] {
        &self.words[..self.len as usize]
    }
}

/// The probability of one word and how it was found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    /// log10 P(word | context).
    pub log10: f32,
    /// Length of the longest matching n-gram (1 = unigram).
    pub ngram_len: u8,
}

/// The score of one sentence.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SentenceScore {
    /// Total log10 probability, `</s>` included when asked for.
    pub log10: f64,
    /// Total over known words only (and `</s>`).
    pub log10_known: f64,
    /// Words scored (without `</s>`).
    pub words: usize,
    /// Unknown words.
    pub oovs: usize,
}

#[derive(Debug)]
enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl Bytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(v) => v,
        }
    }
}

#[derive(Debug)]
struct LayerView {
    n: usize,
    word: usize,
    prob: usize,
    backoff: usize,
    child: usize,
    width: usize,
    prob_table: Vec<f32>,
    backoff_table: Vec<f32>,
    is_top: bool,
}

#[derive(Debug)]
struct Inner {
    bytes: Bytes,
    name: String,
    order: usize,
    vocab_len: usize,
    pool: usize,
    offsets: usize,
    uni_prob: usize,
    uni_backoff: usize,
    uni_child: usize,
    layers: Vec<LayerView>,
    bos: WordId,
    eos: WordId,
    vocab_index: VocabIndex,
    /// log10 probability and backoff of each word, and whether it is the
    /// context of some bigram.
    uni: Vec<Unigram>,
    /// [`Unigram::is_context`] and [`Unigram::is_extended`] of each word
    /// as bits ([`IS_CONTEXT`], [`IS_EXTENDED`]): a byte a word, small
    /// enough to stay in cache where the batched pass reads it at random.
    uni_flags: Vec<u8>,
    /// One probing table per layer above the unigrams (see [`NgramTable`]).
    tables: Vec<NgramTable>,
}

/// A loaded model. Cheap to clone; `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Model {
    inner: Arc<Inner>,
}

static BUILTIN_BYTES: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/en-us.lm"));

impl Model {
    /// The built-in default model (CMU Sphinx US English 3-gram), embedded
    /// in the executable; checked once per process.
    ///
    /// # Errors
    /// Only if the embedded file is broken (a build problem; tested).
    pub fn builtin() -> Result<Model> {
        static CELL: OnceLock<std::result::Result<Model, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            Model::from_parts(Bytes::Static(BUILTIN_BYTES), "built-in model")
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(Error::config)
    }

    /// Open a model file: unspun's binary format, ARPA (plain or gzip), or a
    /// CMU Sphinx trie binary, recognised by their first bytes.
    ///
    /// # Errors
    /// Unreadable, unknown, truncated or corrupt files.
    pub fn open(path: &Path) -> Result<Model> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        if bytes.starts_with(binary::MAGIC) {
            return Model::from_parts(Bytes::Owned(bytes), &name);
        }
        let layers = if bytes.starts_with(sphinx::MAGIC) {
            sphinx::read(&bytes, &name)?
        } else if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&bytes[..]));
            let layers = arpa::read(&mut r, &name)?;
            // The reader stops at `\end\`; the rest of the stream is read
            // too, so that its checksum is checked: a flipped byte inside
            // a probability breaks no ARPA syntax.
            std::io::copy(&mut r, &mut std::io::sink())
                .map_err(|e| Error::format(&name, format!("the gzip stream is corrupt: {e}")))?;
            layers
        } else {
            arpa::read(&bytes[..], &name)?
        };
        Model::from_layers(&layers, &name)
    }

    /// A model from unspun's binary format held in memory.
    ///
    /// # Errors
    /// Truncated or corrupt bytes.
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Model> {
        Model::from_parts(Bytes::Owned(bytes), name)
    }

    /// A model from trie layers.
    ///
    /// # Errors
    /// Inconsistent layers.
    pub fn from_layers(layers: &Layers, name: &str) -> Result<Model> {
        Model::from_parts(Bytes::Owned(binary::to_bytes(layers)), name)
    }

    fn from_parts(bytes: Bytes, name: &str) -> Result<Model> {
        let inner = parse(bytes, name)?;
        Ok(Model {
            inner: Arc::new(inner),
        })
    }

    fn b(&self) -> &[u8] {
        self.inner.bytes.as_slice()
    }

    /// The model's order.
    pub fn order(&self) -> usize {
        self.inner.order
    }

    /// Number of n-grams of each order (1-grams include `<unk>`).
    pub fn counts(&self) -> Vec<u64> {
        let mut c = vec![self.inner.vocab_len as u64];
        c.extend(self.inner.layers.iter().map(|l| l.n as u64));
        c
    }

    /// Number of words, `<unk>` included.
    pub fn vocab_len(&self) -> usize {
        self.inner.vocab_len
    }

    /// Size of the model's bytes.
    pub fn size_bytes(&self) -> usize {
        self.b().len()
    }

    /// Bytes of the lookup tables built at load (vocabulary and long child
    /// ranges), on top of [`Model::size_bytes`].
    pub fn index_bytes(&self) -> usize {
        let inner = &*self.inner;
        inner.vocab_index.heap_bytes()
            + std::mem::size_of::<Unigram>() * inner.uni.len()
            + inner.uni_flags.len()
            + inner
                .tables
                .iter()
                .map(NgramTable::heap_bytes)
                .sum::<usize>()
    }

    /// Where the model came from.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The word with id `id` (empty for an id out of range).
    pub fn word(&self, id: WordId) -> &str {
        let id = id as usize;
        if id >= self.inner.vocab_len {
            return "";
        }
        let b = self.b();
        let s = u32_at(b, self.inner.offsets + 4 * id) as usize;
        let e = u32_at(b, self.inner.offsets + 4 * id + 4) as usize;
        // Every word was checked to be UTF-8 at load.
        std::str::from_utf8(&b[self.inner.pool + s..self.inner.pool + e]).unwrap_or("")
    }

    /// The id of `word`, 0 (`<unk>`) when the model does not know it.
    pub fn index(&self, word: &str) -> WordId {
        let inner = &*self.inner;
        let b = self.b();
        let key = word.as_bytes();
        inner.vocab_index.find(key, |id| {
            let s = u32_at(b, inner.offsets + 4 * id as usize) as usize;
            let e = u32_at(b, inner.offsets + 4 * id as usize + 4) as usize;
            &b[inner.pool + s..inner.pool + e] == key
        })
    }

    /// The ids of `words`, appended to `out`: [`Model::index`] for each,
    /// with the table's cache misses overlapped (what `lm score` uses).
    pub fn index_words<'a>(
        &self,
        words: impl IntoIterator<Item = &'a [u8]>,
        out: &mut Vec<WordId>,
    ) {
        const CHUNK: usize = 32;
        let inner = &*self.inner;
        let vi = &inner.vocab_index;
        let b = self.b();
        let mut chunk: [&[u8]; CHUNK] = [&[]; CHUNK];
        let mut hashes = [0u64; CHUNK];
        let mut words = words.into_iter().peekable();
        while words.peek().is_some() {
            let mut n = 0;
            for w in words.by_ref().take(CHUNK) {
                let h = VocabIndex::hash(w);
                prefetch(&vi.slots[vi.home(h)]);
                chunk[n] = w;
                hashes[n] = h;
                n += 1;
            }
            for i in 0..n {
                let key = chunk[i];
                out.push(vi.find_hashed(hashes[i], |id| {
                    let s = u32_at(b, inner.offsets + 4 * id as usize) as usize;
                    let e = u32_at(b, inner.offsets + 4 * id as usize + 4) as usize;
                    &b[inner.pool + s..inner.pool + e] == key
                }));
            }
        }
    }

    /// The id of `</s>`.
    pub fn end_sentence_id(&self) -> WordId {
        self.inner.eos
    }

    /// log10 of the unigram probability of `id`.
    pub fn unigram_log10(&self, id: WordId) -> f32 {
        let id = (id as usize).min(self.inner.vocab_len - 1);
        f32_at(self.b(), self.inner.uni_prob + 4 * id)
    }

    /// The state at the start of a sentence (context `<s>`).
    pub fn begin_sentence_state(&self) -> State {
        let mut s = State::default();
        if self.inner.order > 1 && self.inner.bos != 0 {
            s.words[0] = self.inner.bos;
            s.backoffs[0] = self.inner.uni[self.inner.bos as usize].backoff;
            s.len = 1;
        }
        s
    }

    /// The state with no context.
    pub fn null_context_state(&self) -> State {
        State::default()
    }

    #[inline]
    fn index_at(&self, l: &LayerView, base: usize, i: usize) -> usize {
        if l.width == 2 {
            u16_at(self.b(), base + 2 * i) as usize
        } else {
            u32_at(self.b(), base + 4 * i) as usize
        }
    }

    /// log10 P(`word` | `state`), writing the state after `word` to `out`.
    #[inline]
    pub fn score(&self, state: &State, word: WordId, out: &mut State) -> f32 {
        self.score_full(state, word, out).log10
    }

    /// [`Model::score`] of each of `words` after the one `state`: the
    /// log10 and the state after the word, in order, written to `out`
    /// (cleared first).
    ///
    /// The same steps as [`Model::score_full`] word by word, to the bit,
    /// taken a table at a time across the words instead of a word at a
    /// time: every word's slot in one table is loaded (prefetched) before
    /// any is read, so that the cache misses of the words overlap, at
    /// every order.
    pub fn score_each(&self, state: &State, words: &[WordId], out: &mut Vec<(f32, State)>) {
        out.clear();
        self.score_batch(words.len(), |_| state, |i| words[i], out);
    }

    /// [`Model::score`] of `word` after each of `states`, in order, as
    /// [`Model::score_each`] does it (the same steps to the bit), written
    /// to `out` (cleared first).
    pub fn score_after_each(&self, states: &[State], word: WordId, out: &mut Vec<(f32, State)>) {
        out.clear();
        self.score_batch(states.len(), |i| &states[i], |_| word, out);
    }

    /// [`Model::score`] of `word(i)` after `state(i)` for `i` in `0..n`,
    /// appended to `out`: [`Model::score_full`]'s walk, a table at a time.
    fn score_batch<'s>(
        &self,
        n: usize,
        state: impl Fn(usize) -> &'s State,
        word: impl Fn(usize) -> WordId,
        out: &mut Vec<(f32, State)>,
    ) {
        /// Steps taken together (their cursors live on the stack).
        const CHUNK: usize = 32;
        /// One step's walk down the tables, as in `score_full`.
        #[derive(Clone, Copy, Default)]
        struct Cursor {
            log10: f32,
            matched: usize,
            keep: usize,
            parent: u32,
            /// Whether the walk goes on to the next table.
            going: bool,
            home: usize,
        }
        let inner = &*self.inner;
        let top = inner.tables.len().wrapping_sub(1);
        let clamp = |w: WordId| if (w as usize) < inner.vocab_len { w } else { 0 };
        for lo in (0..n).step_by(CHUNK) {
            let hi = (lo + CHUNK).min(n);
            let mut cur = [Cursor::default(); CHUNK];
            let cur = &mut cur[..hi - lo];
            let base = out.len();
            for i in lo..hi {
                prefetch(&inner.uni[clamp(word(i)) as usize]);
            }
            let mut levels = 0;
            for (i, c) in (lo..hi).zip(cur.iter_mut()) {
                let w = clamp(word(i));
                let st = state(i);
                let uni = inner.uni[w as usize];
                let mut next = State::default();
                *c = Cursor {
                    log10: uni.prob,
                    matched: 1,
                    keep: 0,
                    parent: w,
                    going: false,
                    home: 0,
                };
                if inner.order > 1 && w != 0 {
                    next.words[0] = w;
                    next.backoffs[0] = uni.backoff;
                    c.keep = usize::from(uni.is_context);
                    c.going = uni.is_extended && st.len > 0;
                    if c.going {
                        levels = levels.max((st.len as usize).min(inner.tables.len()));
                    }
                }
                out.push((0.0, next));
            }
            for j in 0..levels {
                let t = &inner.tables[j];
                let filter = t.filter();
                // The filter first: most keys asked here are not in the
                // table, and the filter says so from a far smaller array
                // (an absent key's `find` is `None`, as the filter says).
                for (i, c) in (lo..hi).zip(cur.iter()) {
                    if c.going {
                        prefetch_filter(filter, c.parent, state(i).words[j]);
                    }
                }
                for (i, c) in (lo..hi).zip(cur.iter_mut()) {
                    if !c.going {
                        continue;
                    }
                    let context = state(i).words[j];
                    if may_hold(filter, c.parent, context) {
                        c.home = t.home(c.parent, context);
                        t.prefetch(c.home);
                    } else {
                        c.going = false;
                    }
                }
                for (i, (c, (_, next))) in (lo..hi).zip(cur.iter_mut().zip(&mut out[base..])) {
                    if !c.going {
                        continue;
                    }
                    let st = state(i);
                    let Some(slot) = t.find_from(c.home, c.parent, st.words[j]) else {
                        c.going = false;
                        continue;
                    };
                    c.log10 = slot.prob;
                    c.matched = j + 2;
                    if j == top {
                        c.going = false;
                        continue;
                    }
                    next.words[j + 1] = st.words[j];
                    next.backoffs[j + 1] = slot.backoff;
                    if slot.is_context {
                        c.keep = j + 2;
                    }
                    c.parent = slot.id;
                    // `score_full` walks `min(len, tables)` tables.
                    c.going = slot.is_extended && j + 1 < (st.len as usize).min(inner.tables.len());
                }
            }
            for (i, (c, (log10, next))) in (lo..hi).zip(cur.iter().zip(&mut out[base..])) {
                let st = state(i);
                next.len = c.keep as u8;
                let mut x = c.log10;
                for j in (c.matched - 1)..st.len as usize {
                    x += st.backoffs[j];
                }
                *log10 = x;
            }
        }
    }

    /// Like [`Model::score`], with the length of the matched n-gram.
    #[inline]
    pub fn score_full(&self, state: &State, word: WordId, out: &mut State) -> Scored {
        let inner = &*self.inner;
        let w = if (word as usize) < inner.vocab_len {
            word
        } else {
            0
        };
        let uni = inner.uni[w as usize];
        let mut log10 = uni.prob;
        let mut matched = 1usize;
        let mut next = State::default();
        if inner.order > 1 && w != 0 {
            // The state keeps a context only while it can be extended (or
            // has a backoff to add), as KenLM's does: a shorter state gives
            // the same probabilities with fewer lookups.
            next.words[0] = w;
            next.backoffs[0] = uni.backoff;
            let mut keep = usize::from(uni.is_context);
            let top = inner.tables.len() - 1;
            let mut parent = w;
            let mut extended = uni.is_extended;
            // Table j holds (j + 2)-grams; extend with context word j.
            for j in 0..(state.len as usize).min(inner.tables.len()) {
                if !extended {
                    break;
                }
                let Some(slot) = inner.tables[j].find(parent, state.words[j]) else {
                    break;
                };
                log10 = slot.prob;
                matched = j + 2;
                if j == top {
                    break;
                }
                next.words[j + 1] = state.words[j];
                next.backoffs[j + 1] = slot.backoff;
                if slot.is_context {
                    keep = j + 2;
                }
                parent = slot.id;
                extended = slot.is_extended;
            }
            next.len = keep as u8;
        }
        for j in (matched - 1)..state.len as usize {
            log10 += state.backoffs[j];
        }
        *out = next;
        Scored {
            log10,
            ngram_len: matched as u8,
        }
    }

    /// Score a sentence of word ids, with `<s>` before it when `bos` and
    /// `</s>` after it when `eos`.
    ///
    /// Same result as calling [`Model::score`] word by word; the lookups
    /// are made as in [`Model::score_sentences`].
    pub fn score_sentence(&self, words: &[WordId], bos: bool, eos: bool) -> SentenceScore {
        let mut out = Vec::with_capacity(1);
        self.score_sentences(&[words], bos, eos, &mut out);
        out.pop().unwrap_or_default()
    }

    /// [`Model::score_sentence`] for each of `sentences`, appended to
    /// `out` (what `lm score` uses).
    ///
    /// Same result as word by word, but the table lookups are made order by
    /// order for all the sentences first: they do not depend on each other,
    /// so the loads of the slots can be started 24 lookups
    /// before they are needed and their cache misses overlap.
    pub fn score_sentences(
        &self,
        sentences: &[&[WordId]],
        bos: bool,
        eos: bool,
        out: &mut Vec<SentenceScore>,
    ) {
        let first = out.len();
        out.extend(sentences.iter().map(|_| SentenceScore::default()));
        self.batched_pass::<false>(sentences, bos, eos, |i, k, w, step, _| {
            let score = &mut out[first + i];
            let p = f64::from(step.log10);
            score.log10 += p;
            if k < sentences[i].len() {
                score.words += 1;
                if w == 0 {
                    score.oovs += 1;
                    return;
                }
            }
            score.log10_known += p;
        });
    }

    /// Every token of `sentences` (each sentence's words, then `</s>` when
    /// `eos`), scored with the lookups of [`Model::score_sentences`], handed
    /// to `visit(sentence, position, word, scored, state_before)` in order
    /// (an id outside the vocabulary is handed over as 0, unknown):
    /// the same values and states as [`Model::score_full`] word by word
    /// from [`Model::begin_sentence_state`] (or the null context without
    /// `bos`). What the document pipeline's sentence pass uses.
    pub fn score_sentences_stepwise(
        &self,
        sentences: &[&[WordId]],
        bos: bool,
        eos: bool,
        visit: impl FnMut(usize, usize, WordId, Scored, &State),
    ) {
        self.batched_pass::<true>(sentences, bos, eos, visit);
    }

    /// The batched pass behind [`Model::score_sentences`] and
    /// [`Model::score_sentences_stepwise`]. With `STATES`, the state before
    /// each token is built as [`Model::score_full`] builds it; without,
    /// `visit` gets a blank one. A unigram model, with no table to look up,
    /// is scored word by word.
    fn batched_pass<const STATES: bool>(
        &self,
        sentences: &[&[WordId]],
        bos: bool,
        eos: bool,
        mut visit: impl FnMut(usize, usize, WordId, Scored, &State),
    ) {
        let inner = &*self.inner;
        if inner.order == 1 {
            for (i, s) in sentences.iter().enumerate() {
                let mut state = if bos {
                    self.begin_sentence_state()
                } else {
                    self.null_context_state()
                };
                let tail = eos.then_some(inner.eos);
                for (k, &w) in s.iter().chain(tail.iter()).enumerate() {
                    let w = if (w as usize) < inner.vocab_len { w } else { 0 };
                    let mut next = State::default();
                    let scored = self.score_full(&state, w, &mut next);
                    visit(i, k, w, scored, &state);
                    state = next;
                }
            }
            return;
        }
        let start = if bos {
            self.begin_sentence_state()
        } else {
            self.null_context_state()
        };
        let has_bos = start.len > 0;
        // All tokens in a row: per sentence, <s> (context only) when
        // `has_bos`, the words, then </s> when `eos`. `avail[t]` counts the
        // tokens before t in its sentence: the context words it may use.
        let total: usize = sentences.iter().map(|s| s.len() + 2).sum();
        let mut seq: Vec<WordId> = Vec::with_capacity(total);
        let mut avail: Vec<u32> = Vec::with_capacity(total);
        for s in sentences {
            if has_bos {
                seq.push(inner.bos);
                avail.push(0);
            }
            let base = usize::from(has_bos);
            for (i, &w) in s.iter().enumerate() {
                seq.push(if (w as usize) < inner.vocab_len { w } else { 0 });
                avail.push((base + i) as u32);
            }
            if eos {
                seq.push(inner.eos);
                avail.push((base + s.len()) as u32);
            }
        }
        let len = seq.len();
        let levels = inner.tables.len();
        // found[j * len + t]: the (j + 2)-gram ending at token t, if in the
        // model; its id is the parent of the next order's lookup.
        let mut found = vec![Found::NONE; levels * len];
        let mut probes: Vec<Probe> = Vec::with_capacity(len);
        for j in 0..levels {
            let (below, this) = found.split_at_mut(j * len);
            let this = &mut this[..len];
            let below = &below[below.len().saturating_sub(len)..];
            let table = &inner.tables[j];
            probes.clear();
            for t in 0..len {
                let w = seq[t];
                if w == 0 || avail[t] as usize <= j {
                    continue;
                }
                let (parent, extended) = if j == 0 {
                    // The scoring pass reads the word's values.
                    prefetch(&inner.uni[w as usize]);
                    (w, inner.uni_flags[w as usize] & IS_EXTENDED != 0)
                } else {
                    (below[t].id, below[t].is_extended)
                };
                // No longer n-gram ends with the one found at t: nothing
                // to look up (a lookup put off is not known to be found).
                if parent == NOT_FOUND || (parent != PUT_OFF && !extended) {
                    continue;
                }
                // The (j + 2)-gram at t is used only if the state after
                // token t - 1 keeps j + 1 words: the (j + 1)-gram ending
                // at t - 1 is a context. When it is known not to be, the
                // lookup is put off: the scoring pass below makes it if
                // the state does need it (a model whose contexts are not
                // closed under suffixes).
                let is_context_before = if j == 0 {
                    let p = seq[t - 1];
                    p == 0 || inner.uni_flags[p as usize] & IS_CONTEXT == 0
                } else {
                    let f = below[t - 1];
                    f.id == NOT_FOUND || (f.id != PUT_OFF && !f.is_context)
                };
                if parent == PUT_OFF || is_context_before {
                    this[t] = Found::PUT_OFF;
                    continue;
                }
                let word = seq[t - 1 - j];
                probes.push(Probe {
                    t: t as u32,
                    parent,
                    word,
                    home: table.home(parent, word) as u32,
                });
            }
            for p in probes.iter().take(PREFETCH_AHEAD) {
                table.prefetch(p.home as usize);
            }
            for (k, p) in probes.iter().enumerate() {
                if let Some(q) = probes.get(k + PREFETCH_AHEAD) {
                    table.prefetch(q.home as usize);
                }
                if let Some(f) = table.find_from(p.home as usize, p.parent, p.word) {
                    this[p.t as usize] = f;
                }
            }
        }
        let top = levels - 1;
        let mut t = 0usize;
        for (i, s) in sentences.iter().enumerate() {
            if has_bos {
                t += 1;
            }
            let mut state_len = start.len as usize;
            let mut backoffs = start.backoffs;
            let mut state = if STATES { start } else { State::default() };
            let n = s.len() + usize::from(eos);
            for k in 0..n {
                let w = seq[t];
                // The n-gram found at the level below (the word itself
                // below bigrams): the parent of a lookup put off.
                let mut below = w;
                let found_at = |j: usize| {
                    let mut f = found[j * len + t];
                    if f.id == PUT_OFF {
                        f = inner.tables[j]
                            .find(below, seq[t - 1 - j])
                            .unwrap_or(Found::NONE);
                    }
                    below = f.id;
                    f
                };
                let (log10, matched, keep, next) =
                    self.batched_step(w, found_at, state_len, &backoffs, levels);
                let scored = Scored {
                    log10,
                    ngram_len: matched as u8,
                };
                visit(i, k, w, scored, &state);
                if STATES {
                    // As `score_full` writes its next state: the word, the
                    // context words of every n-gram found below the top,
                    // their backoffs, and the length to keep.
                    let mut after = State::default();
                    if w != 0 {
                        after.words[0] = w;
                        for j in 1..=(matched - 1).min(top) {
                            after.words[j] = state.words[j - 1];
                        }
                        after.backoffs = next;
                        after.len = keep as u8;
                    }
                    state = after;
                }
                state_len = keep;
                backoffs = next;
                t += 1;
            }
        }
    }

    /// One word of a batched pass: word `w` after a context of
    /// `state_len` words with their `backoffs`, where `found_at(j)` is the
    /// (j + 2)-gram ending at `w` (or [`Found::NONE`]), found in advance.
    /// Returns log10 P(w | context), the length of the n-gram matched, the
    /// context length to keep and the backoffs of the next state.
    #[inline]
    fn batched_step(
        &self,
        w: WordId,
        mut found_at: impl FnMut(usize) -> Found,
        state_len: usize,
        backoffs: &[f32; MAX_ORDER - 1],
        levels: usize,
    ) -> (f32, usize, usize, [f32; MAX_ORDER - 1]) {
        let inner = &*self.inner;
        let top = levels - 1;
        let uni = inner.uni[w as usize];
        let mut log10 = uni.prob;
        let mut matched = 1usize;
        let mut keep = 0usize;
        let mut next = [0f32; MAX_ORDER - 1];
        if w != 0 {
            next[0] = uni.backoff;
            keep = usize::from(uni.is_context);
            for j in 0..state_len.min(levels) {
                let f = found_at(j);
                if f.id == NOT_FOUND {
                    break;
                }
                log10 = f.prob;
                matched = j + 2;
                if j == top {
                    break;
                }
                next[j + 1] = f.backoff;
                if f.is_context {
                    keep = j + 2;
                }
            }
        }
        for b in &backoffs[matched - 1..state_len] {
            log10 += b;
        }
        (log10, matched, keep, next)
    }

    /// [`Model::score_sentence`] with [`Model::score`] word by word.
    pub fn score_sentence_one_by_one(
        &self,
        words: &[WordId],
        bos: bool,
        eos: bool,
    ) -> SentenceScore {
        let mut state = if bos {
            self.begin_sentence_state()
        } else {
            self.null_context_state()
        };
        let mut out = SentenceScore::default();
        let mut next = State::default();
        for &w in words {
            let p = f64::from(self.score(&state, w, &mut next));
            out.log10 += p;
            out.words += 1;
            if w == 0 || w as usize >= self.inner.vocab_len {
                out.oovs += 1;
            } else {
                out.log10_known += p;
            }
            state = next;
        }
        if eos {
            let p = f64::from(self.score(&state, self.inner.eos, &mut next));
            out.log10 += p;
            out.log10_known += p;
        }
        out
    }

    /// The model as trie layers (for export and conversion).
    pub fn to_layers(&self) -> Layers {
        let inner = &*self.inner;
        let b = self.b();
        let v = inner.vocab_len;
        let mut layers = Layers {
            vocab: (0..v as u32).map(|i| self.word(i).to_string()).collect(),
            uni_prob: (0..v).map(|i| f32_at(b, inner.uni_prob + 4 * i)).collect(),
            uni_backoff: (0..v)
                .map(|i| f32_at(b, inner.uni_backoff + 4 * i))
                .collect(),
            uni_child: (0..=v)
                .map(|i| u32_at(b, inner.uni_child + 4 * i))
                .collect(),
            layers: Vec::new(),
        };
        for l in &inner.layers {
            let mut out = Layer {
                word: (0..l.n).map(|i| u32_at(b, l.word + 4 * i)).collect(),
                prob: (0..l.n)
                    .map(|i| self.index_at(l, l.prob, i) as u32)
                    .collect(),
                prob_table: l.prob_table.clone(),
                backoff_table: l.backoff_table.clone(),
                ..Layer::default()
            };
            if !l.is_top {
                out.backoff = (0..l.n)
                    .map(|i| self.index_at(l, l.backoff, i) as u32)
                    .collect();
                out.child = (0..=l.n).map(|i| u32_at(b, l.child + 4 * i)).collect();
            }
            layers.layers.push(out);
        }
        layers
    }

    /// Write the model in unspun's binary format.
    ///
    /// # Errors
    /// Write errors.
    pub fn write_binary(&self, mut w: impl std::io::Write) -> Result<()> {
        w.write_all(self.b()).map_err(|e| Error::io("output", e))
    }

    /// Write the model as ARPA text.
    ///
    /// # Errors
    /// Write errors.
    pub fn write_arpa(&self, w: impl std::io::Write) -> Result<()> {
        arpa::write(&self.to_layers(), w)
    }
}

/// Multiplier of Fibonacci hashing (2^64 / golden ratio).
const FIB: u64 = 0x9E37_79B9_7F4A_7C15;

/// Start moving the cache line that holds `data` towards the core, without
/// waiting for it: a hint that changes no result.
#[inline(always)]
fn prefetch<T: ?Sized>(data: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch instruction only moves a cache line towards the
    // core: it reads no value into the program, writes nothing and never
    // faults, whatever the address. The address is that of a live
    // reference anyway. The `sse` feature it needs is part of every x86_64
    // CPU (the target's baseline).
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (data as *const T).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}

/// A word's values.
#[derive(Debug, Clone, Copy)]
struct Unigram {
    prob: f32,
    backoff: f32,
    /// Some bigram has this word as its context, or its backoff is not 0.
    is_context: bool,
    /// Some bigram ends with this word.
    is_extended: bool,
}

/// Bits of [`Inner::uni_flags`].
const IS_CONTEXT: u8 = 1;
const IS_EXTENDED: u8 = 2;

/// One lookup of a batched pass: the key of the n-gram ending at token `t`
/// and its home slot.
#[derive(Debug, Clone, Copy)]
struct Probe {
    t: u32,
    parent: u32,
    word: WordId,
    home: u32,
}

/// How many lookups ahead of the current one a batched pass starts loading
/// a slot: enough to cover a miss to memory with the work of the lookups in
/// between.
const PREFETCH_AHEAD: usize = 24;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod train_tests;
