//! The synonym table: which phrases a spinner may have swapped for which.
//!
//! A [`Thesaurus`] maps a phrase (one or more lower-case words separated by
//! single spaces) to its synonyms, each tagged with the [`source`]s that list
//! the pair. The built-in table ([`Thesaurus::builtin`]) merges Moby
//! Thesaurus II, MyThes en_US and WordNet 3.0, restricted to the language
//! model's vocabulary, made symmetric and extended with inflected pairs;
//! `scripts/build-thesaurus.sh` rebuilds it byte for byte.
//!
//! ```
//! use unspun::thesaurus::{source, Thesaurus};
//!
//! let text = "attorney\tlawyer\t3\nlawyer\tattorney\t3\n";
//! let th = Thesaurus::from_tsv_reader("example.tsv", text.as_bytes())?;
//! let syn: Vec<_> = th.synonyms("attorney").collect();
//! assert_eq!(syn[0].text, "lawyer");
//! assert_eq!(syn[0].sources, source::MOBY | source::MYTHES);
//! assert_eq!(th.sources("lawyer", "attorney"), Some(3));
//! # Ok::<(), unspun::Error>(())
//! ```
//!
//! # TSV format (import)
//!
//! UTF-8, one pair per line: `head<TAB>synonym<TAB>flags`, where `flags` is
//! a decimal number from 1 to 15, an OR of the [`source`] bits. Blank lines
//! and lines starting with `#` are skipped, a trailing `\r` is ignored.
//! Phrases are lower-cased and runs of white space become one space. A pair
//! listed twice has its flags OR-ed; the reverse of every pair is added, so
//! the table is symmetric; a phrase paired with itself is dropped.
//!
//! # Binary format (version 2)
//!
//! Little-endian, no alignment, read in place:
//!
//! ```text
//! 0   8 bytes  magic "UNSPTHES"
//! 8   u32      version (2)
//! 12  u32      N, number of phrases
//! 16  u32      P, number of pairs
//! 20  u32      L, length of the string pool in bytes
//! 24  u32      number of phrases with at least one synonym (heads)
//! 28  u32      largest number of words in a phrase
//! 32  (N + 1) x {u32 pool offset, u32 first pair}   phrase table
//!     P x u32  pairs: synonym phrase id (low 24 bits) | flags << 24
//!     L bytes  string pool: the phrases, UTF-8, sorted by bytes, no separators
//!     u32      CRC-32 (IEEE, as zlib computes it) of every byte before it
//! ```
//!
//! Phrase `i` is `pool[off[i]..off[i + 1]]`, its synonyms are
//! `pairs[first[i]..first[i + 1]]`, sorted by phrase id (so alphabetically).
//! Entry N holds `(L, P)`. The file is exactly as long as this layout says.
//! Everything is checked at load, so a truncated or corrupt file gives
//! [`Error::Format`] and lookups never go out of bounds; the checksum
//! catches what the structure cannot show (a flipped source flag or
//! synonym id that is still in range). Version 1 had no checksum.
//!
//! # Resource usage
//!
//! The built-in table is about 20 MB (4.2 M pairs, 166 k phrases) embedded
//! in the binary; loading it checks its CRC-32 and every offset and id (about 20 ms in a
//! release build) and allocates nothing proportional to its size. A user's
//! `.bin` file is read into memory whole. A lookup
//! is a binary search over the phrases (about 17 string comparisons).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::{Error, Result};

/// Source bits of a pair: which thesaurus lists it.
pub mod source {
    /// Moby Thesaurus II.
    pub const MOBY: u8 = 1;
    /// MyThes en_US (LibreOffice).
    pub const MYTHES: u8 = 2;
    /// WordNet 3.0 (same synset).
    pub const WORDNET: u8 = 4;
    /// No source lists the pair as written: it is an inflection (swapped /
    /// traded) of a pair that the other bits' sources list (swap / trade).
    pub const INFLECTED: u8 = 8;
    /// The three dictionaries.
    pub const DICTIONARIES: u8 = MOBY | MYTHES | WORDNET;
    /// Every bit defined in this version.
    pub const ALL: u8 = DICTIONARIES | INFLECTED;

    /// The names of the bits set in `sources`, joined by `+`
    /// (`"moby+wordnet+inflected"`); `"none"` for 0.
    pub fn names(sources: u8) -> String {
        let mut out = Vec::new();
        for (bit, name) in [
            (MOBY, "moby"),
            (MYTHES, "mythes"),
            (WORDNET, "wordnet"),
            (INFLECTED, "inflected"),
        ] {
            if sources & bit != 0 {
                out.push(name);
            }
        }
        if out.is_empty() {
            "none".to_string()
        } else {
            out.join("+")
        }
    }
}

const MAGIC: &[u8; 8] = b"UNSPTHES";
const VERSION: u32 = 2;
const HEADER_LEN: usize = 32;
const ID_BITS: u32 = 24;
const ID_MASK: u32 = (1 << ID_BITS) - 1;
/// Largest number of phrases the binary format can hold (24-bit ids).
pub const MAX_PHRASES: usize = 1 << ID_BITS;

static BUILTIN_BYTES: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/thesaurus.bin"));
/// Name used for the built-in table in error messages.
pub const BUILTIN_NAME: &str = "built-in thesaurus (data/thesaurus.bin)";

enum Storage {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl Storage {
    fn bytes(&self) -> &[u8] {
        match self {
            Storage::Static(b) => b,
            Storage::Owned(v) => v,
        }
    }
}

struct Inner {
    storage: Storage,
    name: String,
    phrase_count: usize,
    pair_count: usize,
    head_count: usize,
    max_phrase_words: usize,
    pairs_start: usize,
    pool_start: usize,
}

/// A synonym table, read in place from its binary form.
///
/// Cheap to clone (an `Arc` inside), `Send + Sync`, immutable.
#[derive(Clone)]
pub struct Thesaurus {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Thesaurus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thesaurus")
            .field("name", &self.inner.name)
            .field("heads", &self.inner.head_count)
            .field("pairs", &self.inner.pair_count)
            .finish()
    }
}

/// One synonym of a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synonym<'a> {
    /// The synonym: lower-case words separated by one space.
    pub text: &'a str,
    /// The synonym's phrase id, in `0..`[`Thesaurus::phrase_count`], in
    /// the order of [`Thesaurus::phrases`].
    pub id: u32,
    /// Which sources list the pair, an OR of [`source`] bits.
    pub sources: u8,
}

/// The synonyms of one phrase, alphabetically; see [`Thesaurus::synonyms`].
pub struct Synonyms<'a> {
    inner: &'a Inner,
    next: usize,
    end: usize,
}

impl<'a> Iterator for Synonyms<'a> {
    type Item = Synonym<'a>;

    fn next(&mut self) -> Option<Synonym<'a>> {
        if self.next >= self.end {
            return None;
        }
        let (id, sources) = self.inner.pair(self.next);
        self.next += 1;
        Some(Synonym {
            text: self.inner.phrase(id),
            id: id as u32,
            sources,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Synonyms<'_> {}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    // Callers only pass offsets inside the validated layout; a short slice
    // reads as 0 rather than panicking.
    match bytes.get(at..at + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

impl Inner {
    fn bytes(&self) -> &[u8] {
        self.storage.bytes()
    }

    fn entry(&self, i: usize) -> (usize, usize) {
        let at = HEADER_LEN + 8 * i;
        let b = self.bytes();
        (read_u32(b, at) as usize, read_u32(b, at + 4) as usize)
    }

    fn phrase_bytes(&self, id: usize) -> &[u8] {
        let (start, _) = self.entry(id);
        let (end, _) = self.entry(id + 1);
        let b = self.bytes();
        b.get(self.pool_start + start..self.pool_start + end)
            .unwrap_or(&[])
    }

    fn phrase(&self, id: usize) -> &str {
        std::str::from_utf8(self.phrase_bytes(id)).unwrap_or("")
    }

    fn pair(&self, k: usize) -> (usize, u8) {
        let v = read_u32(self.bytes(), self.pairs_start + 4 * k);
        ((v & ID_MASK) as usize, (v >> ID_BITS) as u8)
    }

    fn find(&self, phrase: &[u8]) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.phrase_count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.phrase_bytes(mid).cmp(phrase) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn range(&self, id: usize) -> (usize, usize) {
        (self.entry(id).1, self.entry(id + 1).1)
    }
}

fn validate(storage: Storage, name: String) -> Result<Thesaurus> {
    let bytes = storage.bytes();
    let bad = |msg: String| Error::format(&name, msg);
    if bytes.len() < HEADER_LEN {
        return Err(bad(format!(
            "truncated: {} bytes, a thesaurus header alone is {HEADER_LEN}",
            bytes.len()
        )));
    }
    if &bytes[..8] != MAGIC {
        return Err(bad(
            "not an unspun thesaurus (bad magic; compile a TSV with `unspun thesaurus compile`)"
                .into(),
        ));
    }
    let version = read_u32(bytes, 8);
    if version != VERSION {
        return Err(bad(format!(
            "thesaurus format version {version}, this build reads version {VERSION}{}",
            if version < VERSION {
                " (written by an older unspun: compile its TSV again with `unspun thesaurus compile`)"
            } else {
                ""
            }
        )));
    }
    let n = read_u32(bytes, 12) as usize;
    let p = read_u32(bytes, 16) as usize;
    let l = read_u32(bytes, 20) as usize;
    let heads_declared = read_u32(bytes, 24) as usize;
    let words_declared = read_u32(bytes, 28) as usize;
    if n > MAX_PHRASES {
        return Err(bad(format!(
            "{n} phrases, the format holds at most {MAX_PHRASES}"
        )));
    }
    let pairs_start = HEADER_LEN + 8 * (n + 1);
    let pool_start = pairs_start + 4 * p;
    let expected = pool_start + l + 4;
    if bytes.len() != expected {
        return Err(bad(format!(
            "{} bytes, the header ({n} phrases, {p} pairs, {l} pool bytes) says {expected}{}",
            bytes.len(),
            if bytes.len() < expected {
                " (truncated)"
            } else {
                ""
            }
        )));
    }
    if let Err(crate::checksum::Mismatch { actual, stored }) = crate::checksum::verify(bytes) {
        return Err(bad(format!(
            "corrupt: the CRC-32 of its contents is {actual:08x}, its last 4 bytes say {stored:08x}"
        )));
    }
    let pool = match std::str::from_utf8(&bytes[pool_start..pool_start + l]) {
        Ok(s) => s,
        Err(e) => {
            return Err(bad(format!(
                "string pool is not UTF-8 at byte {}",
                pool_start + e.valid_up_to()
            )))
        }
    };
    let entry = |i: usize| {
        let at = HEADER_LEN + 8 * i;
        (
            read_u32(bytes, at) as usize,
            read_u32(bytes, at + 4) as usize,
        )
    };
    if entry(0) != (0, 0) {
        return Err(bad("phrase table does not start at (0, 0)".into()));
    }
    if entry(n) != (l, p) {
        return Err(bad(format!(
            "phrase table ends at {:?}, expected ({l}, {p})",
            entry(n)
        )));
    }
    let mut heads = 0;
    let mut max_words = 0;
    let mut prev: &[u8] = &[];
    for i in 0..n {
        let (start, first) = entry(i);
        let (end, last) = entry(i + 1);
        if end <= start || end > l || last < first || last > p {
            return Err(bad(format!(
                "phrase {i}: offsets {start}..{end}, pairs {first}..{last} out of order or range"
            )));
        }
        if !pool.is_char_boundary(end) {
            return Err(bad(format!("phrase {i}: ends inside a UTF-8 character")));
        }
        let phrase = &pool.as_bytes()[start..end];
        if i > 0 && phrase <= prev {
            return Err(bad(format!("phrase {i}: phrases not sorted or repeated")));
        }
        if phrase[0] == b' '
            || phrase[phrase.len() - 1] == b' '
            || phrase.windows(2).any(|w| w == b"  ")
            || phrase.iter().any(|&c| c < b' ')
        {
            return Err(bad(format!("phrase {i}: stray space or control character")));
        }
        max_words = max_words.max(1 + phrase.iter().filter(|&&c| c == b' ').count());
        prev = phrase;
        if last > first {
            heads += 1;
        }
        let mut prev_id = None;
        for k in first..last {
            let v = read_u32(bytes, pairs_start + 4 * k);
            let id = (v & ID_MASK) as usize;
            let flags = (v >> ID_BITS) as u8;
            if id >= n || id == i || prev_id.is_some_and(|q| id <= q) {
                return Err(bad(format!(
                    "pair {k} of phrase {i}: synonym id {id} out of range, repeated or unsorted"
                )));
            }
            if flags == 0 || flags & !source::ALL != 0 {
                return Err(bad(format!("pair {k}: unknown source flags {flags:#x}")));
            }
            prev_id = Some(id);
        }
    }
    if heads != heads_declared || max_words != words_declared {
        return Err(bad(format!(
            "header says {heads_declared} heads and {words_declared} words per phrase, \
             the tables have {heads} and {max_words}"
        )));
    }
    Ok(Thesaurus {
        inner: Arc::new(Inner {
            storage,
            name,
            phrase_count: n,
            pair_count: p,
            head_count: heads,
            max_phrase_words: max_words,
            pairs_start,
            pool_start,
        }),
    })
}

/// Lower case, single spaces, no leading or trailing space; borrows when
/// `s` is already so.
fn normalize(s: &str) -> Cow<'_, str> {
    let clean = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s
            .chars()
            .any(|c| c.is_uppercase() || (c.is_whitespace() && c != ' '));
    if clean {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(normalize_phrase(s))
    }
}

fn normalize_phrase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Collects pairs and writes the binary form; used for TSV import.
#[derive(Default)]
struct Builder {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    pairs: Vec<(u32, u32, u8)>,
}

impl Builder {
    fn intern(&mut self, phrase: String) -> u32 {
        if let Some(&id) = self.ids.get(&phrase) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(phrase.clone());
        self.ids.insert(phrase, id);
        id
    }

    fn build(self, name: &str) -> Result<Vec<u8>> {
        let bad = |msg: String| Error::format(name, msg);
        let n = self.names.len();
        if n > MAX_PHRASES {
            return Err(bad(format!(
                "{n} distinct phrases, the format holds at most {MAX_PHRASES}"
            )));
        }
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut rank = vec![0u32; n];
        for (r, &tmp) in order.iter().enumerate() {
            rank[tmp as usize] = r as u32;
        }
        let mut pairs: Vec<(u32, u32, u8)> = self
            .pairs
            .into_iter()
            .map(|(h, s, f)| (rank[h as usize], rank[s as usize], f))
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by(|later, kept| {
            if later.0 == kept.0 && later.1 == kept.1 {
                kept.2 |= later.2;
                true
            } else {
                false
            }
        });
        let pool_len: usize = self.names.iter().map(String::len).sum();
        if pool_len > u32::MAX as usize || pairs.len() > u32::MAX as usize {
            return Err(bad("too large for the binary format (4 GiB)".into()));
        }
        let mut table = Vec::with_capacity(n + 1);
        let mut heads = 0u32;
        let mut max_words = 0usize;
        let (mut off, mut k) = (0usize, 0usize);
        for (r, &tmp) in order.iter().enumerate() {
            table.push((off as u32, k as u32));
            let phrase = &self.names[tmp as usize];
            off += phrase.len();
            max_words = max_words.max(phrase.split(' ').count());
            let first = k;
            while k < pairs.len() && pairs[k].0 == r as u32 {
                k += 1;
            }
            if k > first {
                heads += 1;
            }
        }
        table.push((off as u32, k as u32));
        let mut out = Vec::with_capacity(HEADER_LEN + 8 * (n + 1) + 4 * pairs.len() + pool_len + 4);
        out.extend_from_slice(MAGIC);
        for v in [
            VERSION,
            n as u32,
            pairs.len() as u32,
            pool_len as u32,
            heads,
            max_words as u32,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for (o, f) in table {
            out.extend_from_slice(&o.to_le_bytes());
            out.extend_from_slice(&f.to_le_bytes());
        }
        for (_, s, f) in pairs {
            out.extend_from_slice(&(s | (u32::from(f) << ID_BITS)).to_le_bytes());
        }
        for &tmp in &order {
            out.extend_from_slice(self.names[tmp as usize].as_bytes());
        }
        crate::checksum::append(&mut out);
        Ok(out)
    }
}

impl Thesaurus {
    /// The built-in table (`data/thesaurus.bin`, embedded in the binary),
    /// validated once and cached.
    ///
    /// # Errors
    ///
    /// [`Error::Format`] if the embedded file is not a valid thesaurus (a
    /// build from a tree without the data file).
    pub fn builtin() -> Result<Thesaurus> {
        static CELL: OnceLock<std::result::Result<Thesaurus, String>> = OnceLock::new();
        let cached = CELL.get_or_init(|| {
            Thesaurus::from_static(BUILTIN_NAME, BUILTIN_BYTES).map_err(|e| match e {
                Error::Format { message, .. } => message,
                other => other.to_string(),
            })
        });
        match cached {
            Ok(th) => Ok(th.clone()),
            Err(message) => Err(Error::format(BUILTIN_NAME, message.clone())),
        }
    }

    /// Opens a thesaurus file: the binary format (read whole) if it
    /// starts with the magic bytes, otherwise a TSV compiled at load.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be read, [`Error::Format`] (naming
    /// the file, and the line for a TSV) if it is malformed or a TSV holds
    /// no pairs.
    pub fn open(path: &Path) -> Result<Thesaurus> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let name = path.display().to_string();
        if bytes.starts_with(MAGIC) {
            return validate(Storage::Owned(bytes), name);
        }
        if path.extension().is_some_and(|e| e == "bin") {
            return Err(Error::format(
                name,
                "not an unspun thesaurus (bad magic; compile a TSV with `unspun thesaurus compile`)",
            ));
        }
        let thesaurus = Thesaurus::from_tsv_reader(&name, bytes.as_slice())?;
        // An empty file (or one of comments) is a mistake, not a thesaurus:
        // the swap search would quietly find nothing.
        if thesaurus.pair_count() == 0 {
            return Err(Error::format(name, "holds no synonym pairs"));
        }
        Ok(thesaurus)
    }

    /// A thesaurus over binary-format bytes that live for the whole program.
    ///
    /// # Errors
    ///
    /// [`Error::Format`] naming `name` if the bytes are not a valid table.
    pub fn from_static(name: &str, bytes: &'static [u8]) -> Result<Thesaurus> {
        validate(Storage::Static(bytes), name.to_string())
    }

    /// A thesaurus over binary-format bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Format`] naming `name` if the bytes are not a valid table.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Thesaurus> {
        validate(Storage::Owned(bytes), name.to_string())
    }

    /// Compiles a TSV (see the [module docs](self)) read from `reader`;
    /// `name` is used in error messages.
    ///
    /// # Errors
    ///
    /// [`Error::Format`] with the line number for a malformed line (wrong
    /// number of fields, empty phrase, bad flags, a phrase paired with
    /// itself), or when reading fails.
    pub fn from_tsv_reader(name: &str, mut reader: impl BufRead) -> Result<Thesaurus> {
        let mut builder = Builder::default();
        let mut line = String::new();
        let mut number = 0u64;
        loop {
            line.clear();
            number += 1;
            match reader.read_line(&mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    return Err(Error::format_at(name, number, "not UTF-8"))
                }
                Err(e) => return Err(Error::io(name, e)),
            }
            let mut text = line.trim_end_matches(['\n', '\r']);
            if number == 1 {
                text = crate::text::without_bom(text);
            }
            if text.trim().is_empty() || text.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = text.split('\t').collect();
            if fields.len() != 3 {
                return Err(Error::format_at(
                    name,
                    number,
                    format!(
                        "expected 3 tab-separated fields (head, synonym, flags), found {}",
                        fields.len()
                    ),
                ));
            }
            let head = normalize_phrase(fields[0]);
            let syn = normalize_phrase(fields[1]);
            if head.is_empty() || syn.is_empty() {
                return Err(Error::format_at(name, number, "empty phrase"));
            }
            if head.chars().any(char::is_control) || syn.chars().any(char::is_control) {
                return Err(Error::format_at(
                    name,
                    number,
                    "control character in a phrase",
                ));
            }
            let flags = match fields[2].trim().parse::<u8>() {
                Ok(f) if f != 0 && f & !source::ALL == 0 => f,
                _ => {
                    return Err(Error::format_at(
                        name,
                        number,
                        format!(
                            "flags {:?}: expected a number from 1 to 15 \
                             (1 moby, 2 mythes, 4 wordnet, 8 inflected)",
                            fields[2]
                        ),
                    ))
                }
            };
            if head == syn {
                continue;
            }
            let h = builder.intern(head);
            let s = builder.intern(syn);
            builder.pairs.push((h, s, flags));
            builder.pairs.push((s, h, flags));
        }
        let bytes = builder.build(name)?;
        Thesaurus::from_bytes(name, bytes)
    }

    /// Writes the binary form to `writer`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] (named after this table) if `writer` fails.
    pub fn write_binary(&self, mut writer: impl Write) -> Result<()> {
        writer
            .write_all(self.inner.bytes())
            .and_then(|_| writer.flush())
            .map_err(|e| Error::io(&self.inner.name, e))
    }

    /// Writes the binary form to the file `path`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming `path`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut file = std::io::BufWriter::new(File::create(path).map_err(|e| Error::io(path, e))?);
        file.write_all(self.inner.bytes())
            .and_then(|_| file.flush())
            .map_err(|e| Error::io(path, e))
    }

    /// A new table with only the pairs that a source in `mask` lists. Pairs
    /// flagged [`source::INFLECTED`] are kept only if `mask` has that bit
    /// too. Flags are narrowed to `mask`. For spinning with one dictionary
    /// and detecting with another.
    ///
    /// # Errors
    ///
    /// None in practice; the result goes through the same checks as a file.
    pub fn restrict(&self, mask: u8) -> Result<Thesaurus> {
        let mut builder = Builder::default();
        let name = format!("{} [{}]", self.inner.name, source::names(mask));
        for id in 0..self.inner.phrase_count {
            let (first, last) = self.inner.range(id);
            for k in first..last {
                let (syn, flags) = self.inner.pair(k);
                let kept = flags & mask & source::DICTIONARIES;
                if kept == 0 || (flags & source::INFLECTED != 0 && mask & source::INFLECTED == 0) {
                    continue;
                }
                let h = builder.intern(self.inner.phrase(id).to_string());
                let s = builder.intern(self.inner.phrase(syn).to_string());
                builder
                    .pairs
                    .push((h, s, kept | (flags & source::INFLECTED)));
            }
        }
        let bytes = builder.build(&name)?;
        Thesaurus::from_bytes(&name, bytes)
    }

    /// The synonyms of `phrase`, alphabetically; empty if the phrase is not
    /// in the table. The phrase is normalised first (lower case, single
    /// spaces), which allocates only if it is not already so.
    pub fn synonyms(&self, phrase: &str) -> Synonyms<'_> {
        let (next, end) = match self.inner.find(normalize(phrase).as_bytes()) {
            Some(id) => self.inner.range(id),
            None => (0, 0),
        };
        Synonyms {
            inner: &self.inner,
            next,
            end,
        }
    }

    /// The id of `phrase` in the table (head or synonym), if it is there.
    pub fn phrase_id(&self, phrase: &str) -> Option<u32> {
        self.inner
            .find(normalize(phrase).as_bytes())
            .map(|id| id as u32)
    }

    /// The phrase ids of the synonyms of phrase `id` (see
    /// [`Thesaurus::phrase_id`]), as [`Thesaurus::synonyms`] without
    /// decoding their text (for hot loops; see [`Thesaurus::phrase_text`]).
    /// None for an id out of range.
    pub fn synonym_ids(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let (first, end) = if (id as usize) < self.inner.phrase_count {
            self.inner.range(id as usize)
        } else {
            (0, 0)
        };
        (first..end).map(move |k| self.inner.pair(k).0 as u32)
    }

    /// The text of phrase `id` (empty for an id out of range).
    pub fn phrase_text(&self, id: u32) -> &str {
        if (id as usize) < self.inner.phrase_count {
            self.inner.phrase(id as usize)
        } else {
            ""
        }
    }

    /// The source bits of the pair `head` -> `synonym` (both normalised),
    /// `None` if the table does not list it. A binary search, no allocation
    /// for normalised input.
    pub fn sources(&self, head: &str, synonym: &str) -> Option<u8> {
        let h = self.inner.find(normalize(head).as_bytes())?;
        let s = self.inner.find(normalize(synonym).as_bytes())?;
        let (mut lo, mut hi) = self.inner.range(h);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (id, flags) = self.inner.pair(mid);
            match id.cmp(&s) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(flags),
            }
        }
        None
    }

    /// Whether `phrase` (normalised first) has at least one synonym.
    pub fn contains(&self, phrase: &str) -> bool {
        self.synonyms(phrase).len() > 0
    }

    /// Phrases with at least one synonym (heads).
    pub fn len(&self) -> usize {
        self.inner.head_count
    }

    /// Whether the table has no pairs.
    pub fn is_empty(&self) -> bool {
        self.inner.pair_count == 0
    }

    /// Pairs (head, synonym); a symmetric table counts both directions.
    pub fn pair_count(&self) -> usize {
        self.inner.pair_count
    }

    /// Distinct phrases, heads or synonyms.
    pub fn phrase_count(&self) -> usize {
        self.inner.phrase_count
    }

    /// The largest number of words in a phrase, for windowed matching.
    pub fn max_phrase_words(&self) -> usize {
        self.inner.max_phrase_words
    }

    /// Every phrase of the table (heads and synonyms), in byte order.
    pub fn phrases(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.inner.phrase_count).map(move |id| self.inner.phrase(id))
    }

    /// Size of the binary form in bytes.
    pub fn binary_size(&self) -> usize {
        self.inner.bytes().len()
    }

    /// Every head phrase (one with synonyms), in byte order.
    pub fn heads(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.inner.phrase_count).filter_map(move |id| {
            let (first, last) = self.inner.range(id);
            (last > first).then(|| self.inner.phrase(id))
        })
    }

    /// How many pairs have each bit set: `[moby, mythes, wordnet, inflected]`.
    pub fn source_counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for k in 0..self.inner.pair_count {
            let flags = self.inner.pair(k).1;
            for (bit, c) in counts.iter_mut().enumerate() {
                if flags & (1 << bit) != 0 {
                    *c += 1;
                }
            }
        }
        counts
    }

    /// The binary form, as loaded.
    pub fn as_bytes(&self) -> &[u8] {
        self.inner.bytes()
    }

    /// Where the table came from (a path or `built-in thesaurus`).
    pub fn name(&self) -> &str {
        &self.inner.name
    }
}

/// Compiles the TSV at `input` into the binary format at `output`.
///
/// # Errors
///
/// [`Error::Io`] or [`Error::Format`] naming the file (and line).
pub fn compile_tsv(input: &Path, output: &Path) -> Result<Thesaurus> {
    let file = File::open(input).map_err(|e| Error::io(input, e))?;
    let th = Thesaurus::from_tsv_reader(&input.display().to_string(), BufReader::new(file))?;
    th.save(output)?;
    Ok(th)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_phrases() {
        assert_eq!(normalize_phrase("  Per   Cent\t"), "per cent");
        assert_eq!(normalize_phrase(""), "");
    }

    #[test]
    fn source_names() {
        assert_eq!(source::names(0), "none");
        assert_eq!(source::names(5), "moby+wordnet");
        assert_eq!(source::names(15), "moby+mythes+wordnet+inflected");
    }

    #[test]
    fn read_u32_short_slice_is_zero() {
        assert_eq!(read_u32(&[1, 2], 0), 0);
        assert_eq!(read_u32(&[1, 0, 0, 0], 0), 1);
    }
}
