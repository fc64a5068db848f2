//! Reading documents: files, directories, standard input; plain text or
//! JSONL; plain, gzip or zstd.
//!
//! Every input document becomes exactly one [`Document`], in input order,
//! even when it cannot be read: a malformed JSONL line becomes a document
//! whose `problem` says what is wrong, so that the output keeps one record
//! per input.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::warc::{self, Next, RecordReader};
use crate::error::{Error, Result};

/// Longest JSONL line read (64 MiB). A longer line becomes an `error`
/// document and is skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// Most bytes of a text file read (64 MiB); the rest of a longer file is
/// not read, and the document carries a warning.
pub const MAX_TEXT_FILE_BYTES: usize = 64 << 20;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Decide by file extension (`.jsonl`, `.json`, `.ndjson`, also under
    /// `.gz`/`.zst`, are JSONL; `.warc` and `.wet` are WARC) and, for any
    /// other file, by its first bytes (`WARC/1.`: WARC; else text).
    /// Standard input is JSONL when its first non-blank byte is `{`.
    Auto,
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// WARC records (Common Crawl's WET files among them), a document for
    /// each page (`conversion`, `resource` and `response` records).
    Warc,
}

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// The format, or [`InputFormat::Auto`].
    pub format: InputFormat,
    /// Field holding the document text in JSONL: a key, or a JSON
    /// Pointer when it begins with `/` (see [`field`]).
    pub text_field: String,
    /// Field holding the document id in JSONL, the same way.
    pub id_field: String,
}

/// The value at `name` in a JSONL object: the key `name`, or, when `name`
/// begins with `/`, the value its JSON Pointer (RFC 6901) names: `/meta/body`
/// reads `{"meta": {"body": ...}}`, `/pages/0` the first item of an array,
/// and `~1` and `~0` stand for `/` and `~` in a key.
pub fn field<'a>(
    object: &'a serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<&'a serde_json::Value> {
    match pointer_head(name) {
        Some((key, rest)) => object.get(&key)?.pointer(rest),
        None => object.get(name),
    }
}

/// [`field`], to change the value in place.
pub fn field_mut<'a>(
    object: &'a mut serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<&'a mut serde_json::Value> {
    match pointer_head(name) {
        Some((key, rest)) => object.get_mut(&key)?.pointer_mut(rest),
        None => object.get_mut(name),
    }
}

/// A JSON Pointer's first key (unescaped) and the pointer to the rest
/// (`""` or beginning with `/`); `None` when `name` is not a pointer.
fn pointer_head(name: &str) -> Option<(String, &str)> {
    let rest = name.strip_prefix('/')?;
    let (key, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Some((key.replace("~1", "/").replace("~0", "~"), tail))
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: InputFormat::Auto,
            text_field: "text".to_string(),
            id_field: "id".to_string(),
        }
    }
}

/// One input document (or the place where one could not be read).
#[derive(Debug, Clone)]
pub struct Document {
    /// The document id: the JSONL id field, else `FILE:LINE`, or the path
    /// of a text file.
    pub id: String,
    /// The text to score (empty when `problem` is set).
    pub text: String,
    /// For JSONL input: the line as read, without its line ending, byte
    /// for byte.
    pub raw: Option<Vec<u8>>,
    /// For JSONL input: the parsed object, when it parsed.
    pub object: Option<serde_json::Map<String, serde_json::Value>>,
    /// Where the document came from (`FILE` or `FILE:LINE`).
    pub location: String,
    /// Why the document could not be read, if it could not.
    pub problem: Option<String>,
    /// Something odd that did not stop scoring (invalid UTF-8 replaced, an
    /// over-long document, no words).
    pub warning: Option<String>,
    /// Set when the file broke while being read (truncated or corrupt
    /// compressed stream, read error) or, for a text file, could not be
    /// opened: this document stands for what could not be read, and its
    /// `problem` says why.
    pub is_read_failure: bool,
    /// Bytes of input read (before decompression, over all files) when
    /// this document had been read; 0 unless the reader counts them
    /// ([`DocumentReader::with_progress`]).
    pub input_offset: u64,
}

impl Document {
    /// A document that stands for input that could not be read, at
    /// `location` (also its id).
    fn unreadable(location: String, problem: String, is_read_failure: bool) -> Document {
        Document {
            id: location.clone(),
            text: String::new(),
            raw: None,
            object: None,
            location,
            problem: Some(problem),
            warning: None,
            is_read_failure,
            input_offset: 0,
        }
    }
}

/// Expand paths into the list of files to read: files as given,
/// directories recursively in sorted order, `-` for standard input. A path
/// that does not exist, or a directory that cannot be listed, is kept:
/// reading it fails later, is reported, and the run goes on with the next
/// file.
///
/// # Errors
/// None today (the `Result` leaves room for checks that stop a run).
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    Ok(expand_paths_skipping(paths)?.0)
}

/// [`expand_paths`], and the paths found in directories that are neither
/// files nor directories (FIFOs, sockets, devices), which are left out:
/// opening a FIFO nobody writes to would wait for ever. A path named
/// itself is kept whatever it is (`<(zcat x.gz)` is a pipe).
///
/// # Errors
/// None at present (a directory that cannot be listed is kept, so that
/// reading it reports why).
pub fn expand_paths_skipping(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut out = Vec::new();
    let mut special = Vec::new();
    for p in paths {
        if p.as_os_str() != "-" && p.is_dir() {
            walk(p, &mut out, &mut special)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok((out, special))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, special: &mut Vec<PathBuf>) -> Result<()> {
    // A directory that cannot be listed is kept in the list as it is:
    // reading it reports why, and the run goes on.
    let Ok(listing) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return Ok(());
    };
    let Ok(mut entries) = listing
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<PathBuf>>>()
    else {
        out.push(dir.to_path_buf());
        return Ok(());
    };
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        // Symbolic links to directories are not followed (a link to a
        // parent would never end); links to files are read, and a dangling
        // link is kept so that opening it fails and is reported.
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                if !is_link {
                    walk(&path, out, special)?;
                }
            }
            Ok(m) if !m.is_file() => special.push(path),
            _ => out.push(path),
        }
    }
    Ok(())
}

/// Compression of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

fn compression_by_name(path: &Path) -> Option<Compression> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("gz") => Some(Compression::Gzip),
        Some("zst") | Some("zstd") => Some(Compression::Zstd),
        _ => None,
    }
}

fn compression_by_magic(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// The name of a compression this reader does not undo, by extension or
/// by magic bytes: read as it is, such a file would be one document of
/// binary noise (`skipped` as not text) and its documents lost without a
/// word.
fn unsupported_compression(path: &Path, head: &[u8]) -> Option<&'static str> {
    let by_name = match path.extension().and_then(|e| e.to_str()) {
        Some("xz") | Some("lzma") => Some("xz"),
        Some("bz2") => Some("bzip2"),
        Some("lz4") => Some("lz4"),
        Some("br") => Some("brotli"),
        _ => None,
    };
    by_name.or(if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Some("xz")
    } else if head.len() >= 10
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && head[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
    {
        Some("bzip2")
    } else if head.starts_with(&[0x04, 0x22, 0x4d, 0x18]) {
        Some("lz4")
    } else {
        None
    })
}

/// `path`'s file name without a compression extension (`.gz`, `.zst`,
/// `.zstd`).
fn uncompressed_name(path: &Path) -> &str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .or_else(|| name.strip_suffix(".zstd"))
        .unwrap_or(name)
}

/// Whether `path` names JSONL by its extension (under any compression
/// extension).
pub fn is_jsonl_name(path: &Path) -> bool {
    let name = uncompressed_name(path);
    name.ends_with(".jsonl") || name.ends_with(".json") || name.ends_with(".ndjson")
}

/// Whether `path` names a WARC file by its extension (`.warc`, `.wet`,
/// Common Crawl's `.warc.wet`; under any compression extension).
pub fn is_warc_name(path: &Path) -> bool {
    let name = uncompressed_name(path);
    name.ends_with(".warc") || name.ends_with(".wet")
}

/// Total size in bytes of the given input files, when it is known: every
/// path is a regular file (not standard input, not a pipe).
pub fn input_size(files: &[PathBuf]) -> Option<u64> {
    files.iter().try_fold(0u64, |sum, p| {
        if p.as_os_str() == "-" {
            return None;
        }
        let meta = std::fs::metadata(p).ok()?;
        meta.is_file().then(|| sum + meta.len())
    })
}

/// A reader that adds the bytes it reads to a shared counter (for a
/// progress bar).
struct CountingReader<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Open `path` (or `-` for standard input), decompressing by extension or
/// by magic bytes.
///
/// # Errors
/// The file cannot be opened, or its compressed header is broken.
pub fn open_decompressed(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    open_counted(path, None)
}

/// [`open_decompressed`], adding the bytes read from the file (before
/// decompression) to `counter` when there is one.
///
/// # Errors
/// The file cannot be opened, or its compressed header is broken.
pub fn open_counted(
    path: &Path,
    counter: Option<Arc<AtomicU64>>,
) -> Result<Box<dyn BufRead + Send>> {
    let file: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(|e| Error::io(display_name(path), e))?)
    };
    let raw: Box<dyn Read + Send> = match counter {
        Some(counter) => Box::new(CountingReader {
            inner: file,
            counter,
        }),
        None => file,
    };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let compression = match compression_by_name(path) {
        Some(c) => c,
        None => {
            let head = buffered
                .fill_buf()
                .map_err(|e| Error::io(display_name(path), e))?;
            if let Some(kind) = unsupported_compression(path, head) {
                return Err(Error::format(
                    display_name(path),
                    format!(
                        "{kind}-compressed, which unspun does not read (gzip and zstd \
                         it does): decompress it first, e.g. to standard input"
                    ),
                ));
            }
            compression_by_magic(head)
        }
    };
    Ok(match compression {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buffered),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(buffered)
                .map_err(|e| Error::io(display_name(path), e))?,
        )),
    })
}

/// Display name of a path for ids and messages.
fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// A streaming reader of documents over a list of files.
///
/// Iterating yields `Err` only for a JSONL file that cannot be opened at
/// all, or a directory that could not be listed (the caller reports it and
/// the iterator moves on to the next file; how many documents it held is
/// unknown). Everything else becomes a
/// [`Document`]: a text file that cannot be opened, or a file that breaks
/// while being read (a truncated `.gz` or `.zst`, a read error), yields a
/// document with [`Document::is_read_failure`] set at the place where
/// reading stopped.
pub struct DocumentReader {
    files: std::vec::IntoIter<PathBuf>,
    options: InputOptions,
    current: Option<Current>,
    progress: Option<Arc<AtomicU64>>,
}

struct Current {
    name: String,
    reader: Box<dyn BufRead + Send>,
    kind: Kind,
    line: u64,
    done: bool,
}

/// How the current file is read.
enum Kind {
    Text,
    Jsonl,
    Warc(RecordReader),
}

/// What reading one line gave.
pub(super) enum Line {
    /// End of the file.
    End,
    /// A line (without its ending) of at most [`MAX_LINE_BYTES`].
    Text(Vec<u8>),
    /// A line longer than [`MAX_LINE_BYTES`], skipped; its length in bytes.
    TooLong(u64),
}

/// Read one line, holding at most `max` bytes of it in memory; the rest of
/// a longer line is read and dropped.
pub(super) fn read_line_capped(reader: &mut dyn BufRead, max: usize) -> io::Result<Line> {
    let mut buf = Vec::new();
    let n = reader.take(max as u64 + 1).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(Line::End);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Line::Text(buf));
    }
    if buf.len() <= max {
        return Ok(Line::Text(buf));
    }
    let mut length = buf.len() as u64;
    drop(buf);
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(i) => {
                length += i as u64;
                reader.consume(i + 1);
                break;
            }
            None => {
                let n = available.len();
                length += n as u64;
                reader.consume(n);
            }
        }
    }
    Ok(Line::TooLong(length))
}

/// The 1-based line of byte offset `at` in `bytes`.
pub(crate) fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

impl DocumentReader {
    /// Read the given files (already expanded) in order.
    pub fn new(files: Vec<PathBuf>, options: InputOptions) -> DocumentReader {
        DocumentReader {
            files: files.into_iter(),
            options,
            current: None,
            progress: None,
        }
    }

    /// Add the bytes read from the input files (before decompression) to
    /// `counter` as they are read, and note the count in each document's
    /// [`Document::input_offset`], for a progress bar.
    pub fn with_progress(mut self, counter: Arc<AtomicU64>) -> DocumentReader {
        self.progress = Some(counter);
        self
    }

    /// Open the next file. `None` at the end of the list; `Some(Err)` for a
    /// JSONL file that cannot be opened; `Some(Ok(Some(doc)))` for a text
    /// file that cannot be opened.
    fn open_next(&mut self) -> Option<Result<Option<Document>>> {
        let path = self.files.next()?;
        let name = display_name(&path);
        let is_stdin = path.as_os_str() == "-";
        if !is_stdin && path.is_dir() {
            // Only a directory that could not be listed gets here.
            let why = match std::fs::read_dir(&path) {
                Err(e) => format!("cannot list directory: {e}"),
                Ok(_) => "is a directory".to_string(),
            };
            return Some(Err(Error::io(&path, io::Error::other(why))));
        }
        let mut reader = match open_counted(&path, self.progress.clone()) {
            Ok(r) => r,
            Err(e) => {
                let is_text = match self.options.format {
                    InputFormat::Text => true,
                    InputFormat::Jsonl | InputFormat::Warc => false,
                    InputFormat::Auto => !is_stdin && !is_jsonl_name(&path) && !is_warc_name(&path),
                };
                return Some(if is_text {
                    let problem = match &e {
                        Error::Io { source, .. } => format!("cannot read: {source}"),
                        // The record and its message name the file already.
                        Error::Format { message, .. } => message.clone(),
                        other => other.to_string(),
                    };
                    Ok(Some(Document::unreadable(name, problem, true)))
                } else {
                    Err(e)
                });
            }
        };
        let format = match self.options.format {
            InputFormat::Auto if is_jsonl_name(&path) => InputFormat::Jsonl,
            InputFormat::Auto if is_warc_name(&path) => InputFormat::Warc,
            // Any other name, and stdin: by the first bytes. A file's read
            // error shows when its text is read; stdin's stops it here.
            InputFormat::Auto => match reader.fill_buf() {
                Ok(head) if warc::is_version(head) => InputFormat::Warc,
                Ok(head) if is_stdin => {
                    let first = head
                        .strip_prefix(UTF8_BOM)
                        .unwrap_or(head)
                        .iter()
                        .find(|b| !b.is_ascii_whitespace());
                    if first == Some(&b'{') {
                        InputFormat::Jsonl
                    } else {
                        InputFormat::Text
                    }
                }
                Err(e) if is_stdin => return Some(Err(Error::io(&name, e))),
                _ => InputFormat::Text,
            },
            other => other,
        };
        let kind = match format {
            InputFormat::Jsonl => Kind::Jsonl,
            InputFormat::Warc => Kind::Warc(RecordReader::new()),
            InputFormat::Text | InputFormat::Auto => Kind::Text,
        };
        self.current = Some(Current {
            name,
            reader,
            kind,
            line: 0,
            done: false,
        });
        Some(Ok(None))
    }
}

/// The text of a file in UTF-16 that opens with its byte-order mark
/// (`FF FE` little-endian, `FE FF` big-endian; Windows' "Unicode" text
/// files), the mark left out, and how many code units were replaced with
/// U+FFFD (unpaired surrogates, an odd last byte). `None` for any other
/// file: neither mark can open UTF-8 text.
fn decode_utf16(bytes: &[u8]) -> Option<(String, usize)> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2);
    let odd = !units.remainder().is_empty();
    let units = units.map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut bad = 0;
    let mut text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if odd {
        text.push(char::REPLACEMENT_CHARACTER);
        bad += 1;
    }
    Some((text, bad))
}

/// A text file's contents as text.
#[derive(Debug)]
pub struct DecodedText {
    /// The text.
    pub text: String,
    /// What was replaced, if anything.
    pub warning: Option<String>,
    /// The line of the first invalid UTF-8 byte, if any.
    pub line: Option<usize>,
}

/// A text file's bytes as text, as every command reads one: UTF-16 that
/// opens with its mark decoded, anything else as UTF-8 with invalid bytes
/// replaced with U+FFFD (scored anyway, with a warning).
pub fn decode_text(bytes: Vec<u8>) -> DecodedText {
    if let Some((text, bad)) = decode_utf16(&bytes) {
        return DecodedText {
            text,
            warning: (bad > 0)
                .then(|| format!("{bad} invalid UTF-16 code units in the file, replaced")),
            line: None,
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => DecodedText {
            text,
            warning: None,
            line: None,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            DecodedText {
                line: Some(line_of(e.as_bytes(), at)),
                warning: Some(format!("invalid UTF-8 at byte {at} of the file, replaced")),
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            }
        }
    }
}

/// The UTF-8 byte-order mark some tools write at the start of a file.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Iterator for DocumentReader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut item = self.next_document()?;
        if let (Ok(doc), Some(counter)) = (&mut item, &self.progress) {
            doc.input_offset = counter.load(Ordering::Relaxed);
        }
        Some(item)
    }
}

impl DocumentReader {
    fn next_document(&mut self) -> Option<Result<Document>> {
        loop {
            if self.current.as_ref().is_none_or(|c| c.done) {
                self.current = None;
                match self.open_next()? {
                    Ok(None) => {}
                    Ok(Some(doc)) => return Some(Ok(doc)),
                    Err(e) => return Some(Err(e)),
                }
            }
            let cur = self.current.as_mut()?;
            if let Kind::Warc(records) = &mut cur.kind {
                match records.next(&mut cur.reader, MAX_TEXT_FILE_BYTES) {
                    Ok(Next::End) => {
                        cur.done = true;
                        continue;
                    }
                    Ok(Next::Record(r)) => {
                        let kind = r.header.get("WARC-Type").unwrap_or("");
                        if !warc::is_document(kind) {
                            continue;
                        }
                        return Some(Ok(warc_document(&cur.name, r, &self.options)));
                    }
                    Ok(Next::Malformed(line, why)) => {
                        return Some(Ok(Document::unreadable(
                            format!("{}:{line}", cur.name),
                            why,
                            false,
                        )));
                    }
                    Ok(Next::Truncated(line, why)) => {
                        cur.done = true;
                        return Some(Ok(Document::unreadable(
                            format!("{}:{line}", cur.name),
                            why,
                            true,
                        )));
                    }
                    Err(e) => {
                        // Whatever followed is lost, as in a JSONL file.
                        cur.done = true;
                        return Some(Ok(Document::unreadable(
                            format!("{}:{}", cur.name, records.lines_read() + 1),
                            format!("read failed, rest of file skipped: {e}"),
                            true,
                        )));
                    }
                }
            }
            if matches!(cur.kind, Kind::Jsonl) {
                match read_line_capped(&mut cur.reader, MAX_LINE_BYTES) {
                    Ok(Line::End) => {
                        cur.done = true;
                        continue;
                    }
                    Ok(Line::Text(mut buf)) => {
                        cur.line += 1;
                        // Windows tools open a UTF-8 file with a byte-order
                        // mark, which is no part of the first JSON object.
                        if cur.line == 1 && buf.starts_with(UTF8_BOM) {
                            buf.drain(..UTF8_BOM.len());
                        }
                        if buf.iter().all(|b| b.is_ascii_whitespace()) {
                            continue;
                        }
                        return Some(Ok(parse_jsonl_line(
                            buf,
                            &cur.name,
                            cur.line,
                            &self.options,
                        )));
                    }
                    Ok(Line::TooLong(bytes)) => {
                        cur.line += 1;
                        return Some(Ok(Document::unreadable(
                            format!("{}:{}", cur.name, cur.line),
                            format!(
                                "line is {bytes} bytes, longer than the {} MiB limit; skipped",
                                MAX_LINE_BYTES >> 20
                            ),
                            false,
                        )));
                    }
                    Err(e) => {
                        // Whatever followed is lost: one document stands
                        // for it, at the line where reading stopped.
                        cur.done = true;
                        return Some(Ok(Document::unreadable(
                            format!("{}:{}", cur.name, cur.line + 1),
                            format!("read failed, rest of file skipped: {e}"),
                            true,
                        )));
                    }
                }
            } else {
                cur.done = true;
                let mut bytes = Vec::new();
                let limit = MAX_TEXT_FILE_BYTES as u64;
                if let Err(e) = (&mut cur.reader).take(limit).read_to_end(&mut bytes) {
                    return Some(Ok(Document::unreadable(
                        cur.name.clone(),
                        format!("read failed: {e}"),
                        true,
                    )));
                }
                let mut warnings = Vec::new();
                if bytes.len() as u64 == limit {
                    match cur.reader.fill_buf() {
                        Ok(rest) if !rest.is_empty() => warnings.push(too_long()),
                        Ok(_) => {}
                        Err(e) => warnings.push(format!("read failed after {limit} bytes: {e}")),
                    }
                }
                let decoded = decode_text(bytes);
                if let Some(w) = decoded.warning {
                    warnings.insert(0, w);
                }
                let text = decoded.text;
                let location = match decoded.line {
                    Some(line) => format!("{}:{line}", cur.name),
                    None => cur.name.clone(),
                };
                return Some(Ok(Document {
                    id: cur.name.clone(),
                    text,
                    raw: None,
                    object: None,
                    location,
                    problem: None,
                    warning: (!warnings.is_empty()).then(|| warnings.join("; ")),
                    is_read_failure: false,
                    input_offset: 0,
                }));
            }
        }
    }
}

/// `bytes` as text, invalid UTF-8 replaced with U+FFFD, and the byte
/// where the first invalid sequence starts, if any.
fn utf8_lossy(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(e) => (String::from_utf8_lossy(bytes), Some(e.valid_up_to())),
    }
}

/// The warning for a file or record of which only [`MAX_TEXT_FILE_BYTES`]
/// were read.
fn too_long() -> String {
    let mib = MAX_TEXT_FILE_BYTES >> 20;
    format!("longer than {mib} MiB; only the first {mib} MiB read")
}

/// The document of a WARC record that holds a page. Its id is the
/// `WARC-Record-ID` (without its angle brackets), or, when `--id-field` is
/// not the default `id`, the header field it names (`WARC-Target-URI`);
/// else `FILE:LINE`, where the record starts.
fn warc_document(file: &str, r: warc::Record, options: &InputOptions) -> Document {
    let location = format!("{file}:{}", r.line);
    let id_header = if options.id_field == "id" {
        "WARC-Record-ID"
    } else {
        options.id_field.as_str()
    };
    let id = r
        .header
        .get(id_header)
        .map(|v| v.trim_start_matches('<').trim_end_matches('>').to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| location.clone());
    let mut warnings = Vec::new();
    let (text, problem) = match warc::payload(&r.header, &r.content, MAX_TEXT_FILE_BYTES) {
        Ok(bytes) => {
            let (text, bad) = utf8_lossy(&bytes);
            if let Some(at) = bad {
                warnings.push(format!(
                    "invalid UTF-8 at byte {at} of the record, replaced"
                ));
            }
            (text.into_owned(), None)
        }
        Err(why) => (String::new(), Some(why)),
    };
    if r.dropped > 0 {
        warnings.push(format!("record {}", too_long()));
    }
    Document {
        id,
        text,
        raw: None,
        object: None,
        location,
        problem,
        warning: (!warnings.is_empty()).then(|| warnings.join("; ")),
        is_read_failure: false,
        input_offset: 0,
    }
}

/// Parse one JSONL line into a document; never fails (problems go into
/// [`Document::problem`]).
pub fn parse_jsonl_line(raw: Vec<u8>, file: &str, line: u64, options: &InputOptions) -> Document {
    let location = format!("{file}:{line}");
    let mut doc = Document {
        id: location.clone(),
        text: String::new(),
        raw: None,
        object: None,
        location,
        problem: None,
        warning: None,
        is_read_failure: false,
        input_offset: 0,
    };
    let (line, bad) = utf8_lossy(&raw);
    if let Some(at) = bad {
        doc.warning = Some(format!("invalid UTF-8 at byte {at} of the line, replaced"));
    }
    // Python's `json.dumps` writes a string holding a lone surrogate (text
    // decoded with `surrogateescape`, or cut inside a pair) as a `\udXXX`
    // escape, which strict JSON parsers refuse: such a line is read again
    // with those escapes replaced by U+FFFD, and the record says so.
    let parsed: std::result::Result<serde_json::Value, _> = match serde_json::from_str(&line) {
        Err(e) if e.is_syntax() => match replace_lone_surrogates(&line)
            .and_then(|(fixed, n)| Some((serde_json::from_str(&fixed).ok()?, n)))
        {
            Some((value, n)) => {
                let note = format!("{n} lone surrogate escape(s) replaced by U+FFFD");
                doc.warning = Some(match doc.warning.take() {
                    Some(w) => format!("{w}; {note}"),
                    None => note,
                });
                Ok(value)
            }
            None => Err(e),
        },
        other => other,
    };
    doc.raw = Some(raw);
    let object = match parsed {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(other) => {
            doc.problem = Some(format!(
                "expected a JSON object, found {}",
                json_kind(&other)
            ));
            return doc;
        }
        Err(e) => {
            doc.problem = Some(format!("invalid JSON: {e}"));
            return doc;
        }
    };
    match field(&object, &options.id_field) {
        Some(serde_json::Value::String(s)) => doc.id = s.clone(),
        Some(serde_json::Value::Number(n)) => doc.id = n.to_string(),
        _ => {}
    }
    match field(&object, &options.text_field) {
        Some(serde_json::Value::String(s)) => doc.text = s.clone(),
        None => {
            doc.problem = Some(format!("no \"{}\" field", options.text_field));
        }
        Some(serde_json::Value::Null) => {
            doc.problem = Some(format!("field \"{}\" is null", options.text_field));
        }
        Some(other) => {
            doc.problem = Some(format!(
                "field \"{}\" is {}, not a string",
                options.text_field,
                json_kind(other)
            ));
        }
    }
    doc.object = Some(object);
    doc
}

/// `line` with each `\uXXXX` escape of a UTF-16 surrogate that is not
/// half of a well-formed pair replaced by `\ufffd`, and how many were;
/// `None` when there is none. A backslash only ever starts an escape in
/// valid JSON, so the line is scanned escape by escape without tracking
/// strings; an escape that is not `\u` with four hex digits is left for
/// the parser to report.
fn replace_lone_surrogates(line: &str) -> Option<(String, usize)> {
    fn hex4(b: &[u8]) -> Option<u16> {
        let digits = std::str::from_utf8(b.get(..4)?).ok()?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(digits, 16).ok()
    }
    let unit_at = |b: &[u8], i: usize| -> Option<u16> {
        if b.get(i..i + 2)? == b"\\u" {
            hex4(&b[i + 2..])
        } else {
            None
        }
    };
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let (mut copied, mut i, mut replaced) = (0, 0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = unit_at(b, i) else {
            i += 2; // some other escape (or a broken one): skip it whole
            continue;
        };
        let is_high = (0xD800..0xDC00).contains(&unit);
        let is_low = (0xDC00..0xE000).contains(&unit);
        if is_high && unit_at(b, i + 6).is_some_and(|u| (0xDC00..0xE000).contains(&u)) {
            i += 12; // a well-formed pair
        } else if is_high || is_low {
            out.push_str(&line[copied..i]);
            out.push_str("\\ufffd");
            i += 6;
            copied = i;
            replaced += 1;
        } else {
            i += 6;
        }
    }
    if replaced == 0 {
        return None;
    }
    out.push_str(&line[copied..]);
    Some((out, replaced))
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> InputOptions {
        InputOptions::default()
    }

    #[test]
    fn utf16_with_its_mark_is_decoded() {
        let text = "Caf\u{e9} \u{1F600} ok";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_utf16(&le), Some((text.to_string(), 0)));
        assert_eq!(decode_utf16(&be), Some((text.to_string(), 0)));
        // An unpaired surrogate and an odd last byte are replaced, counted.
        let bad = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x42];
        assert_eq!(
            decode_utf16(&bad),
            Some(("\u{FFFD}A\u{FFFD}".to_string(), 2))
        );
        // UTF-8, with or without its own mark, is not UTF-16.
        assert_eq!(decode_utf16(b"plain"), None);
        assert_eq!(decode_utf16(b"\xEF\xBB\xBFplain"), None);
    }

    #[test]
    fn jsonl_line_variants() {
        let d = parse_jsonl_line(br#"{"id":"a","text":"Hello"}"#.to_vec(), "f", 3, &opts());
        assert_eq!((d.id.as_str(), d.text.as_str()), ("a", "Hello"));
        assert!(d.problem.is_none());
        let d = parse_jsonl_line(br#"{"id":7,"text":"x"}"#.to_vec(), "f", 3, &opts());
        assert_eq!(d.id, "7");
        let d = parse_jsonl_line(br#"{"text":"x"}"#.to_vec(), "f", 3, &opts());
        assert_eq!(d.id, "f:3");
        let d = parse_jsonl_line(br#"{"text":5}"#.to_vec(), "f", 4, &opts());
        assert_eq!(
            d.problem.as_deref(),
            Some("field \"text\" is a number, not a string")
        );
        let d = parse_jsonl_line(b"{not json".to_vec(), "f", 5, &opts());
        assert!(d.problem.unwrap().starts_with("invalid JSON"));
        let d = parse_jsonl_line(b"[1]".to_vec(), "f", 6, &opts());
        assert_eq!(
            d.problem.as_deref(),
            Some("expected a JSON object, found an array")
        );
        let d = parse_jsonl_line(br#"{"id":"q"}"#.to_vec(), "f", 7, &opts());
        assert_eq!(d.problem.as_deref(), Some("no \"text\" field"));
        let d = parse_jsonl_line(br#"{"text":null}"#.to_vec(), "f", 8, &opts());
        assert_eq!(d.problem.as_deref(), Some("field \"text\" is null"));
    }

    #[test]
    fn fields_by_key_or_pointer() {
        let line =
            br#"{"id":"top","text":"flat","meta":{"id":9,"a/b":{"t":"deep"}},"pages":["one"]}"#;
        let read = |text: &str, id: &str| {
            let options = InputOptions {
                text_field: text.to_string(),
                id_field: id.to_string(),
                ..opts()
            };
            let d = parse_jsonl_line(line.to_vec(), "f", 1, &options);
            (d.id, d.text, d.problem)
        };
        assert_eq!(read("text", "id"), ("top".into(), "flat".into(), None));
        assert_eq!(
            read("/meta/a~1b/t", "/meta/id"),
            ("9".into(), "deep".into(), None)
        );
        assert_eq!(read("/pages/0", "/id"), ("top".into(), "one".into(), None));
        // A key that merely holds a slash is a pointer only from the start.
        assert_eq!(read("/text", "id").1, "flat");
        assert_eq!(
            read("/meta/none", "id").2.as_deref(),
            Some("no \"/meta/none\" field")
        );
        assert_eq!(
            read("/meta", "id").2.as_deref(),
            Some("field \"/meta\" is an object, not a string")
        );
        let mut object = serde_json::from_slice::<serde_json::Map<_, _>>(line).unwrap();
        *field_mut(&mut object, "/meta/a~1b/t").unwrap() = "new".into();
        assert_eq!(field(&object, "/meta/a~1b/t").unwrap(), "new");
    }

    #[test]
    fn lone_surrogates_are_replaced() {
        // A high surrogate without its low half, a low one alone, and a
        // well-formed pair (U+1F600) that must stay.
        let line = br#"{"text":"a\ud800b \udc01 c \ud83d\ude00 \\ud800"}"#;
        let d = parse_jsonl_line(line.to_vec(), "f", 1, &opts());
        assert!(d.problem.is_none(), "{:?}", d.problem);
        assert_eq!(d.text, "a\u{fffd}b \u{fffd} c \u{1f600} \\ud800");
        assert_eq!(
            d.warning.as_deref(),
            Some("2 lone surrogate escape(s) replaced by U+FFFD")
        );
        // A line broken otherwise is still an error, and a clean line has
        // nothing to replace.
        let d = parse_jsonl_line(br#"{"text":"\ud800" oops}"#.to_vec(), "f", 2, &opts());
        assert!(d.problem.unwrap().starts_with("invalid JSON"));
        assert_eq!(replace_lone_surrogates(r#"{"text":"\u00e9\n"}"#), None);
        // A surrogate escape cut off at the end of the line.
        assert_eq!(
            replace_lone_surrogates(r#""\ud83d\ude"#),
            Some((r#""\ufffd\ude"#.to_string(), 1))
        );
    }

    #[test]
    fn capped_lines() {
        let mut r = io::Cursor::new(b"abc\r\nlonger line here\nxy".to_vec());
        let mut lines = Vec::new();
        loop {
            match read_line_capped(&mut r, 8).unwrap() {
                Line::End => break,
                Line::Text(t) => lines.push(String::from_utf8(t).unwrap()),
                Line::TooLong(n) => lines.push(format!("too long: {n}")),
            }
        }
        assert_eq!(lines, ["abc", "too long: 16", "xy"]);
        // A line of exactly the limit is kept.
        let mut r = io::Cursor::new(b"12345678\n".to_vec());
        assert!(matches!(read_line_capped(&mut r, 8).unwrap(), Line::Text(t) if t == b"12345678"));
    }

    #[test]
    fn line_of_byte() {
        assert_eq!(line_of(b"ab\ncd\ne", 0), 1);
        assert_eq!(line_of(b"ab\ncd\ne", 3), 2);
        assert_eq!(line_of(b"ab\ncd\ne", 6), 3);
        assert_eq!(line_of(b"ab", 99), 1);
    }

    #[test]
    fn names_and_magic() {
        assert!(is_jsonl_name(Path::new("a/b.jsonl.zst")));
        assert!(is_jsonl_name(Path::new("b.json.gz")));
        assert!(!is_jsonl_name(Path::new("b.txt.gz")));
        assert_eq!(compression_by_magic(&[0x1f, 0x8b, 8]), Compression::Gzip);
        assert_eq!(compression_by_magic(b"{\"a\""), Compression::None);
    }
}
