//! WARC files (ISO 28500, `WARC/1.0` and `WARC/1.1`), as web archives and
//! Common Crawl ship crawls: its `.warc.wet.gz` files hold the text of
//! each page as a `conversion` record.
//!
//! A record is a version line, header lines (`Name: value`) up to a blank
//! line, then `Content-Length` bytes of content and two line breaks. The
//! records that hold a page are documents: `conversion` (extracted text),
//! `resource`, and `response` (an HTTP response: its status line and
//! headers are left out, a chunked or gzip or deflate coding undone; a
//! payload in another coding, such as brotli, is not read).
//! `warcinfo`, `request`, `metadata`, `revisit` and `continuation` records
//! describe the crawl and are passed over.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use super::input::{read_line_capped, Line};
use crate::text::web::find;

/// A record's header, as read.
#[derive(Debug, Default)]
pub(crate) struct Header {
    /// `Name: value` lines, in order (continuation lines folded in).
    fields: Vec<(String, String)>,
}

impl Header {
    /// The value of the first field named `name` (any case).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One record: its header, its content (at most `max` bytes of it), and
/// the line of the input its version line is on (1-based).
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) line: u64,
    pub(crate) header: Header,
    pub(crate) content: Vec<u8>,
    /// Bytes of content past the cap, read and dropped.
    pub(crate) dropped: u64,
}

/// What reading the next record gave.
#[derive(Debug)]
pub(crate) enum Next {
    /// The end of the input.
    End,
    /// A record.
    Record(Record),
    /// A record whose header could not be read, at this line: why. The
    /// reader has moved on to the next version line.
    Malformed(u64, String),
    /// The input ended inside the record starting at this line.
    Truncated(u64, String),
}

/// Most bytes of a header read; a longer one is malformed.
const MAX_HEADER_BYTES: usize = 1 << 16;

/// Reads records from a stream, counting lines for messages.
pub(crate) struct RecordReader {
    /// Lines read so far.
    line: u64,
    /// A version line found while skipping a malformed record, and its line.
    pending: Option<(u64, Vec<u8>)>,
}

/// Whether `line` (or the head of an input) opens a WARC record.
pub(crate) fn is_version(line: &[u8]) -> bool {
    line.starts_with(b"WARC/1.")
}

impl RecordReader {
    pub(crate) fn new() -> RecordReader {
        RecordReader {
            line: 0,
            pending: None,
        }
    }

    /// Lines read so far.
    pub(crate) fn lines_read(&self) -> u64 {
        self.line
    }

    /// One line, without its line break ([`read_line_capped`], at most
    /// [`MAX_HEADER_BYTES`] of it), counted.
    fn read_line(&mut self, reader: &mut dyn BufRead) -> io::Result<Line> {
        let line = read_line_capped(reader, MAX_HEADER_BYTES)?;
        if !matches!(line, Line::End) {
            self.line += 1;
        }
        Ok(line)
    }

    /// Skip to the next version line, keeping it for [`Self::next`].
    fn resync(&mut self, reader: &mut dyn BufRead) -> io::Result<()> {
        loop {
            match self.read_line(reader)? {
                Line::End => return Ok(()),
                Line::Text(line) if is_version(&line) => {
                    self.pending = Some((self.line, line));
                    return Ok(());
                }
                Line::Text(_) | Line::TooLong(_) => {}
            }
        }
    }

    /// The next record, keeping at most `max` bytes of its content.
    pub(crate) fn next(&mut self, reader: &mut dyn BufRead, max: usize) -> io::Result<Next> {
        // The version line, after any blank lines.
        let (start, version) = match self.pending.take() {
            Some(p) => p,
            None => loop {
                match self.read_line(reader)? {
                    Line::End => return Ok(Next::End),
                    Line::Text(l) if l.iter().all(u8::is_ascii_whitespace) => continue,
                    Line::Text(l) => break (self.line, l),
                    Line::TooLong(n) => {
                        let at = self.line;
                        self.resync(reader)?;
                        return Ok(Next::Malformed(
                            at,
                            format!("expected a WARC record (WARC/1.0), found a line of {n} bytes"),
                        ));
                    }
                }
            },
        };
        if !is_version(&version) {
            let shown = String::from_utf8_lossy(&version[..version.len().min(40)]).into_owned();
            self.resync(reader)?;
            return Ok(Next::Malformed(
                start,
                format!("expected a WARC record (WARC/1.0), found {shown:?}"),
            ));
        }
        let mut header = Header::default();
        let mut size = 0usize;
        loop {
            let l = match self.read_line(reader)? {
                Line::End => {
                    return Ok(Next::Truncated(
                        start,
                        "the input ends in a WARC header".into(),
                    ))
                }
                Line::Text(l) if l.is_empty() => break,
                Line::Text(l) if size + l.len() <= MAX_HEADER_BYTES => l,
                Line::Text(_) | Line::TooLong(_) => {
                    self.resync(reader)?;
                    return Ok(Next::Malformed(start, "WARC header over 64 kB".into()));
                }
            };
            size += l.len();
            let text = String::from_utf8_lossy(&l);
            if l[0] == b' ' || l[0] == b'\t' {
                if let Some((_, v)) = header.fields.last_mut() {
                    v.push(' ');
                    v.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((name, value)) => header
                    .fields
                    .push((name.trim().to_string(), value.trim().to_string())),
                None => {
                    self.resync(reader)?;
                    return Ok(Next::Malformed(
                        start,
                        format!("WARC header line without a colon: {:?}", truncate(&text)),
                    ));
                }
            }
        }
        let length = match header.get("Content-Length") {
            Some(v) => v
                .parse::<u64>()
                .map_err(|_| format!("WARC Content-Length is not a number: {:?}", truncate(v))),
            None => Err("WARC record without a Content-Length".to_string()),
        };
        let length = match length {
            Ok(n) => n,
            Err(why) => {
                self.resync(reader)?;
                return Ok(Next::Malformed(start, why));
            }
        };
        let kept = length.min(max as u64);
        let mut content = Vec::with_capacity(kept as usize);
        reader.take(kept).read_to_end(&mut content)?;
        let mut got = content.len() as u64;
        self.line += content.iter().filter(|&&b| b == b'\n').count() as u64;
        let mut dropped = 0u64;
        if got == kept && length > kept {
            // Read and count the rest, a chunk at a time.
            let mut rest = reader.take(length - kept);
            let mut chunk = vec![0u8; 1 << 16];
            loop {
                let n = rest.read(&mut chunk)?;
                if n == 0 {
                    break;
                }
                self.line += chunk[..n].iter().filter(|&&b| b == b'\n').count() as u64;
                dropped += n as u64;
            }
            got += dropped;
        }
        if got < length {
            return Ok(Next::Truncated(
                start,
                format!(
                    "the input ends {} bytes into a WARC record of {length}",
                    got
                ),
            ));
        }
        Ok(Next::Record(Record {
            line: start,
            header,
            content,
            dropped,
        }))
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Whether a record of type `kind` holds a page, a document to score.
pub(crate) fn is_document(kind: &str) -> bool {
    ["conversion", "resource", "response"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(kind))
}

/// The page in a record's content, at most `max` bytes of it: for an HTTP
/// response (`Content-Type: application/http`), the payload after the
/// status line and headers, its chunked transfer coding undone and a gzip
/// or deflate content coding decompressed, or why it is not read (another
/// coding, or a broken one); else the content as it is.
pub(crate) fn payload<'a>(
    header: &Header,
    content: &'a [u8],
    max: usize,
) -> Result<Cow<'a, [u8]>, String> {
    let is_http = header
        .get("Content-Type")
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/http"));
    if !is_http {
        return Ok(Cow::Borrowed(content));
    }
    let (head, body) = match find(content, 0, b"\r\n\r\n") {
        Some(i) => (&content[..i], &content[i + 4..]),
        None => match find(content, 0, b"\n\n") {
            Some(i) => (&content[..i], &content[i + 2..]),
            None => (content, &content[content.len()..]),
        },
    };
    let head = String::from_utf8_lossy(head);
    let (mut chunked, mut coding) = (false, String::new());
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim().to_ascii_lowercase());
        if name.eq_ignore_ascii_case("Content-Encoding") {
            coding = value;
        } else if name.eq_ignore_ascii_case("Transfer-Encoding") {
            chunked |= value.contains("chunked");
        }
    }
    let body = if chunked {
        Cow::Owned(dechunk(body).ok_or("HTTP payload's chunked coding is broken")?)
    } else {
        Cow::Borrowed(body)
    };
    let mut out = Vec::new();
    let read = match coding.as_str() {
        "" | "identity" => return Ok(body),
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(&body[..])
            .take(max as u64)
            .read_to_end(&mut out),
        "deflate" => flate2::read::ZlibDecoder::new(&body[..])
            .take(max as u64)
            .read_to_end(&mut out),
        other => return Err(format!("HTTP payload is {other}-encoded; not read")),
    };
    read.map_err(|e| format!("HTTP payload's {coding} coding is broken: {e}"))?;
    Ok(Cow::Owned(out))
}

/// A chunked HTTP body (a hex size line, that many bytes, a line break;
/// until a size of 0) joined; `None` when a size is not hex or overruns
/// the body.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = find(body, 0, b"\n")?;
        let line = std::str::from_utf8(&body[..eol]).ok()?;
        let size = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        body = &body[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = &body[size..];
        body = body
            .strip_prefix(b"\r\n")
            .or(body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, extra: &str, content: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\n{extra}Content-Length: {}\r\n\r\n{content}\r\n\r\n",
            content.len()
        )
    }

    fn all(input: &str, max: usize) -> Vec<Next> {
        let mut reader = io::BufReader::new(input.as_bytes());
        let mut r = RecordReader::new();
        let mut out = Vec::new();
        loop {
            match r.next(&mut reader, max).unwrap() {
                Next::End => return out,
                n => out.push(n),
            }
        }
    }

    #[test]
    fn records_and_their_lines() {
        let input = [
            record("warcinfo", "", "software: x\r\n"),
            record(
                "conversion",
                "WARC-Record-ID: <urn:uuid:1>\r\n",
                "Line one\nLine two",
            ),
            record(
                "conversion",
                "WARC-Target-URI: http://a.example/\r\n",
                "Third",
            ),
        ]
        .concat();
        let got = all(&input, 1 << 20);
        assert_eq!(got.len(), 3);
        let Next::Record(r) = &got[1] else {
            panic!("{got:?}")
        };
        assert_eq!(r.header.get("warc-type"), Some("conversion"));
        assert_eq!(r.header.get("WARC-Record-ID"), Some("<urn:uuid:1>"));
        assert_eq!(r.content, b"Line one\nLine two");
        // warcinfo: 4 header lines + blank + 1 content line + 2 breaks.
        assert_eq!(r.line, 8);
        let Next::Record(r) = &got[2] else {
            panic!("{got:?}")
        };
        // 5 header lines + blank, content over two lines, 1 more break.
        assert_eq!(r.line, 16);
        assert_eq!(r.content, b"Third");
    }

    #[test]
    fn a_broken_record_is_reported_and_reading_goes_on() {
        let input = [
            "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: lots\r\n\r\ntext\r\n\r\n"
                .to_string(),
            record("conversion", "", "After"),
            "garbage line\r\n".to_string(),
            record("conversion", "", "Last"),
        ]
        .concat();
        let got = all(&input, 1 << 20);
        assert!(
            matches!(&got[0], Next::Malformed(1, why) if why.contains("not a number")),
            "{got:?}"
        );
        assert!(matches!(&got[1], Next::Record(r) if r.content == b"After"));
        assert!(
            matches!(&got[2], Next::Malformed(_, why) if why.contains("expected a WARC record"))
        );
        assert!(matches!(&got[3], Next::Record(r) if r.content == b"Last"));
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn an_overlong_line_is_reported_at_its_line() {
        let long = "x".repeat(MAX_HEADER_BYTES + 10);
        let input = format!("\r\n{long}\r\n{}", record("conversion", "", "Kept"));
        let got = all(&input, 1 << 20);
        assert!(
            matches!(&got[0], Next::Malformed(2, why) if why.contains("line of")),
            "{got:?}"
        );
        assert!(matches!(&got[1], Next::Record(r) if r.content == b"Kept" && r.line == 3));
    }

    #[test]
    fn truncated_and_capped_content() {
        let whole = record("conversion", "", "0123456789");
        let cut = &whole[..whole.len() - 8];
        let got = all(cut, 1 << 20);
        assert!(
            matches!(&got[0], Next::Truncated(1, why) if why.contains("of 10")),
            "{got:?}"
        );
        let got = all(&whole, 4);
        assert!(matches!(&got[0], Next::Record(r) if r.content == b"0123" && r.dropped == 6));
        let got = all("WARC/1.0\r\nWARC-Type: x\r\n", 1 << 20);
        assert!(matches!(&got[0], Next::Truncated(1, _)));
    }

    #[test]
    fn http_payloads() {
        let mut h = Header::default();
        h.fields.push((
            "Content-Type".into(),
            "application/http; msgtype=response".into(),
        ));
        let read = |content: &[u8]| payload(&h, content, 1 << 20).map(|c| c.into_owned());
        let plain = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>";
        assert_eq!(read(plain), Ok(b"<p>Hi</p>".to_vec()));
        // Gzipped and chunked, as a server sent it.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<p>Zipped page</p>").unwrap();
        let gz = gz.finish().unwrap();
        let mut chunked = b"5\r\n".to_vec();
        chunked.extend_from_slice(&gz[..5]);
        chunked.extend_from_slice(format!("\r\n{:x};ext=1\r\n", gz.len() - 5).as_bytes());
        chunked.extend_from_slice(&gz[5..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut response = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\
            Transfer-Encoding: chunked\r\n\r\n"
            .to_vec();
        response.extend_from_slice(&chunked);
        assert_eq!(read(&response), Ok(b"<p>Zipped page</p>".to_vec()));
        // Capped, whatever the payload would inflate to.
        let capped = payload(&h, &response, 4).unwrap();
        assert_eq!(&capped[..], b"<p>Z");
        let broken = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08";
        assert!(read(broken).unwrap_err().contains("gzip coding is broken"));
        let br = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx";
        assert_eq!(read(br), Err("HTTP payload is br-encoded; not read".into()));
        let bad_chunks = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nx";
        assert!(read(bad_chunks).is_err());
        let text = Header::default();
        assert_eq!(&payload(&text, b"as is", 10).unwrap()[..], b"as is");
        assert!(is_document("Conversion") && !is_document("warcinfo"));
    }
}
