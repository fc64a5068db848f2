//! Property tests through the library API: whatever the bytes, reading and
//! scoring never panics, yields exactly one record per document, and every
//! score is in [0, 1] with evidence that slices the text.

use std::sync::OnceLock;

use proptest::prelude::*;
use unspun::io::input::{DocumentReader, InputFormat, InputOptions};
use unspun::{Detector, Label, Report};

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new().expect("built-in detector"))
}

fn pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
    })
}

fn check_report(text: &str, report: &Report) {
    match report.score {
        Some(s) => {
            assert!((0.0..=1.0).contains(&s), "score {s}");
            assert!(matches!(report.label, Label::Spun | Label::Clean));
            // What is scored is scored as English.
            assert!(
                matches!(report.lang.as_deref(), None | Some("eng")),
                "{report:?}"
            );
        }
        None => assert!(!matches!(report.label, Label::Spun | Label::Clean)),
    }
    let chars: Vec<char> = text.chars().collect();
    for e in &report.evidence {
        assert!(e.start < e.end && e.end <= chars.len(), "{e:?}");
        assert_eq!(chars[e.start..e.end].iter().collect::<String>(), e.text);
        assert!(e.weight > 0.0 && e.weight <= 1.0, "{e:?}");
    }
}

/// Read and score `bytes` as a file of `format`; the ids of the records, in
/// order, after checking each report.
fn run(bytes: &[u8], name: &str, format: InputFormat) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let options = InputOptions {
        format,
        ..InputOptions::default()
    };
    let reader = DocumentReader::new(vec![path], options);
    let mut ids = Vec::new();
    let counts = unspun::pipeline::run(
        reader,
        detector(),
        Some(pool()),
        |e| panic!("the file is readable: {e}"),
        |_| {},
        |doc, report| {
            if doc.problem.is_some() {
                assert_eq!(report.label, Label::Error);
            } else {
                check_report(&doc.text, report);
            }
            ids.push(doc.id.clone());
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(counts.documents as usize, ids.len());
    ids
}

/// Documents in a JSONL file: its lines that hold something other than
/// ASCII white space.
fn jsonl_documents(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count()
}

/// A line: a JSON object with arbitrary text, or arbitrary bytes.
fn jsonl_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        ".{0,300}".prop_map(|t| serde_json::json!({"text": t}).to_string().into_bytes()),
        "[a-z ,.'-]{0,400}".prop_map(|t| serde_json::json!({"id": "w", "text": t})
            .to_string()
            .into_bytes()),
        proptest::collection::vec(any::<u8>(), 0..200),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arbitrary_bytes_as_text_give_one_record(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let ids = run(&bytes, "doc.txt", InputFormat::Text);
        prop_assert_eq!(ids.len(), 1);
    }

    #[test]
    fn arbitrary_bytes_as_jsonl_give_one_record_per_line(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let ids = run(&bytes, "doc.jsonl", InputFormat::Auto);
        prop_assert_eq!(ids.len(), jsonl_documents(&bytes));
    }

    #[test]
    fn mixed_jsonl_lines_give_one_record_per_line_in_order(lines in proptest::collection::vec(jsonl_line(), 0..12)) {
        let bytes = lines.join(&b"\n"[..]);
        let ids = run(&bytes, "doc.jsonl", InputFormat::Jsonl);
        prop_assert_eq!(ids.len(), jsonl_documents(&bytes));
        // Ids without an id field are FILE:LINE, in increasing line order.
        let lines_seen: Vec<u64> = ids
            .iter()
            .filter_map(|id| id.rsplit_once(':').and_then(|(_, n)| n.parse().ok()))
            .collect();
        prop_assert!(lines_seen.windows(2).all(|w| w[0] < w[1]), "{:?}", ids);
    }

    #[test]
    fn arbitrary_text_scores_in_range(text in "\\PC{0,600}") {
        check_report(&text, &detector().score(&text));
    }

    /// Text made of the pieces the markup recognisers look for (tags half
    /// made, entities, URLs, addresses, handles, line breaks of every kind)
    /// scores in range, with evidence that slices the text.
    #[test]
    fn markup_fragments_score_in_range(pieces in proptest::collection::vec(markup_piece(), 0..120)) {
        let text = pieces.concat();
        check_report(&text, &detector().score(&text));
    }

    /// A WARC file of records made of arbitrary pieces: never a panic,
    /// and every record that gives a document gives one.
    #[test]
    fn warc_fragments_are_read(pieces in proptest::collection::vec(warc_piece(), 0..40)) {
        let bytes = pieces.concat().into_bytes();
        run(&bytes, "crawl.warc", InputFormat::Warc);
    }
}

fn markup_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<a href=\"/x?a>b\">",
            "</a>",
            "<br>",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "<",
            ">",
            "&amp;",
            "&#39;",
            "&#x2019;",
            "&nbsp;",
            "&",
            ";",
            "http://",
            "https://x.org/a(b)",
            "www.",
            "@",
            "#",
            "@desk",
            "#tag",
            "a@b.co",
            "\u{AD}",
            "\u{200B}",
            "\r",
            "\n",
            "\r\n",
            "\u{0C}",
            "\u{2028}",
            " ",
            ".",
            "'",
            "<?xml",
            "?>",
            "<!DOCTYPE",
            "\"",
        ])
        .prop_map(str::to_string),
        "[A-Za-z]{1,8}",
        "the (lawyer normal|soccer trainer|city council|vote) (said|passed)",
    ]
}

fn warc_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "WARC/1.0\r\n",
            "WARC-Type: conversion\r\n",
            "WARC-Type: response\r\n",
            "WARC-Type: warcinfo\r\n",
            "Content-Type: application/http\r\n",
            "Content-Length: 5\r\n",
            "Content-Length: x\r\n",
            "Content-Length: 99999\r\n",
            "\r\n",
            "HTTP/1.1 200 OK\r\n",
            "Content-Encoding: gzip\r\n",
            "Transfer-Encoding: chunked\r\n",
            "5\r\n",
            "0\r\n",
            " folded\r\n",
            "no colon\r\n",
        ])
        .prop_map(str::to_string),
        "[a-z <>]{0,12}",
    ]
}

#[test]
fn compressed_garbage_gives_a_read_failure_not_a_panic() {
    // A gzip header followed by garbage, and a zstd magic number followed
    // by garbage: one error record each.
    for (name, bytes) in [
        (
            "a.jsonl.gz",
            &b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage\xff\xfe"[..],
        ),
        ("b.jsonl.zst", &b"\x28\xb5\x2f\xfd garbage garbage"[..]),
    ] {
        let ids = run(bytes, name, InputFormat::Auto);
        assert_eq!(ids.len(), 1, "{name}");
        assert!(ids[0].ends_with(&format!("{name}:1")), "{ids:?}");
    }
}
