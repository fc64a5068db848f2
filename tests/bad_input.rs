//! Bad input, one fixture per kind: each runs the real binary on files the
//! test writes and checks the message on stderr (`unspun: FILE:LINE: what`),
//! the output record (label `error` or `empty`), that the run goes on to the
//! next document, and the exit status (0 all well, 1 some input failed, 2
//! usage error).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{records, unspun};
use serde_json::Value;

const CLEAN: &str = "The attorney general said on Monday that the football coach will face \
trouble after the Senate primary, which he won by a small margin last year.";
const OTHER: &str = "Rain is expected across the valley on Thursday, and the county has \
opened two shelters near the river for families who need a dry place to stay.";

/// `unspun score ARGS... PATHS...`: its records, stderr and exit status.
fn score(args: &[&str], paths: &[&Path]) -> (Vec<Value>, String, Option<i32>) {
    let out: Output = unspun()
        .arg("score")
        .args(args)
        .args(paths)
        .output()
        .expect("run unspun");
    (
        records(&out.stdout),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string() + "\n"
}

/// A good document before and after the bad one, to show the run goes on.
fn around(bad: &str) -> String {
    format!("{}{bad}\n{}", line("before", CLEAN), line("after", OTHER))
}

fn ids(records: &[Value]) -> Vec<&str> {
    records.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

/// A fixed pseudo-random sequence (a linear congruential generator).
fn lcg(seed: u32) -> impl FnMut() -> u32 {
    let mut x = seed;
    move || {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        x >> 16
    }
}

/// The first record is `skipped` with a reason starting `why`, and the
/// second (ordinary text) is scored; nothing failed.
fn assert_skipped_then_scored(recs: &[Value], why: &str, stderr: &str, code: Option<i32>) {
    assert_eq!(recs.len(), 2, "{stderr}");
    assert_eq!(recs[0]["label"], "skipped", "{:?}", recs[0]);
    assert!(recs[0]["score"].is_null());
    assert!(recs[0]["evidence"].as_array().unwrap().is_empty());
    let reason = recs[0]["reason"].as_str().unwrap();
    assert!(reason.starts_with(why), "{reason}");
    assert!(recs[1]["score"].is_number(), "{:?}", recs[1]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_byte_order_mark_opening_a_jsonl_file_is_not_an_error() {
    // As Windows tools write UTF-8: the mark before the first object, read
    // from a file and from stdin (where it must not hide that this is JSONL).
    let dir = tempfile::tempdir().unwrap();
    let bytes = [
        b"\xEF\xBB\xBF".as_slice(),
        around("").trim_start().as_bytes(),
    ]
    .concat();
    let p = write(dir.path(), "bom.jsonl", &bytes);
    let (recs, stderr, code) = score(&["-q"], &[&p]);
    assert_eq!(ids(&recs), ["before", "after"], "{stderr}");
    assert!(recs.iter().all(|r| r["score"].is_number()));
    assert_eq!(code, Some(0));
    let mut child = unspun()
        .args(["score", "-q", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run unspun");
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    let recs = records(&out.stdout);
    assert_eq!(ids(&recs), ["before", "after"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_utf16_text_file_scores_as_its_utf8_twin() {
    // Windows' "Unicode" text files: UTF-16 with a byte-order mark.
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{CLEAN}\n{OTHER}\n");
    let utf8 = write(dir.path(), "a.txt", text.as_bytes());
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16 = write(dir.path(), "b.txt", &le);
    let (recs, stderr, code) = score(&["-q"], &[&utf8, &utf16]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(recs[0]["score"].is_number());
    for field in ["score", "label", "tokens", "perplexity", "evidence"] {
        assert_eq!(recs[0][field], recs[1][field], "{field}");
    }
}

#[test]
fn malformed_json_line_is_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.jsonl",
        around("{\"id\": \"x\", \"text\": ").as_bytes(),
    );
    let (recs, stderr, code) = score(&[], &[&p]);
    let at = format!("{}:2", p.display());
    assert_eq!(ids(&recs), ["before", at.as_str(), "after"]);
    assert_eq!(recs[1]["label"], "error");
    assert!(recs[1]["score"].is_null());
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert!(
        stderr.contains(&format!("unspun: {at}: invalid JSON")),
        "{stderr}"
    );
    assert!(recs[2]["score"].is_number(), "the next line is scored");
    assert_eq!(code, Some(1));
}

#[test]
fn missing_text_field_is_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let bad = serde_json::json!({"id": "nobody", "body": CLEAN}).to_string();
    let p = write(dir.path(), "a.jsonl", around(&bad).as_bytes());
    let (recs, stderr, code) = score(&[], &[&p]);
    assert_eq!(ids(&recs), ["before", "nobody", "after"]);
    assert_eq!(recs[1]["label"], "error");
    assert_eq!(recs[1]["error"], "no \"text\" field");
    assert!(
        stderr.contains(&format!("unspun: {}:2: no \"text\" field", p.display())),
        "{stderr}"
    );
    assert_eq!(code, Some(1));
    // The same line is fine when the text field is named.
    let (recs, _, code) = score(&["--text-field", "body"], &[&p]);
    assert!(recs[1]["score"].is_number(), "scored");
    assert_eq!(code, Some(1), "the other lines have no `body`");
}

#[test]
fn non_string_text_field_is_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let bad = serde_json::json!({"id": "list", "text": ["not", "a", "string"]}).to_string();
    let p = write(dir.path(), "a.jsonl", around(&bad).as_bytes());
    let (recs, stderr, code) = score(&[], &[&p]);
    assert_eq!(ids(&recs), ["before", "list", "after"]);
    assert_eq!(recs[1]["label"], "error");
    assert_eq!(recs[1]["error"], "field \"text\" is an array, not a string");
    assert!(
        stderr.contains(&format!(
            "unspun: {}:2: field \"text\" is an array, not a string",
            p.display()
        )),
        "{stderr}"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn lone_surrogate_escape_is_replaced_scored_and_flagged() {
    // What Python's json.dumps writes for a str decoded with
    // errors="surrogateescape" from a Latin-1 byte: strict JSON refuses it.
    let dir = tempfile::tempdir().unwrap();
    let bad = format!("{{\"id\":\"esc\",\"text\":\"Caf\\udce9 owners said {CLEAN}\"}}");
    let p = write(dir.path(), "a.jsonl", around(&bad).as_bytes());
    let (recs, stderr, code) = score(&[], &[&p]);
    assert_eq!(ids(&recs), ["before", "esc", "after"]);
    assert!(recs[1]["score"].is_number(), "scored: {:?}", recs[1]);
    assert_eq!(
        recs[1]["warning"],
        "1 lone surrogate escape(s) replaced by U+FFFD"
    );
    assert!(
        stderr.contains(&format!("unspun: {}:2: 1 lone surrogate", p.display())),
        "{stderr}"
    );
    assert_eq!(
        code,
        Some(0),
        "a replaced escape is a warning, not a failure"
    );
}

#[test]
fn invalid_utf8_is_replaced_scored_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    // JSONL: a Latin-1 byte inside the text string.
    let mut bytes = line("before", CLEAN).into_bytes();
    bytes.extend_from_slice(b"{\"id\":\"latin1\",\"text\":\"Caf\xe9 owners said ");
    bytes.extend_from_slice(CLEAN.as_bytes());
    bytes.extend_from_slice(b"\"}\n");
    bytes.extend_from_slice(line("after", OTHER).as_bytes());
    let p = write(dir.path(), "a.jsonl", &bytes);
    let (recs, stderr, code) = score(&[], &[&p]);
    assert_eq!(ids(&recs), ["before", "latin1", "after"]);
    assert!(recs[1]["score"].is_number(), "scored");
    assert_eq!(
        recs[1]["warning"],
        "invalid UTF-8 at byte 26 of the line, replaced"
    );
    assert!(
        stderr.contains(&format!(
            "unspun: {}:2: invalid UTF-8 at byte 26 of the line",
            p.display()
        )),
        "{stderr}"
    );
    assert_eq!(code, Some(0), "replaced bytes are a warning, not a failure");
    // A text file: the message names the line of the first bad byte.
    let mut text = b"Headline\n".to_vec();
    text.extend_from_slice(b"Caf\xe9 ");
    text.extend_from_slice(CLEAN.as_bytes());
    let t = write(dir.path(), "b.txt", &text);
    let (recs, stderr, code) = score(&[], &[&t]);
    assert_eq!(recs.len(), 1);
    assert!(recs[0]["score"].is_number(), "scored");
    assert!(recs[0]["warning"]
        .as_str()
        .unwrap()
        .starts_with("invalid UTF-8 at byte 12"));
    assert!(
        stderr.contains(&format!("unspun: {}:2: invalid UTF-8", t.display())),
        "{stderr}"
    );
    assert_eq!(code, Some(0));
}

/// Binary data read as text is skipped as not text (the language gate can
/// take its ASCII runs for English, and it would be labelled clean), while
/// the next file and text with a few bad bytes are scored.
#[test]
fn binary_file_is_skipped_as_not_text() {
    let dir = tempfile::tempdir().unwrap();
    // 64 kB of pseudo-random bytes.
    let mut next = lcg(12345);
    let noise: Vec<u8> = (0..65536).map(|_| next() as u8).collect();
    let bin = write(dir.path(), "a.bin", &noise);
    let mut few = b"Caf\xe9 ".to_vec();
    few.extend_from_slice(CLEAN.as_bytes());
    let text = write(dir.path(), "b.txt", &few);
    let (recs, stderr, code) = score(&[], &[&bin, &text]);
    assert_skipped_then_scored(&recs, "not text (", &stderr, code);
}

/// Forty good lines, compressed, cut in half, followed by a good file.
fn check_truncated(name: &str, compressed: Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let cut = &compressed[..compressed.len() / 2];
    let p = write(dir.path(), name, cut);
    let next = write(dir.path(), "z.jsonl", line("next-file", OTHER).as_bytes());
    let (recs, stderr, code) = score(&[], &[&p, &next]);
    let last = recs.len() - 1;
    assert_eq!(recs[last]["id"], "next-file", "the run goes on");
    let broken = &recs[last - 1];
    assert_eq!(broken["label"], "error");
    let at = broken["id"].as_str().unwrap();
    let line_no: usize = at
        .strip_prefix(&format!("{}:", p.display()))
        .unwrap_or_else(|| panic!("id {at} is not FILE:LINE"))
        .parse()
        .unwrap();
    assert_eq!(line_no, last, "the error stands where reading stopped");
    for (i, r) in recs[..last - 1].iter().enumerate() {
        assert_eq!(r["id"], format!("d{i}"));
    }
    assert!(broken["error"]
        .as_str()
        .unwrap()
        .starts_with("read failed, rest of file skipped"));
    assert!(
        stderr.contains(&format!("unspun: {at}: read failed")),
        "{stderr}"
    );
    assert_eq!(code, Some(1));
}

fn forty_lines() -> Vec<u8> {
    (0..40)
        .map(|i| line(&format!("d{i}"), &format!("{CLEAN} Story number {i}.")))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn truncated_gzip_is_an_error_record_where_reading_stopped() {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&forty_lines()).unwrap();
    check_truncated("a.jsonl.gz", e.finish().unwrap());
}

#[test]
fn truncated_gzip_text_file_is_one_error_record_and_explain_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let story = format!("{CLEAN}\n\n{OTHER}\n").repeat(50);
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(story.as_bytes()).unwrap();
    let gz = e.finish().unwrap();
    let p = write(dir.path(), "story.txt.gz", &gz[..gz.len() - 20]);
    let (recs, stderr, code) = score(&[], &[&p]);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], p.display().to_string());
    assert_eq!(recs[0]["label"], "error");
    assert!(
        stderr.contains(&format!("unspun: {}: read failed", p.display())),
        "{stderr}"
    );
    assert_eq!(code, Some(1));
    // explain shows what could be read, and says the rest is missing.
    let out = unspun()
        .args(["explain", "--color", "never"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("unspun: {}: read failed", p.display())),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("attorney general"));
}

#[test]
fn truncated_zstd_is_an_error_record_where_reading_stopped() {
    // Level 1 with small blocks, so that part of the text decodes before
    // the cut.
    let data = forty_lines();
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    for chunk in data.chunks(1000) {
        enc.write_all(chunk).unwrap();
        enc.flush().unwrap();
    }
    check_truncated("a.jsonl.zst", enc.finish().unwrap());
}

/// Tests run as root, which reads a file even with mode 000, so an
/// unreadable file is made another way: a dangling symbolic link (open
/// fails with "No such file or directory") and a symbolic link to itself
/// (open fails with "Too many levels of symbolic links"), both found by
/// walking a directory.
#[test]
fn unreadable_files_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", CLEAN.as_bytes());
    std::os::unix::fs::symlink(d.join("gone.txt"), d.join("b.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("c.jsonl"), d.join("c.jsonl")).unwrap();
    write(d, "d.jsonl", line("last", OTHER).as_bytes());
    // A link to the directory itself is not followed (it would never end).
    std::os::unix::fs::symlink(d, d.join("e-self")).unwrap();
    let (recs, stderr, code) = score(&[], &[d]);
    let b = d.join("b.txt").display().to_string();
    // A text file is one document: it gets an error record. A JSONL file
    // that cannot be opened holds an unknown number: it gets none.
    assert_eq!(
        ids(&recs),
        [d.join("a.txt").display().to_string().as_str(), &b, "last"]
    );
    assert_eq!(recs[1]["label"], "error");
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("cannot read: No such file"));
    assert!(
        stderr.contains(&format!("unspun: {b}: cannot read")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "unspun: {}: Too many levels of symbolic links",
            d.join("c.jsonl").display()
        )),
        "{stderr}"
    );
    assert_eq!(code, Some(1));
}

/// Mode 000 does not stop root, so when the tests run as root the binary
/// runs as user `nobody` (65534) through `setpriv` (util-linux), from a copy
/// in a temporary directory that user can read.
#[test]
fn mode_000_file_and_directory_are_reported_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(d, 0o755).unwrap();
    let docs = d.join("docs");
    std::fs::create_dir(&docs).unwrap();
    write(&docs, "a.txt", CLEAN.as_bytes());
    let locked = write(&docs, "b.txt", OTHER.as_bytes());
    let sub = docs.join("c-sub");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "hidden.txt", CLEAN.as_bytes());
    write(&docs, "d.jsonl", line("last", OTHER).as_bytes());
    mode(&locked, 0o000).unwrap();
    mode(&sub, 0o000).unwrap();
    let mut cmd = if is_root {
        let bin = d.join("unspun");
        std::fs::copy(env!("CARGO_BIN_EXE_unspun"), &bin).unwrap();
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        unspun()
    };
    let out = cmd.arg("score").arg(&docs).output().unwrap();
    mode(&sub, 0o755).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let recs = records(&out.stdout);
    let b = locked.display().to_string();
    assert_eq!(
        ids(&recs),
        [
            docs.join("a.txt").display().to_string().as_str(),
            &b,
            "last"
        ],
        "{stderr}"
    );
    assert_eq!(recs[1]["label"], "error");
    assert_eq!(
        recs[1]["error"],
        "cannot read: Permission denied (os error 13)"
    );
    assert!(
        stderr.contains(&format!("unspun: {b}: cannot read: Permission denied")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "unspun: {}: cannot list directory: Permission denied",
            sub.display()
        )),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn empty_documents_are_labelled_empty() {
    let dir = tempfile::tempdir().unwrap();
    let e = write(dir.path(), "empty.txt", b"");
    let j = write(
        dir.path(),
        "a.jsonl",
        format!(
            "{}{}{}",
            line("blank", ""),
            line("dashes", " -- ... \n\t "),
            line("words", CLEAN)
        )
        .as_bytes(),
    );
    let (recs, stderr, code) = score(&[], &[&e, &j]);
    assert_eq!(
        ids(&recs),
        [e.display().to_string().as_str(), "blank", "dashes", "words"]
    );
    for r in &recs[..3] {
        assert_eq!(r["label"], "empty");
        assert!(r["score"].is_null());
        assert_eq!(r["tokens"], 0);
        assert_eq!(r["warning"], "empty document (no words)");
    }
    assert!(recs[3]["score"].is_number(), "scored");
    assert!(stderr.contains(&format!("unspun: {}: empty document", e.display())));
    assert!(stderr.contains(&format!("unspun: {}:2: empty document", j.display())));
    assert_eq!(code, Some(0), "an empty document is not a failure");
}

/// A table of numbers has tokens but no words to judge: skipped, while a
/// sentence with numbers and enough words is scored.
#[test]
fn numbers_without_words_are_skipped_as_too_few_words() {
    let dir = tempfile::tempdir().unwrap();
    let table: String = (0..40)
        .map(|i| format!("{}, {}, {}\n", i * 17, i * 31 + 4, i * 7 + 1000))
        .collect();
    let j = write(
        dir.path(),
        "a.jsonl",
        format!(
            "{}{}",
            line("table", &table),
            line(
                "counts",
                "In 2019 the county counted 1,204 voters at 12 sites, and 3,410 more in 2020 \
                 when the new rules opened the polls earlier on both days."
            )
        )
        .as_bytes(),
    );
    let (recs, stderr, code) = score(&[], &[&j]);
    assert_eq!(ids(&recs), ["table", "counts"], "{stderr}");
    assert_eq!(recs[0]["tokens"], 120);
    assert_skipped_then_scored(&recs, "too few words (0 among 120", &stderr, code);
}

/// Strings of letters the model does not know (encoded data, identifiers)
/// are not English prose: skipped, while ordinary text is scored.
#[test]
fn unknown_words_are_skipped_as_not_english_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut next = lcg(7);
    let junk: Vec<String> = (0..60)
        .map(|_| {
            (0..9)
                .map(|_| char::from(b'a' + (next() % 26) as u8))
                .collect()
        })
        .collect();
    let j = write(
        dir.path(),
        "a.jsonl",
        format!("{}{}", line("junk", &junk.join(" ")), line("words", CLEAN)).as_bytes(),
    );
    let (recs, stderr, code) = score(&["--no-lang-check"], &[&j]);
    assert_eq!(ids(&recs), ["junk", "words"], "{stderr}");
    assert_skipped_then_scored(&recs, "not English words (", &stderr, code);
}

#[test]
fn fifty_megabyte_line_is_scored_on_its_first_mebibyte() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = format!("{OTHER} ");
    let text = sentence.repeat(50_000_000 / sentence.len() + 1);
    let mut bytes = line("huge", &text).into_bytes();
    assert!(bytes.len() > 50_000_000);
    bytes.extend_from_slice(line("after", CLEAN).as_bytes());
    let p = write(dir.path(), "big.jsonl", &bytes);
    drop((text, bytes));
    // --no-swaps keeps the test fast: the swap search runs at well under
    // 1 MB/s, and only the cut at 1 MiB is tested here.
    let (recs, stderr, code) = score(&["--no-swaps", "--threads", "2"], &[&p]);
    assert_eq!(ids(&recs), ["huge", "after"]);
    assert!(recs[0]["score"].is_number(), "scored");
    let tokens = recs[0]["tokens"].as_u64().unwrap();
    assert!(
        (100_000..250_000).contains(&tokens),
        "about 1 MiB of words scored, not 50 MB: {tokens}"
    );
    let warning = recs[0]["warning"].as_str().unwrap();
    assert!(warning.contains("only the first 1 MiB scored"), "{warning}");
    assert!(
        stderr.contains(&format!("unspun: {}:1: document is", p.display())),
        "{stderr}"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn line_over_the_limit_is_skipped_without_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(line("before", CLEAN).as_bytes()).unwrap();
    // 65 MiB of letters and no newline until the end.
    let block = vec![b'a'; 1 << 20];
    for _ in 0..65 {
        f.write_all(&block).unwrap();
    }
    f.write_all(b"\n").unwrap();
    f.write_all(line("after", OTHER).as_bytes()).unwrap();
    drop(f);
    let (recs, stderr, code) = score(&[], &[&path]);
    let at = format!("{}:2", path.display());
    assert_eq!(ids(&recs), ["before", at.as_str(), "after"]);
    assert_eq!(recs[1]["label"], "error");
    assert_eq!(
        recs[1]["error"],
        "line is 68157440 bytes, longer than the 64 MiB limit; skipped"
    );
    assert!(
        stderr.contains(&format!("unspun: {at}: line is 68157440 bytes")),
        "{stderr}"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn dictionary_with_a_bad_row_is_a_usage_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dict = write(
        dir.path(),
        "mine.tsv",
        b"# my phrases\nlawyer normal\tattorney general\tuser\t0.9\nsoccer trainer\tfootball coach\n",
    );
    let doc = write(dir.path(), "a.txt", CLEAN.as_bytes());
    let out = unspun()
        .arg("score")
        .arg("--dict")
        .arg(&dict)
        .arg(&doc)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is scored");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:3: expected 4 tab-separated fields",
            dict.display()
        )),
        "{stderr}"
    );
    // A dictionary that is not UTF-8: the line of the first bad byte.
    let latin1 = write(
        dir.path(),
        "latin1.tsv",
        b"lawyer normal\tattorney general\tuser\t0.9\ncaf\xe9 noir\tcoffee\tuser\t0.5\n",
    );
    let out = unspun()
        .arg("score")
        .arg("--dict")
        .arg(&latin1)
        .arg(&doc)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2: invalid UTF-8", latin1.display())),
        "{stderr}"
    );
    // A model file that cannot be loaded is a usage error too.
    let out = unspun()
        .arg("score")
        .arg("--model")
        .arg(dir.path().join("no-such-model.bin"))
        .arg(&doc)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-model.bin"));
    // A missing dictionary, and an output in a missing directory: the
    // path is named and the system's reason said once.
    for (k, args) in [
        vec![
            "score".into(),
            "--dict".into(),
            missing_path(dir.path(), "gone.tsv"),
        ],
        vec![
            "score".into(),
            "-o".into(),
            missing_path(dir.path(), "gone/out.jsonl"),
        ],
        // A summary that could not be written at the end stops the run
        // before it starts.
        vec![
            "score".into(),
            "--stats".into(),
            missing_path(dir.path(), "gone/stats.json"),
        ],
        vec![
            "filter".into(),
            "--stats".into(),
            missing_path(dir.path(), "gone/stats.json"),
        ],
    ]
    .into_iter()
    .enumerate()
    {
        let out = unspun().args(&args).arg(&doc).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty(), "nothing scored");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("gone"), "{stderr}");
        if k < 2 {
            assert_eq!(stderr.matches("(os error 2)").count(), 1, "{stderr}");
        }
    }
    // And clap's own usage errors exit 2.
    let out = unspun().args(["score", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `name` under `dir`, as a command-line argument (the file is not made).
fn missing_path(dir: &std::path::Path, name: &str) -> std::ffi::OsString {
    dir.join(name).into_os_string()
}

#[test]
fn every_bad_input_at_once_loses_nothing_in_filter() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&forty_lines()).unwrap();
    let gz = e.finish().unwrap();
    write(d, "a.jsonl.gz", &gz[..gz.len() / 2]);
    let mut bad = line("ok-1", CLEAN).into_bytes();
    bad.extend_from_slice(b"{broken\n");
    bad.extend_from_slice(b"{\"id\":\"no-text\"}\n");
    bad.extend_from_slice(b"{\"id\":\"num\",\"text\":3}\n");
    bad.extend_from_slice(b"{\"id\":\"latin1\",\"text\":\"Caf\xe9 is open\"}\n");
    bad.extend_from_slice(line("empty", "").as_bytes());
    bad.extend_from_slice(line("ok-2", OTHER).as_bytes());
    write(d, "b.jsonl", &bad);
    std::os::unix::fs::symlink(d.join("gone.txt"), d.join("c.txt")).unwrap();
    write(d, "d.txt", b"");
    let score_stats = dir.path().join("score-stats.json");
    let (records, _, code) = score(&["-q", "--stats", score_stats.to_str().unwrap()], &[d]);
    assert_eq!(code, Some(1));
    // score --stats counts every record once, by its label.
    let summary: Value = serde_json::from_slice(&std::fs::read(&score_stats).unwrap()).unwrap();
    let labelled = |label: &str| records.iter().filter(|r| r["label"] == label).count() as u64;
    assert_eq!(summary["documents"].as_u64().unwrap(), records.len() as u64);
    for (key, label) in [
        ("spun", "spun"),
        ("clean", "clean"),
        ("skipped", "skipped"),
        ("empty", "empty"),
        ("errors", "error"),
    ] {
        assert_eq!(summary[key].as_u64().unwrap(), labelled(label), "{key}");
    }
    assert_eq!(summary["failed_files"], 2);
    assert!(summary["score_quantiles"]["p50"].is_number());
    let stats = d.join("stats.json");
    let out = unspun()
        .args(["filter", "-q", "--threshold", "0.5", "--stats"])
        .arg(&stats)
        .arg(d.join("a.jsonl.gz"))
        .arg(d.join("b.jsonl"))
        .arg(d.join("c.txt"))
        .arg(d.join("d.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stats: Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
    let n = |k: &str| stats[k].as_u64().unwrap();
    assert_eq!(n("documents") as usize, records.len());
    assert_eq!(n("kept") + n("rejected") + n("errors"), n("documents"));
    assert_eq!(
        n("kept") as usize,
        out.stdout.split(|&b| b == b'\n').count() - 1
    );
    let errors = records.iter().filter(|r| r["label"] == "error").count();
    assert_eq!(n("errors") as usize, errors);
    // broken, no-text, num, the truncated gzip, the dangling link.
    assert_eq!(errors, 5);
    assert_eq!(n("failed_files"), 2);
    assert_eq!(n("empty"), 2);
}

#[test]
fn lm_score_reads_a_non_utf8_line_lossily_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"the river rose on monday\n".to_vec();
    bytes.extend_from_slice(b"the caf\xe9 was closed\r\n");
    bytes.extend_from_slice(b"two shelters opened near the river");
    let p = write(dir.path(), "s.txt", &bytes);
    for raw in [false, true] {
        let mut cmd = unspun();
        cmd.args(["lm", "score", "--per-line"]);
        if raw {
            cmd.arg("--raw");
        }
        let out = cmd.arg(&p).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("unspun: {}:2: not UTF-8", p.display())),
            "{stderr}"
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let per_line: Vec<&str> = stdout
            .lines()
            .filter(|l| l.split('\t').count() == 4)
            .collect();
        assert_eq!(per_line.len(), 3, "one line per sentence: {stdout}");
        // "the caf? was closed": four words, the damaged one an OOV.
        let second: Vec<&str> = per_line[1].split('\t').collect();
        assert_eq!(second[3], "4", "{stdout}");
        assert_eq!(second[2], "1", "{stdout}");
        assert!(stdout.contains("sentences\t3\n"), "{stdout}");
    }
}

#[test]
fn compressions_unspun_does_not_read_are_errors_not_binary_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The magic bytes are what is checked (or the extension): the rest
    // need not be a real stream.
    let xz = [&[0xfd, b'7', b'z', b'X', b'Z', 0][..], &[0x55; 40]].concat();
    let bz2 = [&b"BZh91AY&SY"[..], &[0x55; 40]].concat();
    let files = [
        write(d, "a.jsonl.xz", &xz),
        write(d, "b.jsonl.bz2", &bz2),
        write(d, "c", &xz),
        write(d, "d.txt", &bz2),
        write(d, "e.txt", CLEAN.as_bytes()),
    ];
    let out = unspun().arg("score").args(&files).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "input failed");
    let recs = records(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(recs.len(), 5, "{stderr}");
    for (rec, kind) in recs.iter().zip(["xz", "bzip2", "xz", "bzip2"]) {
        assert_eq!(rec["label"], "error", "{rec}");
        let error = rec["error"].as_str().unwrap();
        assert!(error.starts_with(&format!("{kind}-compressed")), "{error}");
    }
    assert_eq!(recs[4]["label"], "clean");
    // Each file is named once in its message.
    for f in &files[..4] {
        let name = f.display().to_string();
        assert_eq!(stderr.matches(&name).count(), 1, "{stderr}");
    }
}
