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
pub mod sphinx;
pub mod train;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use binary::{f32_at, u16_at, u32_at, Reader};
use layers::{Layer, Layers};

use crate::error::{Error, Result};

/// A word id; 0 is `<unk>`.
pub type WordId = u32;

/// The highest order supported.
pub const MAX_ORDER: usize = 5;

/// log10 probability given to `<unk>` when a model has none (as KenLM does).
pub const UNK_LOG10: f32 = -100.0;

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
    sorted: usize,
    uni_prob: usize,
    uni_backoff: usize,
    uni_child: usize,
    layers: Vec<LayerView>,
    bos: WordId,
    eos: WordId,
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
            let r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&bytes[..]));
            arpa::read(r, &name)?
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
        let b = self.b();
        let key = word.as_bytes();
        let (mut lo, mut hi) = (0usize, self.inner.vocab_len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let id = u32_at(b, self.inner.sorted + 4 * mid);
            match self.word(id).as_bytes().cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return id,
            }
        }
        0
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
            s.backoffs[0] = f32_at(
                self.b(),
                self.inner.uni_backoff + 4 * self.inner.bos as usize,
            );
            s.len = 1;
        }
        s
    }

    /// The state with no context.
    pub fn null_context_state(&self) -> State {
        State::default()
    }

    /// Find `word` among the entries `lo..hi` of layer `k`.
    #[inline]
    fn find(&self, k: usize, lo: usize, hi: usize, word: WordId) -> Option<usize> {
        let l = &self.inner.layers[k];
        let b = self.b();
        let (mut lo, mut hi) = (lo, hi);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let w = u32_at(b, l.word + 4 * mid);
            match w.cmp(&word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
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

    /// Like [`Model::score`], with the length of the matched n-gram.
    pub fn score_full(&self, state: &State, word: WordId, out: &mut State) -> Scored {
        let inner = &*self.inner;
        let b = self.b();
        let word = if (word as usize) < inner.vocab_len {
            word
        } else {
            0
        };
        let w = word as usize;
        let mut log10 = f32_at(b, inner.uni_prob + 4 * w);
        let mut matched = 1usize;
        let mut next = State::default();
        if inner.order > 1 && word != 0 {
            next.words[0] = word;
            next.backoffs[0] = f32_at(b, inner.uni_backoff + 4 * w);
            next.len = 1;
            let mut lo = u32_at(b, inner.uni_child + 4 * w) as usize;
            let mut hi = u32_at(b, inner.uni_child + 4 * w + 4) as usize;
            // Layer j holds (j + 2)-grams; extend with context word j.
            for j in 0..(state.len as usize).min(inner.layers.len()) {
                let Some(i) = self.find(j, lo, hi, state.words[j]) else {
                    break;
                };
                let l = &inner.layers[j];
                log10 = l.prob_table[self.index_at(l, l.prob, i)];
                matched = j + 2;
                if l.is_top {
                    break;
                }
                next.words[j + 1] = state.words[j];
                next.backoffs[j + 1] = l.backoff_table[self.index_at(l, l.backoff, i)];
                next.len = (j + 2) as u8;
                lo = u32_at(b, l.child + 4 * i) as usize;
                hi = u32_at(b, l.child + 4 * i + 4) as usize;
            }
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
    pub fn score_sentence(&self, words: &[WordId], bos: bool, eos: bool) -> SentenceScore {
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

fn floats(bytes: &[u8], at: usize, n: usize, name: &str, what: &str) -> Result<Vec<f32>> {
    let v: Vec<f32> = (0..n).map(|i| f32_at(bytes, at + 4 * i)).collect();
    if v.iter().any(|x| x.is_nan() || *x == f32::INFINITY) {
        return Err(Error::format(
            name,
            format!("{what} holds a value that is not a log10 probability"),
        ));
    }
    Ok(v)
}

fn check_children(
    data: &[u8],
    at: usize,
    n: usize,
    next_len: usize,
    name: &str,
    what: &str,
) -> Result<()> {
    let mut prev = 0;
    for i in 0..=n {
        let c = u32_at(data, at + 4 * i) as usize;
        if c < prev || c > next_len || (i == 0 && c != 0) || (i == n && c != next_len) {
            return Err(Error::format(
                name,
                format!("{what}: child pointer {i} out of order or out of range"),
            ));
        }
        prev = c;
    }
    Ok(())
}

/// Check the bytes and find every section.
fn parse(bytes: Bytes, name: &str) -> Result<Inner> {
    let data = bytes.as_slice();
    let bad = |msg: String| Error::format(name, msg);
    let mut r = Reader::new(data, name);
    let magic = r.take(8, "magic")?;
    if &data[magic..magic + 8] != binary::MAGIC {
        return Err(bad("not an unspun model (bad magic bytes)".into()));
    }
    let version = r.u32("version")?;
    if version != binary::VERSION {
        return Err(bad(format!(
            "format version {version}, this build reads {}",
            binary::VERSION
        )));
    }
    let order = r.u32("order")? as usize;
    if !(1..=MAX_ORDER).contains(&order) {
        return Err(bad(format!("order {order} outside 1..={MAX_ORDER}")));
    }
    let vocab_len = r.u32("vocabulary size")? as usize;
    if vocab_len == 0 {
        return Err(bad("empty vocabulary".into()));
    }
    r.u32("reserved")?;
    let mut counts = Vec::with_capacity(order - 1);
    for k in 0..order - 1 {
        let n = r.u64("layer size")?;
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n < u32::MAX as usize)
            .ok_or_else(|| bad(format!("layer {} is too large", k + 2)))?;
        counts.push(n);
    }
    let pool_len = usize::try_from(r.u64("string pool size")?)
        .map_err(|_| bad("string pool too large".into()))?;
    let pool = r.take(pool_len, "string pool")?;
    let offsets = r.take_n(vocab_len + 1, 4, "word offsets")?;
    let mut prev = 0usize;
    for i in 0..=vocab_len {
        let o = u32_at(data, offsets + 4 * i) as usize;
        if o < prev || o > pool_len || (i == 0 && o != 0) {
            return Err(bad(format!("word offset {i} out of order or out of range")));
        }
        if i > 0 && std::str::from_utf8(&data[pool + prev..pool + o]).is_err() {
            return Err(bad(format!("word {} is not UTF-8", i - 1)));
        }
        prev = o;
    }
    let word = |id: usize| -> &[u8] {
        let s = u32_at(data, offsets + 4 * id) as usize;
        let e = u32_at(data, offsets + 4 * id + 4) as usize;
        &data[pool + s..pool + e]
    };
    let sorted = r.take_n(vocab_len, 4, "sorted word index")?;
    for i in 0..vocab_len {
        let id = u32_at(data, sorted + 4 * i) as usize;
        if id >= vocab_len {
            return Err(bad(format!(
                "sorted index entry {i} names word {id} of {vocab_len}"
            )));
        }
        if i > 0 {
            let prev = u32_at(data, sorted + 4 * (i - 1)) as usize;
            if word(prev) >= word(id) {
                return Err(bad(format!("sorted word index is not sorted at entry {i}")));
            }
        }
    }
    let uni_prob = r.take_n(vocab_len, 4, "unigram probabilities")?;
    let uni_backoff = r.take_n(vocab_len, 4, "unigram backoffs")?;
    let uni_child = r.take_n(vocab_len + 1, 4, "unigram children")?;
    floats(data, uni_prob, vocab_len, name, "unigram probabilities")?;
    floats(data, uni_backoff, vocab_len, name, "unigram backoffs")?;
    let first_layer = counts.first().copied().unwrap_or(0);
    check_children(data, uni_child, vocab_len, first_layer, name, "unigram")?;
    let mut layers: Vec<LayerView> = Vec::with_capacity(order - 1);
    for (k, &n) in counts.iter().enumerate() {
        let what = format!("layer {}", k + 2);
        let is_top = k + 2 == order;
        let n_prob = r.u32("probability table size")? as usize;
        let pt = r.take_n(n_prob, 4, "probability table")?;
        let prob_table = floats(data, pt, n_prob, name, "probability table")?;
        let n_bo = r.u32("backoff table size")? as usize;
        let bt = r.take_n(n_bo, 4, "backoff table")?;
        let backoff_table = floats(data, bt, n_bo, name, "backoff table")?;
        let width = r.u32("index width")? as usize;
        if width != 2 && width != 4 {
            return Err(bad(format!("{what}: index width {width}, expected 2 or 4")));
        }
        let word_off = r.take_n(n, 4, "n-gram words")?;
        let prob = r.take_n(n, width, "n-gram probabilities")?;
        let (backoff, child) = if is_top {
            (0, 0)
        } else {
            let b = r.take_n(n, width, "n-gram backoffs")?;
            let c = r.take_n(n + 1, 4, "n-gram children")?;
            (b, c)
        };
        let read_index = |base: usize, i: usize| -> usize {
            if width == 2 {
                u16_at(data, base + 2 * i) as usize
            } else {
                u32_at(data, base + 4 * i) as usize
            }
        };
        for i in 0..n {
            if u32_at(data, word_off + 4 * i) as usize >= vocab_len {
                return Err(bad(format!(
                    "{what}: entry {i} names a word outside the vocabulary"
                )));
            }
            if read_index(prob, i) >= prob_table.len() {
                return Err(bad(format!(
                    "{what}: entry {i} has a probability index out of range"
                )));
            }
            if !is_top && read_index(backoff, i) >= backoff_table.len() {
                return Err(bad(format!(
                    "{what}: entry {i} has a backoff index out of range"
                )));
            }
        }
        if !is_top {
            let next = counts.get(k + 1).copied().unwrap_or(0);
            check_children(data, child, n, next, name, &what)?;
        }
        layers.push(LayerView {
            n,
            word: word_off,
            prob,
            backoff,
            child,
            width,
            prob_table,
            backoff_table,
            is_top,
        });
    }
    if r.pos() != data.len() {
        return Err(bad(format!(
            "{} bytes of trailing garbage",
            data.len() - r.pos()
        )));
    }
    // Child ranges must be sorted by word id, for binary search.
    let sorted_range = |lo: usize, hi: usize, l: &LayerView| -> bool {
        (lo + 1..hi).all(|i| u32_at(data, l.word + 4 * (i - 1)) < u32_at(data, l.word + 4 * i))
    };
    if let Some(l0) = layers.first() {
        for i in 0..vocab_len {
            let lo = u32_at(data, uni_child + 4 * i) as usize;
            let hi = u32_at(data, uni_child + 4 * i + 4) as usize;
            if !sorted_range(lo, hi, l0) {
                return Err(bad(format!("layer 2: children of word {i} are not sorted")));
            }
        }
    }
    for k in 0..layers.len().saturating_sub(1) {
        let (parent, child) = (&layers[k], &layers[k + 1]);
        for i in 0..parent.n {
            let lo = u32_at(data, parent.child + 4 * i) as usize;
            let hi = u32_at(data, parent.child + 4 * i + 4) as usize;
            if !sorted_range(lo, hi, child) {
                return Err(bad(format!(
                    "layer {}: children of entry {i} are not sorted",
                    k + 3
                )));
            }
        }
    }
    let find = |w: &[u8]| {
        (0..vocab_len)
            .find(|&i| word(i) == w)
            .map(|i| i as WordId)
            .unwrap_or(0)
    };
    let bos = find(b"<s>");
    let eos = find(b"</s>");
    Ok(Inner {
        name: name.to_string(),
        order,
        vocab_len,
        pool,
        offsets,
        sorted,
        uni_prob,
        uni_backoff,
        uni_child,
        layers,
        bos,
        eos,
        bytes,
    })
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod train_tests;
