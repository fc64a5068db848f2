//! Training: interpolated modified Kneser-Ney estimation from clean text,
//! as KenLM's `lmplz` does it.
//!
//! The math is from Chen & Goodman, "An Empirical Study of Smoothing
//! Techniques for Language Modeling" (Harvard TR-10-98, 1998), with the
//! treatment of `<s>`, `<unk>` and pruning described in Heafield, Pouzyrevsky,
//! Clark & Koehn, "Scalable Modified Kneser-Ney Language Model Estimation"
//! (ACL 2013), section 3. Written here from the papers; no code was copied.
//!
//! For a model of order `N`:
//!
//! 1. **Counting.** Each sentence is `<s> w1 .. wk </s>`. Every position
//!    after `<s>` ends one n-gram of order `N`; near the start of a sentence
//!    it is shorter and begins with `<s>`. The count table keys these n-grams
//!    padded on the left with `<s>` to `N` words (`<s> <s> w1` is the bigram
//!    `<s> w1`), stores them reversed (newest word first) so that sorting
//!    the keys sorts n-grams by their suffixes, which is trie order.
//! 2. **Adjusted counts.** `a(g) = c(g)` when `g` has order `N` or begins
//!    with `<s>`; otherwise `a(g)` is the number of distinct words `v` with
//!    `v g` seen (continuation count). One pass over the sorted keys.
//! 3. **Discounts.** With `t(n, k)` the number of `n`-grams whose adjusted
//!    count is `k`, `Y = t1 / (t1 + 2 t2)` and
//!    `D(n, k) = k - (k + 1) Y t(n, k+1) / t(n, k)` for `k = 1, 2, 3`
//!    (`D(n, 3)` also serves every count above 3).
//! 4. **Pseudo-probabilities and backoffs.** For context `h`,
//!    `u(w | h) = (a(h w) - D(a(h w))) / sum_x a(h x)` and
//!    `b(h) = sum_k D(k) |{x : a(h x) = k}| / sum_x a(h x)` (`k = 3` meaning
//!    3 or more).
//! 5. **Interpolation.** `p(w | h) = u(w | h) + b(h) p(w | h')` where `h'`
//!    drops the oldest word of `h`; unigrams are interpolated with the
//!    uniform distribution over the vocabulary without `<s>` (with
//!    `<unk>`), so `<unk>` gets `b() / (|V| - 1)`. The result is written in
//!    backoff form: the probability of each seen n-gram is `p`, the backoff
//!    weight of each context is `b`, and `<s>` gets log10 probability -99.
//! 6. **Pruning** (optional, as lmplz's `--prune`): an n-gram of order 2 or
//!    more whose adjusted count is at most its order's threshold is dropped,
//!    unless a kept longer n-gram needs it as its context or its suffix; the
//!    mass `u` of a dropped n-gram moves to its context's backoff, so every
//!    context still sums to one. Discounts come from the unpruned counts.
//!
//! # Memory
//!
//! [`TrainConfig::memory_bytes`] bounds the counting stage: the hash table of
//! order-`N` counts is allowed half the bound (so that the table and its
//! sorted copy fit when it is written out); when it is full, its entries are
//! sorted and written to a temporary file (a "run"), and at the end all runs
//! are merged. The vocabulary (about 40 bytes a word) is not bounded, nor is
//! estimation, which holds every n-gram of every order in memory (`4 n + 8`
//! bytes an `n`-gram for the counts, plus context sums, probabilities and
//! the model being built: `lm build --order 5` on the Brown corpus, 2.8
//! million n-grams, peaks at 253 MB).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::layers::{Codebook, Layer, Layers};
use super::MAX_ORDER;
use crate::error::{Error, Result};

/// Id of `<unk>` in a trained model.
pub const UNK_ID: u32 = 0;
/// Id of `<s>` in a trained model.
pub const BOS_ID: u32 = 1;
/// Id of `</s>` in a trained model.
pub const EOS_ID: u32 = 2;
/// log10 probability written for `<s>`, which is never predicted (as lmplz).
pub const BOS_LOG10: f32 = -99.0;
/// Discounts used for an order whose counts of counts cannot give valid
/// ones, when [`TrainConfig::discount_fallback`] is on (lmplz's defaults).
pub const FALLBACK_DISCOUNTS: [f64; 3] = [0.5, 1.0, 1.5];
/// The default memory bound of the counting stage.
pub const DEFAULT_MEMORY_BYTES: usize = 1 << 30;

/// Settings of a training run.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Order of the model, 1 to [`MAX_ORDER`].
    pub order: usize,
    /// Bound of the counting stage's memory in bytes (see the module docs).
    pub memory_bytes: usize,
    /// Pruning thresholds by order (index 0 = unigrams, which must be 0);
    /// the last value serves the remaining orders; empty = no pruning.
    pub prune: Vec<u64>,
    /// Use [`FALLBACK_DISCOUNTS`] when an order's counts of counts give
    /// invalid discounts (tiny corpora), instead of failing.
    pub discount_fallback: bool,
    /// Where runs are written (default: the system temporary directory).
    pub temp_dir: Option<PathBuf>,
}

impl TrainConfig {
    /// Defaults for a model of order `order`.
    pub fn new(order: usize) -> TrainConfig {
        TrainConfig {
            order,
            memory_bytes: DEFAULT_MEMORY_BYTES,
            prune: Vec::new(),
            discount_fallback: false,
            temp_dir: None,
        }
    }

    fn threshold(&self, n: usize) -> u64 {
        match self.prune.len() {
            0 => 0,
            len => self.prune[(n - 1).min(len - 1)],
        }
    }
}

/// What a training run saw and estimated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainStats {
    /// Sentences read.
    pub sentences: u64,
    /// Words read (without `<s>` and `</s>`).
    pub words: u64,
    /// Runs written to disk by the counting stage.
    pub runs: usize,
    /// Distinct n-grams of each order before pruning (index 0 = unigrams,
    /// without `<s>` and `<unk>`).
    pub ngrams: Vec<u64>,
    /// n-grams of each order in the model (unigrams include `<s>`, `<unk>`).
    pub kept: Vec<u64>,
    /// `t(n, k)` for `k = 1..=4`: n-grams of order `n` with adjusted count `k`.
    pub count_of_counts: Vec<[u64; 4]>,
    /// `D(n, 1)`, `D(n, 2)`, `D(n, 3+)` of each order.
    pub discounts: Vec<[f64; 3]>,
}

type Key = [u32; MAX_ORDER];

/// Bytes a count-table bucket takes (key, count, control byte).
const BUCKET_BYTES: usize = std::mem::size_of::<(Key, u64)>() + 1;
/// Bytes of one record in a run file.
fn record_bytes(order: usize) -> usize {
    4 * order + 8
}

/// The largest number of entries whose hash table fits in `budget` bytes
/// (a power-of-two number of buckets, at most 7/8 of them full).
fn table_entries(budget: usize) -> usize {
    let buckets = budget / BUCKET_BYTES;
    if buckets < 16 {
        return 14;
    }
    let pow = 1usize << (usize::BITS - 1 - buckets.leading_zeros());
    pow / 8 * 7
}

/// A temporary file that is removed when dropped.
struct Run {
    path: PathBuf,
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Counts n-grams sentence by sentence; [`Trainer::finish`] estimates the
/// model.
#[derive(Debug)]
pub struct Trainer {
    config: TrainConfig,
    ids: HashMap<String, u32>,
    vocab: Vec<String>,
    counts: HashMap<Key, u64>,
    max_entries: usize,
    runs: Vec<PathBuf>,
    sentences: u64,
    words: u64,
    scratch: Vec<u32>,
}

impl Drop for Trainer {
    fn drop(&mut self) {
        for p in &self.runs {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Trainer {
    /// A trainer with `config`.
    ///
    /// # Errors
    /// An order outside 1..=5, a unigram pruning threshold other than 0,
    /// or thresholds that decrease (as lmplz requires).
    pub fn new(config: TrainConfig) -> Result<Trainer> {
        if !(1..=MAX_ORDER).contains(&config.order) {
            return Err(Error::config(format!(
                "order {} is outside 1..={MAX_ORDER}",
                config.order
            )));
        }
        if config.prune.first().is_some_and(|&t| t != 0) {
            return Err(Error::config(
                "unigrams cannot be pruned: the first --prune threshold must be 0",
            ));
        }
        if config.prune.windows(2).any(|w| w[1] < w[0]) {
            return Err(Error::config(
                "--prune thresholds must not decrease with the order",
            ));
        }
        let max_entries = table_entries(config.memory_bytes / 2);
        let vocab: Vec<String> = ["<unk>", "<s>", "</s>"].map(String::from).into();
        let ids = vocab
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        Ok(Trainer {
            config,
            ids,
            vocab,
            counts: HashMap::new(),
            max_entries,
            runs: Vec::new(),
            sentences: 0,
            words: 0,
            scratch: Vec::new(),
        })
    }

    /// Count one sentence of words. `<s>`, `</s>` and `<unk>` in the input
    /// are skipped, as lmplz does (unspun's normaliser turns numbers into
    /// `<unk>`, so numbers are left out of training n-grams).
    ///
    /// # Errors
    /// Failing to write a run to disk.
    pub fn add_sentence<S: AsRef<str>>(&mut self, words: &[S]) -> Result<()> {
        let mut seq = std::mem::take(&mut self.scratch);
        seq.clear();
        seq.push(BOS_ID);
        for w in words {
            let w = w.as_ref();
            let id = match self.ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.vocab.len())
                        .ok()
                        .filter(|&id| id < u32::MAX)
                        .ok_or_else(|| Error::config("more than 2^32 - 1 distinct words"))?;
                    self.ids.insert(w.to_string(), id);
                    self.vocab.push(w.to_string());
                    id
                }
            };
            if id <= EOS_ID {
                continue;
            }
            seq.push(id);
        }
        seq.push(EOS_ID);
        self.words += (seq.len() - 2) as u64;
        self.sentences += 1;
        let order = self.config.order;
        for i in 1..seq.len() {
            let mut key = [0u32; MAX_ORDER];
            for (j, k) in key.iter_mut().enumerate().take(order) {
                *k = if j <= i { seq[i - j] } else { BOS_ID };
            }
            if self.counts.len() >= self.max_entries && !self.counts.contains_key(&key) {
                self.spill()?;
            }
            *self.counts.entry(key).or_insert(0) += 1;
        }
        self.scratch = seq;
        Ok(())
    }

    /// Sorted entries of the count table, emptying it.
    fn drain_sorted(&mut self) -> Vec<(Key, u64)> {
        let mut v: Vec<(Key, u64)> = std::mem::take(&mut self.counts).into_iter().collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// Write the count table to a run file, sorted.
    fn spill(&mut self) -> Result<()> {
        let sorted = self.drain_sorted();
        let dir = self
            .config
            .temp_dir
            .clone()
            .unwrap_or_else(std::env::temp_dir);
        let path = dir.join(format!(
            "unspun-lm-build-{}-{}.run",
            std::process::id(),
            self.runs.len()
        ));
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        self.runs.push(path.clone());
        let mut w = BufWriter::with_capacity(1 << 16, file);
        let order = self.config.order;
        let mut buf = Vec::with_capacity(record_bytes(order));
        for (key, count) in &sorted {
            buf.clear();
            for k in &key[..order] {
                buf.extend_from_slice(&k.to_le_bytes());
            }
            buf.extend_from_slice(&count.to_le_bytes());
            w.write_all(&buf).map_err(|e| Error::io(&path, e))?;
        }
        w.flush().map_err(|e| Error::io(&path, e))?;
        Ok(())
    }

    /// Estimate the model from everything counted.
    ///
    /// # Errors
    /// Reading runs back; an order whose counts of counts give invalid
    /// discounts (unless [`TrainConfig::discount_fallback`]); no sentences.
    pub fn finish(mut self) -> Result<(Layers, TrainStats)> {
        if self.sentences == 0 {
            return Err(Error::config("the corpus holds no sentences"));
        }
        let order = self.config.order;
        let in_memory = self.drain_sorted();
        let run_paths = std::mem::take(&mut self.runs);
        let runs: Vec<Run> = run_paths.into_iter().map(|path| Run { path }).collect();
        let mut stats = TrainStats {
            sentences: self.sentences,
            words: self.words,
            runs: runs.len(),
            ..TrainStats::default()
        };
        let mut merged = Merge::new(in_memory, &runs, order)?;
        let grams = adjusted_counts(&mut merged, order)?;
        drop(merged);
        drop(runs);
        let vocab = std::mem::take(&mut self.vocab);
        let layers = estimate(&self.config, vocab, grams, &mut stats)?;
        Ok((layers, stats))
    }
}

/// One source of sorted records: the in-memory table or a run file.
enum Source {
    Memory(std::vec::IntoIter<(Key, u64)>),
    File(BufReader<File>, PathBuf),
}

impl Source {
    fn next(&mut self, order: usize) -> Result<Option<(Key, u64)>> {
        match self {
            Source::Memory(it) => Ok(it.next()),
            Source::File(r, path) => {
                let mut buf = [0u8; 4 * MAX_ORDER + 8];
                let len = record_bytes(order);
                match r.read_exact(&mut buf[..len]) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
                    Err(e) => return Err(Error::io(&*path, e)),
                }
                let mut key = [0u32; MAX_ORDER];
                for (j, k) in key.iter_mut().enumerate().take(order) {
                    let b = [buf[4 * j], buf[4 * j + 1], buf[4 * j + 2], buf[4 * j + 3]];
                    *k = u32::from_le_bytes(b);
                }
                let mut c = [0u8; 8];
                c.copy_from_slice(&buf[4 * order..len]);
                Ok(Some((key, u64::from_le_bytes(c))))
            }
        }
    }
}

/// A k-way merge of sorted sources that adds the counts of equal keys.
struct Merge {
    sources: Vec<Source>,
    heap: BinaryHeap<std::cmp::Reverse<(Key, usize, u64)>>,
    order: usize,
}

impl Merge {
    fn new(memory: Vec<(Key, u64)>, runs: &[Run], order: usize) -> Result<Merge> {
        let mut sources = vec![Source::Memory(memory.into_iter())];
        for r in runs {
            let f = File::open(&r.path).map_err(|e| Error::io(&r.path, e))?;
            sources.push(Source::File(
                BufReader::with_capacity(1 << 16, f),
                r.path.clone(),
            ));
        }
        let mut heap = BinaryHeap::new();
        for (i, s) in sources.iter_mut().enumerate() {
            if let Some((k, c)) = s.next(order)? {
                heap.push(std::cmp::Reverse((k, i, c)));
            }
        }
        Ok(Merge {
            sources,
            heap,
            order,
        })
    }

    fn next(&mut self) -> Result<Option<(Key, u64)>> {
        let Some(std::cmp::Reverse((key, i, mut count))) = self.heap.pop() else {
            return Ok(None);
        };
        if let Some((k, c)) = self.sources[i].next(self.order)? {
            self.heap.push(std::cmp::Reverse((k, i, c)));
        }
        while let Some(std::cmp::Reverse((k, _, _))) = self.heap.peek() {
            if *k != key {
                break;
            }
            let Some(std::cmp::Reverse((_, j, c))) = self.heap.pop() else {
                break;
            };
            count += c;
            if let Some((k, c)) = self.sources[j].next(self.order)? {
                self.heap.push(std::cmp::Reverse((k, j, c)));
            }
        }
        Ok(Some((key, count)))
    }
}

/// The n-grams of one order in trie order: reversed word ids (newest first),
/// `n` per n-gram, and a value per n-gram.
#[derive(Debug, Default, Clone)]
struct Grams {
    n: usize,
    words: Vec<u32>,
    adjusted: Vec<u64>,
}

impl Grams {
    fn len(&self) -> usize {
        self.adjusted.len()
    }

    fn key(&self, i: usize) -> &[u32] {
        &self.words[self.n * i..self.n * (i + 1)]
    }

    /// Index of the n-gram with reversed words `key`.
    fn find(&self, key: &[u32]) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(key) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// Number of real words in a padded key: up to and including its first
/// `<s>` (only a sentence's first word is `<s>`, so later ones are padding).
fn real_len(key: &Key, order: usize) -> usize {
    key[..order]
        .iter()
        .position(|&w| w == BOS_ID)
        .map_or(order, |p| p + 1)
}

/// Step 2 of the module docs: adjusted counts of every order, in trie order,
/// from the merged sorted keys.
fn adjusted_counts(merged: &mut Merge, order: usize) -> Result<Vec<Grams>> {
    let mut out: Vec<Grams> = (1..=order)
        .map(|n| Grams {
            n,
            ..Grams::default()
        })
        .collect();
    let mut open = [false; MAX_ORDER];
    let mut acc = [0u64; MAX_ORDER];
    let mut prev: Option<Key> = None;
    let flush =
        |out: &mut Vec<Grams>, open: &mut [bool], acc: &mut [u64], key: &Key, from: usize| {
            for n in from..=order {
                if open[n - 1] {
                    out[n - 1].words.extend_from_slice(&key[..n]);
                    out[n - 1].adjusted.push(acc[n - 1]);
                    open[n - 1] = false;
                    acc[n - 1] = 0;
                }
            }
        };
    while let Some((key, count)) = merged.next()? {
        let same = match &prev {
            Some(p) => p[..order]
                .iter()
                .zip(&key[..order])
                .take_while(|(a, b)| a == b)
                .count(),
            None => 0,
        };
        if let Some(p) = &prev {
            flush(&mut out, &mut open, &mut acc, p, same + 1);
        }
        let r = real_len(&key, order);
        for n in 1..=r {
            open[n - 1] = true;
            if n == r {
                acc[n - 1] += count;
            } else if n + 1 > same {
                acc[n - 1] += 1;
            }
        }
        prev = Some(key);
    }
    if let Some(p) = &prev {
        flush(&mut out, &mut open, &mut acc, p, 1);
    }
    // `<s>` is never predicted, so it has no count, but it is the context of
    // the bigrams that start sentences: list it with adjusted count 0.
    let uni = &mut out[0];
    if uni.find(&[BOS_ID]).is_none() {
        let at = uni.words.partition_point(|&w| w < BOS_ID);
        uni.words.insert(at, BOS_ID);
        uni.adjusted.insert(at, 0);
    }
    Ok(out)
}

/// `D(1)`, `D(2)`, `D(3+)` from `t(k)`, `k = 1..=4`; `None` when they are
/// not valid (a zero count of counts, or a discount outside `0..=k`).
pub fn discounts(t: &[u64; 4]) -> Option<[f64; 3]> {
    if t.contains(&0) {
        return None;
    }
    let t: Vec<f64> = t.iter().map(|&x| x as f64).collect();
    let y = t[0] / (t[0] + 2.0 * t[1]);
    let mut d = [0.0; 3];
    for k in 1..=3 {
        let dk = k as f64 - (k as f64 + 1.0) * y * t[k] / t[k - 1];
        if !(0.0..=k as f64).contains(&dk) || dk.is_nan() {
            return None;
        }
        d[k - 1] = dk;
    }
    Some(d)
}

fn discount(d: &[f64; 3], a: u64) -> f64 {
    match a {
        0 => 0.0,
        1 => d[0],
        2 => d[1],
        _ => d[2],
    }
}

/// Per-context sums: `sum_x a(h x)`, and the discounted mass (numerator of
/// the backoff `b(h)`).
#[derive(Debug, Clone, Copy, Default)]
struct ContextSum {
    total: u64,
    mass: f64,
}

/// Steps 3 to 6 of the module docs.
fn estimate(
    config: &TrainConfig,
    vocab: Vec<String>,
    grams: Vec<Grams>,
    stats: &mut TrainStats,
) -> Result<Layers> {
    let order = config.order;
    let v = vocab.len();
    // Step 3: discounts.
    for (k, g) in grams.iter().enumerate() {
        let mut t = [0u64; 4];
        for &a in &g.adjusted {
            if (1..=4).contains(&a) {
                t[a as usize - 1] += 1;
            }
        }
        let d = match discounts(&t) {
            Some(d) => d,
            None if config.discount_fallback => FALLBACK_DISCOUNTS,
            None => {
                return Err(Error::config(format!(
                    "cannot estimate Kneser-Ney discounts for order {}: counts of counts \
                     t1..t4 = {t:?} (the corpus is too small or too uniform); \
                     pass --discount-fallback to use {FALLBACK_DISCOUNTS:?}",
                    k + 1
                )))
            }
        };
        stats.ngrams.push(g.len() as u64);
        stats.count_of_counts.push(t);
        stats.discounts.push(d);
    }
    // Step 6: which n-grams stay, from the top order down.
    let mut keep: Vec<Vec<bool>> = grams
        .iter()
        .map(|g| {
            let t = config.threshold(g.n);
            if g.n == 1 || t == 0 {
                vec![true; g.len()]
            } else {
                g.adjusted.iter().map(|&a| a > t).collect()
            }
        })
        .collect();
    for n in (2..=order).rev() {
        let (lower, upper) = keep.split_at_mut(n - 1);
        let (g, below) = (&grams[n - 1], &grams[n - 2]);
        for (i, &kept) in upper[0].iter().enumerate() {
            if !kept {
                continue;
            }
            let key = g.key(i);
            for sub in [&key[..n - 1], &key[1..]] {
                if let Some(j) = below.find(sub) {
                    lower[n - 2][j] = true;
                }
            }
        }
    }
    // Step 4: context sums. Contexts of order-n n-grams are (n-1)-grams;
    // `ctx[n - 1]` holds those of order-n n-grams, indexed like grams[n - 2]
    // (or a single entry for the unigrams' empty context).
    let mut ctx: Vec<Vec<ContextSum>> = Vec::with_capacity(order);
    for n in 1..=order {
        let d = &stats.discounts[n - 1];
        let g = &grams[n - 1];
        let mut sums = vec![ContextSum::default(); if n == 1 { 1 } else { grams[n - 2].len() }];
        for (i, &a) in g.adjusted.iter().enumerate() {
            let j = if n == 1 {
                0
            } else {
                grams[n - 2].find(&g.key(i)[1..]).ok_or_else(|| {
                    Error::config("internal error: an n-gram's context was not counted")
                })?
            };
            let s = &mut sums[j];
            s.total += a;
            s.mass += if keep[n - 1][i] {
                discount(d, a)
            } else {
                a as f64
            };
        }
        ctx.push(sums);
    }
    // Step 5: interpolate, order by order, keeping p of the previous order
    // (indexed like `grams`) for the next.
    let backoff = |n: usize, i: usize| -> f64 {
        // b of the n-gram i of order n as a context of order n + 1.
        match ctx.get(n) {
            Some(sums) => {
                let s = sums[i];
                if s.total == 0 {
                    1.0
                } else {
                    s.mass / s.total as f64
                }
            }
            None => 1.0,
        }
    };
    let mut layers = Layers {
        vocab,
        uni_prob: vec![0.0; v],
        uni_backoff: vec![0.0; v],
        uni_child: Vec::new(),
        layers: Vec::new(),
    };
    let uni = &grams[0];
    let d1 = &stats.discounts[0];
    let s0 = ctx[0][0];
    let b0 = s0.mass / s0.total as f64;
    let uniform = b0 / (v - 1) as f64;
    let mut prev_p: Vec<f64> = Vec::with_capacity(uni.len());
    layers.uni_prob[UNK_ID as usize] = uniform.log10() as f32;
    for (i, &a) in uni.adjusted.iter().enumerate() {
        let w = uni.key(i)[0] as usize;
        let p = (a as f64 - discount(d1, a)) / s0.total as f64 + uniform;
        prev_p.push(p);
        layers.uni_prob[w] = p.log10() as f32;
        if order > 1 {
            layers.uni_backoff[w] = backoff(1, i).log10() as f32;
        }
    }
    layers.uni_prob[BOS_ID as usize] = BOS_LOG10;
    stats.kept.push(v as u64);
    let mut prev_kept_index: Vec<Option<u32>> =
        (0..uni.len()).map(|i| Some(uni.key(i)[0])).collect();
    let mut parent_count = v;
    for n in 2..=order {
        let g = &grams[n - 1];
        let below = &grams[n - 2];
        let d = &stats.discounts[n - 1];
        let is_top = n == order;
        let mut probs = Codebook::default();
        let mut backoffs = Codebook::default();
        let mut layer = Layer::default();
        let mut p_here = vec![0.0f64; g.len()];
        let mut kept_index: Vec<Option<u32>> = vec![None; g.len()];
        // Child pointers of the kept parents, in kept order.
        let mut child = vec![0u32; parent_count + 1];
        let mut parent = 0usize;
        for i in 0..g.len() {
            let key = g.key(i);
            while below.key(parent) != &key[..n - 1] {
                parent += 1;
            }
            let cj = below.find(&key[1..]).unwrap_or(0);
            let s = ctx[n - 1][cj];
            let a = g.adjusted[i];
            let b = if s.total == 0 {
                1.0
            } else {
                s.mass / s.total as f64
            };
            let u = (a as f64 - discount(d, a)) / s.total as f64;
            let p = u + b * prev_p[parent];
            p_here[i] = p;
            if !keep[n - 1][i] {
                continue;
            }
            let Some(pk) = prev_kept_index[parent] else {
                return Err(Error::config(
                    "internal error: a kept n-gram's suffix was pruned",
                ));
            };
            child[pk as usize + 1] += 1;
            kept_index[i] = Some(layer.word.len() as u32);
            layer.word.push(key[n - 1]);
            layer.prob.push(probs.code(p.log10() as f32));
            if !is_top {
                layer
                    .backoff
                    .push(backoffs.code(backoff(n, i).log10() as f32));
            }
        }
        for j in 1..child.len() {
            child[j] += child[j - 1];
        }
        if n == 2 {
            layers.uni_child = child;
        } else if let Some(last) = layers.layers.last_mut() {
            last.child = child;
        }
        layer.prob_table = probs.into_values();
        layer.backoff_table = backoffs.into_values();
        stats.kept.push(layer.word.len() as u64);
        parent_count = layer.word.len();
        layers.layers.push(layer);
        prev_p = p_here;
        prev_kept_index = kept_index;
    }
    if order == 1 {
        layers.uni_child = vec![0; v + 1];
    }
    Ok(layers)
}

/// Write `layers` to `path` in unspun's binary format, and as ARPA to `arpa`
/// if given.
///
/// # Errors
/// Write errors.
pub fn write(layers: &Layers, path: &Path, arpa: Option<&Path>) -> Result<()> {
    let f = File::create(path).map_err(|e| Error::io(path, e))?;
    super::binary::write(layers, BufWriter::new(f), &path.display().to_string())?;
    if let Some(a) = arpa {
        let f = File::create(a).map_err(|e| Error::io(a, e))?;
        super::arpa::write(layers, f)?;
    }
    Ok(())
}
