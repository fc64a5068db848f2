//! The machine-translation detector: how likely a document is machine
//! translated, from the words and word pairs of its lines.
//!
//! The model is a fastText supervised classifier (two labels, softmax, word
//! unigrams and bigrams hashed into buckets) trained by `scripts/mt-model.sh`
//! on WMT21 news: every system's English output against the human reference
//! translation. With two labels and softmax, fastText's log-odds of a line
//! is linear in the mean of its input rows, `(B_mt - B_hu) . mean(A_i)`, so
//! each row collapses to one number and the file holds only those numbers:
//! a line's log-odds is the mean of its rows' numbers, the same value
//! fastText's own prediction gives (the script checks it on every held-out
//! segment). Rows are found the way fastText finds them: a word's row by
//! its vocabulary entry (words it lacks have none), a pair's bucket by
//! fastText's hash of the two words (FNV-1a, then `h1 * 116049371 + h2`
//! modulo the bucket count), the end-of-line token `</s>` included.
//!
//! A document's value is the sum of the numbers of all its lines' rows
//! over their count plus K: their mean, shrunk toward 0 as if K rows of
//! 0 were added, so that a few words cannot look as sure as a page. The
//! file's scale and offset map it to a probability; the three are fitted
//! on documents of 1 to 24 lines of language pairs the model was not
//! trained on.
//!
//! File layout (little endian): `b"UNSPUNMT"`, u32 version (1), u32 bucket
//! count, u32 word count, f64 scale, f64 offset, f64 K, u32 byte length of the
//! words block, the words block (each word UTF-8 and ended by a NUL, in
//! fastText's vocabulary order), an f32 per word, an f32 per bucket, then
//! the u64 FNV-1a hash of every byte before it. Every part is checked at
//! load: a truncated or corrupt file is an error, never a wrong answer.

use std::path::Path;

use crate::error::{Error, Result};
use crate::lang::fasttext_hash;
use crate::lm::binary::Reader;

/// The built-in model (`data/mt-model.bin`).
static BUILTIN: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/mt-model.bin"));

const MAGIC: &[u8; 8] = b"UNSPUNMT";
const VERSION: u32 = 1;
/// fastText's end-of-line token, which every line ends with.
const EOS: &str = "</s>";
/// Characters split off as tokens of their own before lookup.
const PUNCT: &[char] = &['.', ',', '!', '?', ';', ':', '"', '(', ')', '\''];
/// Bounds on the header's counts, far above any real model, so that a
/// corrupt header cannot ask for gigabytes.
const MAX_WORDS: u32 = 50_000_000;
const MAX_BUCKETS: u32 = 100_000_000;

/// A loaded machine-translation model. Cheap to share behind an `Arc`.
#[derive(Debug, Clone)]
pub struct MtModel {
    /// The words, NUL-separated, as in the file.
    words: String,
    /// Byte offsets of each word in `words` (one more than the words).
    starts: Vec<u32>,
    /// Open-addressing table by fastText hash: (the word's hash, its index
    /// + 1), index 0 when empty; the hash spares most string comparisons.
    slots: Vec<(u32, u32)>,
    /// Log-odds contribution of each word's row.
    word_weights: Vec<f32>,
    /// Log-odds contribution of each bigram bucket's row.
    bucket_weights: Vec<f32>,
    scale: f64,
    offset: f64,
    /// K, the rows of log-odds 0 a document's mean is taken with.
    shrink: f64,
}

/// The bucket fastText gives the word pair with hashes `a`, `b`: its
/// `addWordNgrams`, which keeps hashes as `int32_t` and widens them to
/// `uint64_t` with sign extension.
fn pair_bucket(a: u32, b: u32, buckets: u64) -> usize {
    let widen = |h: u32| h as i32 as i64 as u64;
    let h = widen(a).wrapping_mul(116_049_371).wrapping_add(widen(b));
    (h % buckets) as usize
}

/// A line as the model's training segments were written: lower-cased,
/// typographic quotes and dashes made ASCII, no-break spaces made spaces,
/// Latin ligatures spelt out, and the characters of [`PUNCT`] set apart by
/// spaces (`norm` in scripts/mt_model.py).
fn normalize(line: &str, buf: &mut String) {
    fn push(c: char, buf: &mut String) {
        if let Some(letters) = crate::text::tokenize::ligature(c) {
            buf.push_str(letters);
            return;
        }
        let c = match c {
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' => ' ',
            c => c,
        };
        if PUNCT.contains(&c) {
            buf.push(' ');
            buf.push(c);
            buf.push(' ');
        } else {
            buf.push(c);
        }
    }
    buf.clear();
    if line.is_ascii() {
        // Without allocating a lower-cased copy.
        line.bytes()
            .for_each(|b| push(char::from(b.to_ascii_lowercase()), buf));
    } else {
        // Whole-string lower-casing, for the final sigma as Python's.
        line.to_lowercase().chars().for_each(|c| push(c, buf));
    }
}

/// `n` f32 values at byte offset `at` of `bytes` (bounds already checked by
/// the reader), each finite.
fn f32s(bytes: &[u8], at: usize, n: usize, source: &str, what: &str) -> Result<Vec<f32>> {
    let v: Vec<f32> = bytes[at..at + n * 4]
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    match v.iter().position(|x| !x.is_finite()) {
        Some(i) => Err(Error::format(
            source,
            format!("corrupt: {what} {i} is not a finite number"),
        )),
        None => Ok(v),
    }
}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl MtModel {
    /// The built-in model.
    ///
    /// # Errors
    /// If the built-in file is malformed (a build problem, tested).
    pub fn builtin() -> Result<MtModel> {
        MtModel::from_bytes("built-in machine-translation model", BUILTIN)
    }

    /// A model file written by `scripts/mt_model.py`.
    ///
    /// # Errors
    /// If the file cannot be read or is malformed, truncated or corrupt.
    pub fn open(path: &Path) -> Result<MtModel> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        MtModel::from_bytes(&path.display().to_string(), &bytes)
    }

    /// Parse and check a model held in memory; `source` names it in errors.
    ///
    /// # Errors
    /// If the bytes are not a whole, uncorrupted model.
    pub fn from_bytes(source: &str, bytes: &[u8]) -> Result<MtModel> {
        let bad = |m: String| Error::format(source, m);
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad(
                "not an unspun machine-translation model (bad magic)".into()
            ));
        }
        if bytes.len() < MAGIC.len() + 8 {
            return Err(bad(format!("truncated: {} bytes", bytes.len())));
        }
        let (payload, tail) = bytes.split_at(bytes.len() - 8);
        let mut r = Reader::new(payload, source);
        r.take(MAGIC.len(), "magic")?;
        let version = r.u32("version")?;
        if version != VERSION {
            return Err(bad(format!(
                "version {version}, this build reads {VERSION}"
            )));
        }
        let buckets = r.u32("bucket count")?;
        let nwords = r.u32("word count")?;
        if buckets == 0 || buckets > MAX_BUCKETS || nwords == 0 || nwords > MAX_WORDS {
            return Err(bad(format!(
                "corrupt header: {nwords} words, {buckets} buckets"
            )));
        }
        let scale = f64::from_bits(r.u64("scale")?);
        let offset = f64::from_bits(r.u64("offset")?);
        let shrink = f64::from_bits(r.u64("shrinkage")?);
        if !scale.is_finite() || !offset.is_finite() || !(0.0..=1e9).contains(&shrink) {
            return Err(bad(
                "corrupt: scale, offset or shrinkage is not a finite number (shrinkage at least 0)"
                    .into(),
            ));
        }
        let words_len = r.u32("words block length")? as usize;
        let expected = r.pos() + words_len + (nwords as usize + buckets as usize) * 4;
        if expected != payload.len() {
            return Err(bad(format!(
                "truncated or corrupt: the header describes {} bytes, the file has {}",
                expected + 8,
                bytes.len()
            )));
        }
        let mut sum = [0u8; 8];
        sum.copy_from_slice(tail);
        if fnv64(payload) != u64::from_le_bytes(sum) {
            return Err(bad("corrupt: checksum does not match the contents".into()));
        }
        let at = r.take(words_len, "words block")?;
        let words = std::str::from_utf8(&payload[at..at + words_len])
            .map_err(|e| bad(format!("corrupt: words block is not UTF-8 ({e})")))?
            .to_string();
        if !words.ends_with('\0') {
            return Err(bad("corrupt: words block does not end with NUL".into()));
        }
        let mut starts = Vec::with_capacity(nwords as usize + 1);
        starts.push(0u32);
        for (i, _) in words.match_indices('\0') {
            starts.push(i as u32 + 1);
        }
        if starts.len() != nwords as usize + 1 {
            return Err(bad(format!(
                "corrupt: the header says {nwords} words, the words block holds {}",
                starts.len() - 1
            )));
        }
        let mut weights = |n: u32, what: &str| {
            let at = r.take_n(n as usize, 4, what)?;
            f32s(payload, at, n as usize, source, what)
        };
        let word_weights = weights(nwords, "word weight")?;
        let bucket_weights = weights(buckets, "bucket weight")?;
        let mut model = MtModel {
            words,
            starts,
            slots: vec![(0, 0); (nwords as usize * 2).next_power_of_two()],
            word_weights,
            bucket_weights,
            scale,
            offset,
            shrink,
        };
        let mask = model.slots.len() - 1;
        for i in 0..nwords as usize {
            let w = model.word(i);
            if w.is_empty() {
                return Err(bad(format!("corrupt: word {i} is empty")));
            }
            let h = fasttext_hash(w.as_bytes());
            if model.lookup(w, h).is_some() {
                return Err(bad(format!("corrupt: word {w:?} appears twice")));
            }
            let mut s = h as usize & mask;
            while model.slots[s].1 != 0 {
                s = (s + 1) & mask;
            }
            model.slots[s] = (h, i as u32 + 1);
        }
        Ok(model)
    }

    fn word(&self, i: usize) -> &str {
        &self.words[self.starts[i] as usize..self.starts[i + 1] as usize - 1]
    }

    /// The vocabulary index of `w`, whose fastText hash is `h`.
    fn lookup(&self, w: &str, h: u32) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut s = h as usize & mask;
        loop {
            match self.slots[s] {
                (_, 0) => return None,
                (sh, i) if sh == h && self.word(i as usize - 1) == w => {
                    return Some(i as usize - 1)
                }
                _ => s = (s + 1) & mask,
            }
        }
    }

    /// Words in the vocabulary.
    pub fn words(&self) -> usize {
        self.word_weights.len()
    }

    /// Bigram buckets.
    pub fn buckets(&self) -> usize {
        self.bucket_weights.len()
    }

    /// The log-odds of "machine translated" for one line, as fastText
    /// gives it for the same line: lower-cased, typographic quotes and
    /// dashes made ASCII, `. , ! ? ; : " ( ) '` split off, words
    /// split on whitespace and `</s>` added. `buf` is scratch space.
    pub fn line_log_odds(&self, line: &str, buf: &mut String) -> f64 {
        let (sum, rows) = self.line_rows(line, buf);
        if rows == 0 {
            0.0
        } else {
            sum / rows as f64
        }
    }

    /// The sum of a line's row numbers and how many rows it has (its
    /// log-odds is the one over the other).
    pub fn line_rows(&self, line: &str, buf: &mut String) -> (f64, usize) {
        normalize(line, buf);
        let buckets = self.bucket_weights.len() as u64;
        let mut sum = 0.0f64;
        let mut rows = 0usize;
        let mut prev: Option<u32> = None;
        for w in buf.split_whitespace().chain(std::iter::once(EOS)) {
            let h = fasttext_hash(w.as_bytes());
            if let Some(i) = self.lookup(w, h) {
                sum += f64::from(self.word_weights[i]);
                rows += 1;
            }
            if let Some(p) = prev {
                sum += f64::from(self.bucket_weights[pair_bucket(p, h, buckets)]);
                rows += 1;
            }
            prev = Some(h);
        }
        (sum, rows)
    }

    /// The probability that a document is machine translated, from the
    /// sum of its lines' row numbers and their count ([`Self::line_rows`]
    /// summed over the lines).
    pub fn probability(&self, sum: f64, rows: usize) -> f64 {
        let x = sum / (rows as f64 + self.shrink).max(1.0);
        1.0 / (1.0 + (-(self.scale * x + self.offset)).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_spells_out_ligatures_and_folds_quotes() {
        let (mut a, mut b) = (String::new(), String::new());
        normalize(
            "The \u{FB01}nal \u{201c}e\u{FB03}cient\u{201d} plan.",
            &mut a,
        );
        normalize("the final \"efficient\" plan.", &mut b);
        assert_eq!(a, b);
        assert_eq!(a.split_whitespace().collect::<Vec<_>>()[1], "final");
    }

    #[test]
    fn hashes_match_fasttext() {
        // fastText's hash of "</s>", and of a word with bytes >= 0x80
        // (values from fastText 0.9.2's Dictionary::hash via the script's
        // reimplementation, which agrees with fastText's predictions).
        assert_eq!(fasttext_hash(b""), 2_166_136_261);
        assert_eq!(fasttext_hash(b"a"), 0xe40c_292c);
        assert_ne!(fasttext_hash("é".as_bytes()), fasttext_hash(b"e"));
    }

    #[test]
    fn log_odds_match_the_training_script() {
        // Printed by scripts/mt_model.py for the built-in model (its own
        // reimplementation, checked there against fastText's predictions);
        // rebuild these when the model is retrained.
        let m = MtModel::builtin().unwrap();
        let mut buf = String::new();
        for (want, s) in [
            (1.123659123, "The committee said on Tuesday that it would review the proposal."),
            (1.619136505, "According to reports, the relevant departments have carried out rectification work."),
            (0.622544083, "\u{201c}We\u{2019}re not done yet,\u{201d} the coach told reporters \u{2014} and smiled."),
            (0.320496745, "Le caf\u{e9} na\u{ef}ve r\u{e9}sum\u{e9} (\u{c9}T\u{c9}) was closed!"),
        ] {
            let got = m.line_log_odds(s, &mut buf);
            assert!((got - want).abs() < 1e-8, "{s}: {got} against {want}");
        }
        assert_eq!(
            m.line_log_odds("", &mut buf),
            m.line_log_odds("  ", &mut buf)
        );
        // More rows of the same mean: surer.
        let (one, many) = (m.probability(2.0, 2), m.probability(200.0, 200));
        assert!(many > one && one > m.probability(0.0, 0), "{one} {many}");
    }

    #[test]
    fn builtin_loads() {
        let m = MtModel::builtin().unwrap();
        assert!(m.words() > 1000);
        assert_eq!(m.buckets(), 200_000);
        assert!(m.lookup("the", fasttext_hash(b"the")).is_some());
        assert!(m.lookup(EOS, fasttext_hash(EOS.as_bytes())).is_some());
        assert!(m.lookup("qqqxqqq", fasttext_hash(b"qqqxqqq")).is_none());
    }

    /// A model file with a valid checksum around whatever parts are given.
    fn file(words: &[&[u8]], weights: &[f32], buckets: &[f32], scale: f64) -> Vec<u8> {
        file_with_shrinkage(words, weights, buckets, scale, 2.0)
    }

    fn file_with_shrinkage(
        words: &[&[u8]],
        weights: &[f32],
        buckets: &[f32],
        scale: f64,
        shrink: f64,
    ) -> Vec<u8> {
        let block: Vec<u8> = words
            .iter()
            .flat_map(|w| w.iter().copied().chain([0]))
            .collect();
        let mut b = MAGIC.to_vec();
        for x in [VERSION, buckets.len() as u32, words.len() as u32] {
            b.extend(x.to_le_bytes());
        }
        b.extend(scale.to_le_bytes());
        b.extend((-0.5f64).to_le_bytes());
        b.extend(shrink.to_le_bytes());
        b.extend((block.len() as u32).to_le_bytes());
        b.extend(&block);
        for x in weights.iter().chain(buckets) {
            b.extend(x.to_le_bytes());
        }
        let sum = fnv64(&b);
        b.extend(sum.to_le_bytes());
        b
    }

    #[test]
    fn a_small_model_gives_the_mean_of_its_rows() {
        let buckets: Vec<f32> = (0..7).map(|i| i as f32).collect();
        let m = MtModel::from_bytes(
            "t",
            &file(
                &[b"</s>", b"cat", b"\xc3\xa9t\xc3\xa9"],
                &[1.0, 2.0, 4.0],
                &buckets,
                2.0,
            ),
        )
        .unwrap();
        let mut buf = String::new();
        // "The CAT!" is "the cat !" then </s>: rows cat (2) and </s> (1);
        // "the" and "!" have none; pairs the-cat, cat-!, !-</s> have buckets.
        let pair = |a: &str, b: &str| {
            pair_bucket(fasttext_hash(a.as_bytes()), fasttext_hash(b.as_bytes()), 7) as f64
        };
        let want = (2.0 + 1.0 + pair("the", "cat") + pair("cat", "!") + pair("!", EOS)) / 5.0;
        assert!((m.line_log_odds("The CAT!", &mut buf) - want).abs() < 1e-12);
        // A word with bytes >= 0x80, lower-cased from capitals.
        let want = (4.0 + 1.0 + pair("\u{e9}t\u{e9}", EOS)) / 3.0;
        assert!((m.line_log_odds("\u{c9}T\u{c9}", &mut buf) - want).abs() < 1e-12);
        // x = 1.5 / (4 + 2), scale 2, offset -0.5: probability 1/2.
        assert!((m.probability(1.5, 4) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_file_with_a_valid_checksum_is_still_checked() {
        let ok = file(&[b"</s>", b"a"], &[0.1, 0.2], &[0.0; 3], 1.0);
        assert!(MtModel::from_bytes("t", &ok).is_ok());
        for (bytes, what) in [
            (
                file(&[b"</s>", b"a", b"a"], &[0.1, 0.2, 0.3], &[0.0; 3], 1.0),
                "appears twice",
            ),
            (
                file(&[b"</s>", b""], &[0.1, 0.2], &[0.0; 3], 1.0),
                "is empty",
            ),
            (
                file(&[b"</s>", b"\xff"], &[0.1, 0.2], &[0.0; 3], 1.0),
                "not UTF-8",
            ),
            (
                file(&[b"</s>", b"a"], &[0.1, f32::NAN], &[0.0; 3], 1.0),
                "not a finite number",
            ),
            (
                file(
                    &[b"</s>", b"a"],
                    &[0.1, 0.2],
                    &[0.0, f32::INFINITY, 0.0],
                    1.0,
                ),
                "not a finite number",
            ),
            (
                file(&[b"</s>", b"a"], &[0.1, 0.2], &[0.0; 3], f64::NAN),
                "not a finite number",
            ),
            (
                file(&[b"</s>", b"a"], &[0.1, 0.2], &[], 1.0),
                "corrupt header",
            ),
            (
                file(&[b"</s>\0a"], &[0.1, 0.2], &[0.0; 3], 1.0),
                "describes",
            ),
        ] {
            let e = MtModel::from_bytes("t", &bytes).unwrap_err().to_string();
            assert!(e.contains(what), "{what}: {e}");
        }
        let negative = file_with_shrinkage(&[b"</s>", b"a"], &[0.1, 0.2], &[0.0; 3], 1.0, -1.0);
        let e = MtModel::from_bytes("t", &negative).unwrap_err().to_string();
        assert!(e.contains("shrinkage at least 0"), "{e}");
    }

    #[test]
    fn every_truncation_and_flipped_byte_is_an_error() {
        let good = BUILTIN;
        let n = good.len();
        let cuts = [0, 4, 8, 12, 20, 40, 41, 1000];
        for len in cuts.into_iter().chain([n / 2, n - 9, n - 1]) {
            let e = MtModel::from_bytes("x.bin", &good[..len]).unwrap_err();
            assert!(e.to_string().starts_with("x.bin: "), "{len}: {e}");
        }
        let mut longer = good.to_vec();
        longer.push(0);
        assert!(MtModel::from_bytes("x.bin", &longer).is_err());
        let flips = [9, 13, 17, 30, 45, 200];
        for at in flips.into_iter().chain([n / 2, n - 20, n - 3]) {
            let mut bad = good.to_vec();
            bad[at] ^= 0x10;
            let e = MtModel::from_bytes("x.bin", &bad).unwrap_err();
            assert!(e.to_string().starts_with("x.bin: "), "{at}: {e}");
        }
    }
}
