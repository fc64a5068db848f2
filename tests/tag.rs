//! `unspun tag --dolma`: runs the real binary on a Dolma-shaped dataset the
//! test writes (`documents/**/*.jsonl.gz`) and reads the attribute files
//! back: same ids in the same order, the score span over the whole document,
//! evidence spans in character offsets that slice the document to the
//! evidence text, `--skip-existing`, sharding, and bad flags.

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{records, unspun};
use serde_json::{json, Value};

const SCORE_KEY: &str = "unspun__spun__score";
const EVIDENCE_KEY: &str = "unspun__spun__evidence";
const MT_KEY: &str = "unspun__mt__score";

/// Sentences written for this test; the spun ones swap words the way
/// spinners do ("attorney general" -> "lawyer normal").
const CLEAN: [&str; 6] = [
    "The attorney general said on Monday that the inquiry would take at least another year.",
    "The football coach told reporters that his players had trained hard all week.",
    "Prices rose by three percent in the first quarter, the statistics office reported.",
    "Residents gathered outside the town hall to hear the result of the vote.",
    "Heavy rain closed the coastal road for most of the afternoon.",
    "Volunteers planted more than a thousand trees along the river bank.",
];
const SPUN: [&str; 3] = [
    "The lawyer normal said on Monday that the inquiry would take at least another year.",
    "The soccer trainer told reporters that his players had trained hard all week.",
    "Prices rose by three p.c in the first quarter, the statistics office reported.",
];

fn run(args: &[&str]) -> Output {
    unspun().args(args).output().expect("run unspun")
}

/// Document `i` of a shard: spun, clean, with accents before the evidence
/// (so that byte and character offsets differ), or too short to score.
fn document(shard: usize, i: usize) -> Value {
    let text = match i % 4 {
        0 => format!("{} {} {}", CLEAN[i % 6], SPUN[0], SPUN[(i + 1) % 3]),
        1 => format!(
            "{} {} {}",
            CLEAN[(i + 1) % 6],
            CLEAN[(i + 2) % 6],
            CLEAN[(i + 3) % 6]
        ),
        2 => format!("Café naïve — résumé, déjà vu. {} {}", SPUN[1], CLEAN[i % 6]),
        _ => "Too short.".to_string(),
    };
    json!({"id": format!("s{shard}-{i:03}"), "text": text, "source": "test"})
}

fn write_gz(path: &Path, lines: &[String]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    for line in lines {
        writeln!(gz, "{line}").unwrap();
    }
    gz.finish().unwrap();
}

fn read_gz(path: &Path) -> Vec<Value> {
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    records(text.as_bytes())
}

/// The dataset: three document files, one in a subdirectory; the second
/// has a line that is not JSON. Returns (root, relative paths, lines).
fn dataset(dir: &Path) -> (PathBuf, Vec<&'static str>, Vec<Vec<String>>) {
    let root = dir.join("dolma");
    let names = vec!["a.jsonl.gz", "b.jsonl.gz", "cc/part-0.jsonl.gz"];
    let mut all = Vec::new();
    for (shard, name) in names.iter().enumerate() {
        let mut lines: Vec<String> = (0..24).map(|i| document(shard, i).to_string()).collect();
        if shard == 1 {
            lines.insert(5, "{not json".to_string());
        }
        write_gz(&root.join("documents").join(name), &lines);
        all.push(lines);
    }
    (root, names, all)
}

fn attributes(root: &Path, experiment: &str, name: &str) -> PathBuf {
    root.join("attributes").join(experiment).join(name)
}

fn tag(root: &Path, experiment: &str, more: &[&str]) -> Output {
    let root = root.to_str().unwrap();
    let mut args = vec![
        "tag",
        "--dolma",
        root,
        "--experiment",
        experiment,
        "-j",
        "2",
    ];
    args.extend_from_slice(more);
    run(&args)
}

/// The `unspun score` records of one document file, by id.
fn score_records(path: &Path) -> Vec<Value> {
    let out = run(&["score", "-q", "-j", "2", path.to_str().unwrap()]);
    records(&out.stdout)
}

fn hidden_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('.') {
            found.push(path.clone());
        }
        if path.is_dir() {
            hidden_files(&path, found);
        }
    }
}

#[test]
fn attribute_files_match_documents_line_for_line() {
    let dir = tempfile::tempdir().unwrap();
    let (root, names, lines) = dataset(dir.path());
    let out = tag(&root, "exp1", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // One line in b.jsonl.gz is not JSON: reported, tagged, exit 1.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("b.jsonl.gz:6:"), "{stderr}");
    assert!(stderr.contains("3 attribute files written"), "{stderr}");

    let mut spun = 0;
    for (name, lines) in names.iter().zip(&lines) {
        let input = root.join("documents").join(name);
        let attrs = read_gz(&attributes(&root, "exp1", name));
        let records = score_records(&input);
        assert_eq!(attrs.len(), lines.len(), "{name}");
        assert_eq!(records.len(), lines.len(), "{name}");
        for ((line, attr), record) in lines.iter().zip(&attrs).zip(&records) {
            let keys: Vec<&String> = attr["attributes"].as_object().unwrap().keys().collect();
            assert_eq!(keys, [SCORE_KEY, EVIDENCE_KEY, MT_KEY]);
            let score = &attr["attributes"][SCORE_KEY];
            let mt = &attr["attributes"][MT_KEY];
            let evidence = attr["attributes"][EVIDENCE_KEY].as_array().unwrap();
            let Ok(doc) = serde_json::from_str::<Value>(line) else {
                // The line that is not JSON: FILE:LINE as id, no spans.
                assert!(attr["id"].as_str().unwrap().ends_with("b.jsonl.gz:6"));
                assert_eq!(record["label"], "error");
                assert_eq!(score, &json!([]));
                assert_eq!(mt, &json!([]));
                assert!(evidence.is_empty());
                continue;
            };
            assert_eq!(attr["id"], doc["id"]);
            assert_eq!(attr["source"], "test");
            assert_eq!(record["id"], doc["id"]);
            let text = doc["text"].as_str().unwrap();
            let chars: Vec<char> = text.chars().collect();
            match record["score"].as_f64() {
                Some(s) => assert_eq!(score, &json!([[0, chars.len(), s]])),
                None => assert_eq!(score, &json!([]), "{record}"),
            }
            match record["mt"].as_f64() {
                Some(m) => assert_eq!(mt, &json!([[0, chars.len(), m]])),
                None => assert_eq!(mt, &json!([]), "{record}"),
            }
            if record["label"] == "spun" {
                spun += 1;
            }
            let expected = record["evidence"].as_array().unwrap();
            assert_eq!(evidence.len(), expected.len());
            for (span, e) in evidence.iter().zip(expected) {
                let (start, end) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
                assert_eq!(span, &json!([e["start"], e["end"], e["weight"]]));
                let slice: String = chars[start as usize..end as usize].iter().collect();
                assert_eq!(slice, e["text"].as_str().unwrap(), "{text}");
            }
        }
    }
    // The documents written to be spun are found.
    assert!(spun >= 12, "{spun} spun documents");
    let mut hidden = Vec::new();
    hidden_files(&root.join("attributes"), &mut hidden);
    assert!(hidden.is_empty(), "temporary files left: {hidden:?}");
}

#[test]
fn evidence_offsets_are_characters() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    let text = format!("Café naïve — résumé, déjà vu. {} {}", SPUN[0], CLEAN[4]);
    let line = json!({"id": 7, "text": text}).to_string();
    write_gz(&root.join("documents/x.jsonl.gz"), &[line]);
    let out = tag(&root, "chars", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let attrs = read_gz(&attributes(&root, "chars", "x.jsonl.gz"));
    assert_eq!(attrs[0]["id"], 7, "a numeric id is copied as a number");
    let chars: Vec<char> = text.chars().collect();
    let spans = attrs[0]["attributes"][EVIDENCE_KEY].as_array().unwrap();
    let words: Vec<String> = spans
        .iter()
        .map(|s| {
            let (start, end) = (
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            );
            assert!(s[2].as_f64().unwrap() > 0.0 && s[2].as_f64().unwrap() <= 1.0);
            chars[start..end].iter().collect()
        })
        .collect();
    assert!(words.iter().any(|w| w == "lawyer normal"), "{words:?}");
}

#[test]
fn skip_existing_leaves_finished_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (root, names, _) = dataset(dir.path());
    tag(&root, "resume", &[]);
    let first = attributes(&root, "resume", names[0]);
    let second = attributes(&root, "resume", names[2]);
    std::fs::write(&first, b"left alone").unwrap();
    let expected = std::fs::read(&second).unwrap();
    std::fs::remove_file(&second).unwrap();

    let out = tag(&root, "resume", &["--skip-existing"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 attribute files written"), "{stderr}");
    assert!(stderr.contains("2 existing skipped"), "{stderr}");
    assert_eq!(std::fs::read(&first).unwrap(), b"left alone");
    assert_eq!(read_gz(&second), {
        let tmp = dir.path().join("expected.jsonl.gz");
        std::fs::write(&tmp, &expected).unwrap();
        read_gz(&tmp)
    });

    // Without the flag, every file is written again.
    let out = tag(&root, "resume", &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 attribute files written"));
    assert_eq!(read_gz(&first).len(), 24);
}

#[test]
fn shards_split_the_files_and_add_up_to_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (root, names, _) = dataset(dir.path());
    tag(&root, "whole", &[]);
    let mut seen = BTreeSet::new();
    for index in ["0", "1"] {
        let out = tag(
            &root,
            "sharded",
            &["--num-shards", "2", "--shard-index", index],
        );
        assert_ne!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for name in &names {
            let is_new = !seen.iter().any(|(_, n)| n == name);
            if attributes(&root, "sharded", name).exists() && is_new {
                seen.insert((index, *name));
            }
        }
    }
    // Files 0 and 2 (sorted) are shard 0's, file 1 is shard 1's.
    let expected: BTreeSet<(&str, &str)> = [("0", names[0]), ("0", names[2]), ("1", names[1])]
        .into_iter()
        .collect();
    assert_eq!(seen, expected);
    for name in &names {
        assert_eq!(
            read_gz(&attributes(&root, "sharded", name)),
            read_gz(&attributes(&root, "whole", name))
        );
    }
}

#[test]
fn key_prefix_and_plain_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    std::fs::create_dir_all(root.join("documents")).unwrap();
    let line = document(0, 0).to_string();
    std::fs::write(root.join("documents/p.jsonl"), format!("{line}\n")).unwrap();
    let out = tag(&root, "v2", &["--key-prefix", "spin-v2", "--no-mt"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(attributes(&root, "v2", "p.jsonl")).unwrap();
    let attr: Value = serde_json::from_str(text.trim_end()).unwrap();
    let keys: Vec<&String> = attr["attributes"].as_object().unwrap().keys().collect();
    // With --no-mt the mt key is left out.
    assert_eq!(keys, ["spin_v2__spun__score", "spin_v2__spun__evidence"]);
}

#[test]
fn bad_flags_and_missing_directories_fail() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let out = run(&["tag", "--dolma", root, "--experiment", "x"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("documents"));

    let (data, _, _) = dataset(dir.path());
    let data = data.to_str().unwrap();
    for (flags, message) in [
        (vec!["--experiment", "a/b"], "--experiment"),
        (
            vec!["--experiment", "x", "--key-prefix", "a__b"],
            "--key-prefix",
        ),
        (
            vec![
                "--experiment",
                "x",
                "--num-shards",
                "2",
                "--shard-index",
                "2",
            ],
            "--shard-index",
        ),
    ] {
        let mut args = vec!["tag", "--dolma", data];
        args.extend(flags);
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert!(!Path::new(data).join("attributes").exists());
}

#[test]
fn a_broken_file_gets_no_attribute_file() {
    let dir = tempfile::tempdir().unwrap();
    let (root, names, _) = dataset(dir.path());
    let broken = root.join("documents").join(names[1]);
    let bytes = std::fs::read(&broken).unwrap();
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let out = tag(&root, "broken", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2 attribute files written"), "{stderr}");
    assert!(stderr.contains("1 failed"), "{stderr}");
    assert!(!attributes(&root, "broken", names[1]).exists());
    assert_eq!(read_gz(&attributes(&root, "broken", names[2])).len(), 24);
    let mut hidden = Vec::new();
    hidden_files(&root.join("attributes"), &mut hidden);
    assert!(hidden.is_empty(), "temporary files left: {hidden:?}");
}

#[test]
fn segments_give_paragraph_spans() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    let text = format!(
        "{} {} {}\n\n{} {} {}",
        CLEAN[0], CLEAN[3], CLEAN[4], SPUN[0], SPUN[1], SPUN[2]
    );
    let line = json!({"id": "p", "text": text}).to_string();
    write_gz(
        &root.join("documents/x.jsonl.gz"),
        std::slice::from_ref(&line),
    );
    let out = tag(&root, "seg", &["--segments"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let attrs = read_gz(&attributes(&root, "seg", "x.jsonl.gz"));
    let spans = attrs[0]["attributes"]["unspun__spun__paragraph"]
        .as_array()
        .unwrap();

    let input = dir.path().join("x.jsonl");
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let scored = run(&["score", "--segments", input.to_str().unwrap()]);
    let record: Value = serde_json::from_slice(&scored.stdout).unwrap();
    let expected: Vec<Value> = record["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["score"].is_null())
        .map(|s| json!([s["start"], s["end"], s["score"]]))
        .collect();
    assert!(!expected.is_empty(), "{record}");
    assert_eq!(spans, &expected);
    // Without --segments there is no paragraph attribute.
    tag(&root, "noseg", &[]);
    let attrs = read_gz(&attributes(&root, "noseg", "x.jsonl.gz"));
    assert!(attrs[0]["attributes"]
        .get("unspun__spun__paragraph")
        .is_none());
}
