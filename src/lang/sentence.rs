//! fastText's sentence vector (the average of the input rows of a text's
//! words and character n-grams), computed as the `fasttext` crate's
//! `FastText::get_sentence_vector` computes it, to the bit, at a fraction
//! of its cost.
//!
//! The language gate reads 2 kB of every document, so this vector is most
//! of what the gate costs. The crate builds it in two passes: it lists the
//! row ids (allocating a buffer for every character n-gram and looking each
//! pruned bucket up in a SipHash map), then adds each row to the sum by
//! decoding its product-quantised code. Here the n-gram hashes are extended
//! byte by byte (FNV-1a is a running hash), buckets are looked up in an
//! FxHash-style map, the rows are decoded once, when the model is loaded
//! (50,000 rows of 16 floats for `lid.176`: 3.2 MB), and each thread
//! remembers the rows of the tokens it has seen ([`Memo`]), so that a
//! recurring token costs one lookup.
//!
//! The sum is the same to the bit: the rows are added in the same order,
//! and each element of a decoded row is the product the crate computes
//! before adding it (`norm * centroid`, see `ProductQuantizer::addcode`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use fasttext::args::ModelName;
use fasttext::dictionary::{Dictionary, EntryType, BOW, EOS, EOW};
use fasttext::matrix::Matrix;
use fasttext::FastText;

/// Centroids per sub-quantiser (fastText's `KSUB`: 8-bit codes).
const KSUB: usize = 256;

/// A multiplicative hasher (FxHash's step) for the maps here: the keys
/// are pruned buckets, already hashes, and tokens of text, hashed once per
/// token; the std SipHash costs several times more on them.
#[derive(Default)]
struct MulHasher(u64);

impl Hasher for MulHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_i32(&mut self, n: i32) {
        self.write_u64(u64::from(n as u32));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Where a character n-gram's bucket finds its input row.
#[derive(Debug, Clone)]
enum Buckets {
    /// No n-grams (no buckets, or every bucket pruned).
    Off,
    /// Bucket `b` is row `nwords + b`.
    Direct,
    /// A quantised model keeps only some buckets: bucket `b` is row
    /// `nwords + map[b]`, and a bucket not in the map is dropped.
    Pruned(HashMap<i32, i32, BuildHasherDefault<MulHasher>>),
}

/// A model's input rows, decoded, and what is needed to find a text's rows.
#[derive(Debug, Clone)]
pub(super) struct SentenceVectors {
    dim: usize,
    /// Row `i` is `rows[i * dim..(i + 1) * dim]`.
    rows: Vec<f32>,
    nwords: i32,
    minn: usize,
    maxn: usize,
    bucket: u32,
    buckets: Buckets,
    /// The row of `</s>`, added after every text's rows.
    eos: Option<i32>,
    /// A number no other [`SentenceVectors`] has, naming it in the
    /// per-thread [`Memo`].
    id: u64,
}

/// The next [`SentenceVectors::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Reads little-endian fields from the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(head)
    }

    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn f32s(&mut self, n: usize) -> Option<Vec<f32>> {
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
}

/// A product quantiser as the crate saves it.
struct Quantizer {
    nsubq: usize,
    dsub: usize,
    lastdsub: usize,
    centroids: Vec<f32>,
}

impl Quantizer {
    fn read(r: &mut Reader<'_>) -> Option<Quantizer> {
        let dim = usize::try_from(r.i32()?).ok()?;
        let nsubq = usize::try_from(r.i32()?).ok()?;
        let dsub = usize::try_from(r.i32()?).ok()?;
        let lastdsub = usize::try_from(r.i32()?).ok()?;
        let centroids = r.f32s(dim.checked_mul(KSUB)?)?;
        (nsubq > 0).then_some(Quantizer {
            nsubq,
            dsub,
            lastdsub,
            centroids,
        })
    }

    /// Centroid `code` of sub-quantiser `m` (the crate's `get_centroids`).
    fn centroid(&self, m: usize, code: u8) -> Option<&[f32]> {
        let d = if m == self.nsubq - 1 {
            self.lastdsub
        } else {
            self.dsub
        };
        let start = m * KSUB * self.dsub + usize::from(code) * d;
        self.centroids.get(start..start + d)
    }
}

/// The rows of a quantised input matrix, decoded, from the bytes the crate
/// writes for it (`QuantMatrix::save`: qnorm, m, n, codes, quantiser, and
/// with qnorm the norms' codes and quantiser).
fn decode_quantized(bytes: &[u8]) -> Option<(usize, Vec<f32>)> {
    let mut r = Reader(bytes);
    let qnorm = r.take(1)?[0] != 0;
    let m = usize::try_from(r.i64()?).ok()?;
    let n = usize::try_from(r.i64()?).ok()?;
    let codesize = usize::try_from(r.i32()?).ok()?;
    let codes = r.take(codesize)?;
    let pq = Quantizer::read(&mut r)?;
    let norms = if qnorm {
        let codes = r.take(m)?;
        let npq = Quantizer::read(&mut r)?;
        codes
            .iter()
            .map(|&c| npq.centroid(0, c).and_then(|c| c.first().copied()))
            .collect::<Option<Vec<f32>>>()?
    } else {
        vec![1.0; m]
    };
    let mut rows = vec![0.0f32; m.checked_mul(n)?];
    for (i, row) in rows.chunks_exact_mut(n.max(1)).enumerate().take(m) {
        let code = codes.get(pq.nsubq * i..pq.nsubq * (i + 1))?;
        // `addcode` adds `alpha * c[k]` with `alpha = 1.0 * norm`: the same
        // product, stored.
        let alpha = 1.0 * norms[i];
        for (sub, &c) in code.iter().enumerate() {
            let centroid = pq.centroid(sub, c)?;
            let at = row.get_mut(sub * pq.dsub..sub * pq.dsub + centroid.len())?;
            for (x, &v) in at.iter_mut().zip(centroid) {
                *x = alpha * v;
            }
        }
    }
    Some((n, rows))
}

/// fastText's string hash (FNV-1a over the bytes taken as signed, as the
/// C++ `uint32_t(int8_t(c))` does): one step.
#[inline]
fn fnv_step(h: u32, byte: u8) -> u32 {
    (h ^ (byte as i8 as i32 as u32)).wrapping_mul(16_777_619)
}

const FNV_OFFSET: u32 = 2_166_136_261;

/// fastText's hash of a whole token (also the machine-translation
/// model's, [`crate::mt`]).
pub(crate) fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

/// Whether `b` continues a UTF-8 character.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

impl SentenceVectors {
    /// The decoded rows of `model`'s input matrix; `None` when the model's
    /// matrix cannot be read back (the crate's own path is then used).
    pub(super) fn new(model: &FastText) -> Option<SentenceVectors> {
        let args = model.args();
        let dict = model.dict();
        // Word n-grams and unsupervised models' vectors are built
        // differently; lid.176 has neither.
        if args.word_ngrams > 1 || args.model != ModelName::Supervised {
            return None;
        }
        let (dim, rows) = match model.quant_input() {
            Some(q) if model.is_quant() => {
                let mut bytes = Vec::new();
                q.save(&mut bytes).ok()?;
                decode_quantized(&bytes)?
            }
            _ => {
                let m = model.input_matrix();
                (usize::try_from(m.cols()).ok()?, m.data().to_vec())
            }
        };
        if dim != usize::try_from(args.dim).ok()? {
            return None;
        }
        let buckets = if args.bucket <= 0 || dict.pruneidx_size() == 0 {
            Buckets::Off
        } else if dict.pruneidx_size() > 0 {
            Buckets::Pruned(dict.pruneidx().iter().map(|(&k, &v)| (k, v)).collect())
        } else {
            Buckets::Direct
        };
        // Every row a text can reach must exist (a broken model file is
        // left to the crate's own checks).
        let row_count = i64::try_from(rows.len() / dim.max(1)).ok()?;
        let highest = match &buckets {
            Buckets::Off => 0,
            Buckets::Direct => i64::from(dict.nwords()) + i64::from(args.bucket) - 1,
            Buckets::Pruned(map) => {
                i64::from(dict.nwords()) + i64::from(map.values().copied().max().unwrap_or(0))
            }
        };
        let known = (0..dict.size()).flat_map(|id| dict.get_subwords(id).iter().copied());
        if known
            .map(i64::from)
            .chain([highest])
            .any(|r| r < 0 || r >= row_count)
        {
            return None;
        }
        Some(SentenceVectors {
            dim,
            rows,
            nwords: dict.nwords(),
            minn: usize::try_from(args.minn).unwrap_or(0),
            maxn: usize::try_from(args.maxn).unwrap_or(0),
            bucket: args.bucket.max(0) as u32,
            buckets,
            eos: dict.get_id(EOS),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The row of the n-gram whose bucket is `bucket` (the crate's
    /// `push_hash`).
    fn bucket_row(&self, bucket: i32) -> Option<i32> {
        match &self.buckets {
            Buckets::Off => None,
            Buckets::Direct => Some(self.nwords + bucket),
            Buckets::Pruned(map) => map.get(&bucket).map(|&m| self.nwords + m),
        }
    }

    /// Call `add` with the row of each character n-gram of `token`
    /// wrapped in `<` and `>` (the crate's `compute_subwords`): n-grams of
    /// `minn` to `maxn` characters, not the lone `<` or `>`.
    fn each_ngram_row(&self, token: &str, mut add: impl FnMut(i32)) {
        if self.maxn == 0 || self.bucket == 0 {
            return;
        }
        let bytes = [BOW.as_bytes(), token.as_bytes(), EOW.as_bytes()].concat();
        let len = bytes.len();
        for i in 0..len {
            if is_continuation(bytes[i]) {
                continue;
            }
            let mut h = FNV_OFFSET;
            let mut j = i;
            for n in 1..=self.maxn {
                if j >= len {
                    break;
                }
                h = fnv_step(h, bytes[j]);
                j += 1;
                while j < len && is_continuation(bytes[j]) {
                    h = fnv_step(h, bytes[j]);
                    j += 1;
                }
                if n >= self.minn && !(n == 1 && (i == 0 || j == len)) {
                    if let Some(row) = self.bucket_row((h % self.bucket) as i32) {
                        add(row);
                    }
                }
            }
        }
    }

    /// Add input row `row` to `sum`.
    #[inline]
    fn add_row(&self, sum: &mut [f32], row: i32) {
        let start = row as usize * self.dim;
        for (x, &v) in sum.iter_mut().zip(&self.rows[start..start + self.dim]) {
            *x += v;
        }
    }

    /// Append to `rows` the input rows of one token of a text (the crate's
    /// `add_subwords`): a known word's stored subwords, an unknown word's
    /// n-grams, nothing for a label.
    fn token_rows(&self, dict: &Dictionary, token: &str, rows: &mut Vec<i32>) {
        let id = dict.get_id_with_hash(token, fnv(token.as_bytes()));
        let kind = match id {
            Some(id) => dict.get_type_by_id(id),
            None => dict.get_type_from_str(token),
        };
        if kind != EntryType::Word {
            return;
        }
        match id {
            Some(id) if self.maxn > 0 => rows.extend_from_slice(dict.get_subwords(id)),
            Some(id) => rows.push(id),
            None if token != EOS => self.each_ngram_row(token, |r| rows.push(r)),
            None => {}
        }
    }

    /// The sentence vector of `text` into `out` (length: the model's
    /// dimension): zeros when the text has no word.
    ///
    /// The rows are those the crate's `Dictionary::get_line_from_str` lists
    /// (tokens split on ASCII white space, see [`Self::token_rows`];
    /// nothing after `</s>`), then the row of `</s>`, added in that order.
    pub(super) fn sentence_vector(&self, dict: &Dictionary, text: &str, out: &mut [f32]) {
        out.fill(0.0);
        let mut count = 0usize;
        MEMO.with_borrow_mut(|memo| {
            memo.serve(self.id);
            for token in text.split(|c: char| c.is_ascii_whitespace()) {
                if token.is_empty() {
                    continue;
                }
                for &row in memo.rows(token, |rows| self.token_rows(dict, token, rows)) {
                    self.add_row(out, row);
                    count += 1;
                }
                if token == EOS {
                    break;
                }
            }
        });
        if count == 0 {
            return;
        }
        if let Some(eos) = self.eos {
            self.add_row(out, eos);
            count += 1;
        }
        let count = count as f32;
        for x in out.iter_mut() {
            *x /= count;
        }
    }
}

/// A thread's memo of the rows of the tokens it has seen: finding a
/// token's rows costs a lookup in the fastText dictionary and, for the
/// many tokens it lacks, hashing and looking up every character n-gram;
/// tokens recur from document to document.
struct Memo {
    /// The [`SentenceVectors::id`] the memo is for (0: none yet).
    vectors: u64,
    /// Each token's rows: `rows[range]`.
    index: HashMap<Box<str>, (u32, u32), BuildHasherDefault<MulHasher>>,
    rows: Vec<i32>,
}

/// Forget everything when the memo holds this many tokens or rows (a few
/// MB a thread; the frequent tokens come back at once).
const MEMO_MAX_TOKENS: usize = 1 << 16;
const MEMO_MAX_ROWS: usize = 1 << 20;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo {
        vectors: 0,
        index: HashMap::default(),
        rows: Vec::new(),
    });
}

impl Memo {
    /// Make the memo one for the vectors numbered `id`.
    fn serve(&mut self, id: u64) {
        if self.vectors != id {
            self.clear();
            self.vectors = id;
        }
    }

    fn clear(&mut self) {
        self.index.clear();
        self.rows.clear();
    }

    /// The rows of `token`, from the memo or written by `compute`.
    fn rows(&mut self, token: &str, compute: impl FnOnce(&mut Vec<i32>)) -> &[i32] {
        if let Some(&(start, end)) = self.index.get(token) {
            return &self.rows[start as usize..end as usize];
        }
        if self.index.len() >= MEMO_MAX_TOKENS || self.rows.len() >= MEMO_MAX_ROWS {
            self.clear();
        }
        let start = self.rows.len();
        compute(&mut self.rows);
        let end = self.rows.len();
        self.index.insert(token.into(), (start as u32, end as u32));
        &self.rows[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that reach every branch: known and unknown words, n-grams
    /// across multi-byte characters, labels, `</s>` inside a text, white
    /// space that is not ASCII (not a separator), nothing at all.
    const TEXTS: &[&str] = &[
        "",
        "   \t\n ",
        "The committee met on Tuesday to discuss the budget for next year.",
        "Der Ausschuss traf sich am Dienstag, um den Haushalt zu besprechen.",
        "委员会星期二开会讨论了明年的预算。大多数委员希望给图书馆更多的钱",
        "Комитет собрался во вторник, чтобы обсудить бюджет",
        "a b c d é ü ß 😀 x\u{a0}y z\u{2003}w",
        "__label__en hello __label__zz world",
        "before </s> after",
        "</s>",
        "<> < > <a> ab> <ab \"quoted\" (parens) e-mail@example.com 3.14",
        "Ünïcödé wörds—dashes…ellipses «quotes» ‘single’",
    ];

    #[test]
    fn the_vector_is_the_crates_to_the_bit() {
        let model = FastText::load(&mut &super::super::LID_176[..]).unwrap();
        let vectors = SentenceVectors::new(&model).expect("lid.176 is covered");
        let mut ours = vec![0.0; model.get_dimension() as usize];
        let long: String = TEXTS.concat().repeat(20);
        for text in TEXTS.iter().copied().chain([long.as_str()]) {
            let theirs = model.get_sentence_vector(text);
            vectors.sentence_vector(model.dict(), text, &mut ours);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&ours), bits(&theirs), "{text:?}");
        }
    }

    #[test]
    fn fnv_is_fasttexts_hash_with_signed_bytes() {
        // fastText's hash of the empty string is the FNV offset; bytes above
        // 127 are sign-extended before the xor.
        assert_eq!(fnv(b""), FNV_OFFSET);
        assert_eq!(fnv(b"a"), (FNV_OFFSET ^ 0x61).wrapping_mul(16_777_619));
        assert_eq!(
            fnv(&[0xC3]),
            (FNV_OFFSET ^ 0xFFFF_FFC3).wrapping_mul(16_777_619)
        );
    }
}
