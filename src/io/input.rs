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

use crate::error::{Error, Result};

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Decide by file extension (`.jsonl`, `.json`, `.ndjson`, also under
    /// `.gz`/`.zst`, are JSONL; anything else is text). Standard input is
    /// JSONL when its first non-blank byte is `{`.
    Auto,
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// The format, or [`InputFormat::Auto`].
    pub format: InputFormat,
    /// Field holding the document text in JSONL.
    pub text_field: String,
    /// Field holding the document id in JSONL.
    pub id_field: String,
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
    /// Something odd that did not stop scoring (invalid UTF-8 replaced).
    pub warning: Option<String>,
}

/// Expand paths into the list of files to read: files as given,
/// directories recursively in sorted order, `-` for standard input. A path
/// that does not exist is kept: opening it fails later, is reported, and
/// the run goes on with the next file.
///
/// # Errors
/// A directory that cannot be listed.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() != "-" && p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
        .collect::<Result<_>>()?;
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
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

/// Whether `path` names JSONL by its extension (under any compression
/// extension).
pub fn is_jsonl_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .or_else(|| name.strip_suffix(".zstd"))
        .unwrap_or(name);
    name.ends_with(".jsonl") || name.ends_with(".json") || name.ends_with(".ndjson")
}

/// Open `path` (or `-` for standard input), decompressing by extension or
/// by magic bytes.
///
/// # Errors
/// The file cannot be opened, or its compressed header is broken.
pub fn open_decompressed(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(|e| Error::io(path, e))?)
    };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let compression = match compression_by_name(path) {
        Some(c) => c,
        None => compression_by_magic(buffered.fill_buf().map_err(|e| Error::io(path, e))?),
    };
    Ok(match compression {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buffered),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(buffered).map_err(|e| Error::io(path, e))?,
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
/// Iterating yields `Err` only for a file that cannot be opened or read at
/// all (the caller reports it and the iterator moves on to the next file);
/// everything inside a readable file becomes a [`Document`].
pub struct DocumentReader {
    files: std::vec::IntoIter<PathBuf>,
    options: InputOptions,
    current: Option<Current>,
}

struct Current {
    name: String,
    reader: Box<dyn BufRead + Send>,
    is_jsonl: bool,
    line: u64,
    done: bool,
}

impl DocumentReader {
    /// Read the given files (already expanded) in order.
    pub fn new(files: Vec<PathBuf>, options: InputOptions) -> DocumentReader {
        DocumentReader {
            files: files.into_iter(),
            options,
            current: None,
        }
    }

    fn open_next(&mut self) -> Option<Result<()>> {
        let path = self.files.next()?;
        let name = display_name(&path);
        let mut reader = match open_decompressed(&path) {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        let is_jsonl = match self.options.format {
            InputFormat::Text => false,
            InputFormat::Jsonl => true,
            InputFormat::Auto if path.as_os_str() == "-" => match reader.fill_buf() {
                Ok(head) => head
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|&b| b == b'{'),
                Err(e) => return Some(Err(Error::io(&path, e))),
            },
            InputFormat::Auto => is_jsonl_name(&path),
        };
        self.current = Some(Current {
            name,
            reader,
            is_jsonl,
            line: 0,
            done: false,
        });
        Some(Ok(()))
    }
}

impl Iterator for DocumentReader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.current.as_ref().is_none_or(|c| c.done) {
                self.current = None;
                match self.open_next()? {
                    Ok(()) => {}
                    Err(e) => return Some(Err(e)),
                }
            }
            let cur = self.current.as_mut()?;
            if cur.is_jsonl {
                let mut buf = Vec::new();
                match cur.reader.read_until(b'\n', &mut buf) {
                    Ok(0) => {
                        cur.done = true;
                        continue;
                    }
                    Ok(_) => {
                        cur.line += 1;
                        if buf.last() == Some(&b'\n') {
                            buf.pop();
                            if buf.last() == Some(&b'\r') {
                                buf.pop();
                            }
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
                    Err(e) => {
                        cur.done = true;
                        let message = format!("{}:{}: read failed: {}", cur.name, cur.line + 1, e);
                        return Some(Err(Error::format(&cur.name, message)));
                    }
                }
            } else {
                cur.done = true;
                let mut bytes = Vec::new();
                if let Err(e) = cur.reader.read_to_end(&mut bytes) {
                    return Some(Err(Error::format(&cur.name, format!("read failed: {e}"))));
                }
                let (text, warning) = match String::from_utf8(bytes) {
                    Ok(t) => (t, None),
                    Err(e) => {
                        // Scored anyway, with the bad bytes replaced; the
                        // caller warns.
                        let at = e.utf8_error().valid_up_to();
                        let t = String::from_utf8_lossy(e.as_bytes()).into_owned();
                        (t, Some(format!("invalid UTF-8 at byte {at}, replaced")))
                    }
                };
                return Some(Ok(Document {
                    id: cur.name.clone(),
                    text,
                    raw: None,
                    object: None,
                    location: cur.name.clone(),
                    problem: None,
                    warning,
                }));
            }
        }
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
    };
    let parsed: std::result::Result<serde_json::Value, _> = match std::str::from_utf8(&raw) {
        Ok(s) => serde_json::from_str(s),
        Err(e) => {
            doc.warning = Some(format!(
                "invalid UTF-8 at byte {}, replaced",
                e.valid_up_to()
            ));
            serde_json::from_str(&String::from_utf8_lossy(&raw))
        }
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
    match object.get(&options.id_field) {
        Some(serde_json::Value::String(s)) => doc.id = s.clone(),
        Some(serde_json::Value::Number(n)) => doc.id = n.to_string(),
        _ => {}
    }
    match object.get(&options.text_field) {
        Some(serde_json::Value::String(s)) => doc.text = s.clone(),
        Some(serde_json::Value::Null) | None => {
            doc.problem = Some(format!("no \"{}\" field", options.text_field));
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
