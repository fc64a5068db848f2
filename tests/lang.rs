//! The language gate, through the real binary: a German document is
//! `skipped` with its language, an English one is scored, and a mostly
//! English document with a German paragraph, or a German opening, is
//! scored on its English part only; with both identifiers (`--langid
//! fasttext|whatlang`).

mod common;

use std::path::Path;

use common::{records, unspun};
use serde_json::Value;

const ENGLISH_1: &str = "The town council met on Tuesday evening to argue about the new bus \
timetable, which many parents say leaves their children waiting in the cold.";
const ENGLISH_2: &str = "After two hours the members agreed to ask the operator for an earlier \
morning service and to review the plan again in the spring.";
const ENGLISH_3: &str = "Residents who could not attend can send their comments to the town \
clerk by the end of the month, and the council will publish every letter it receives.";
const GERMAN: &str = "Der Gemeinderat hat sich am Dienstagabend getroffen, um über den neuen \
Busfahrplan zu streiten, weil viele Eltern sagen, dass ihre Kinder morgens lange in der Kälte \
warten müssen.";

fn line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string() + "\n"
}

/// `unspun score ARGS... FILE`: its records by id and its exit status.
fn score(args: &[&str], path: &Path) -> (Vec<Value>, Option<i32>) {
    let out = unspun()
        .arg("score")
        .arg("-q")
        .args(args)
        .arg(path)
        .output()
        .expect("run unspun");
    (records(&out.stdout), out.status.code())
}

fn by_id<'a>(records: &'a [Value], id: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

fn is_scored(r: &Value) -> bool {
    matches!(r["label"].as_str(), Some("clean" | "spun")) && r["score"].is_number()
}

fn input(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("docs.jsonl");
    let english = format!("{ENGLISH_1}\n{ENGLISH_2}\n{ENGLISH_3}");
    let mixed = format!("{ENGLISH_1}\n{GERMAN}\n{ENGLISH_2}\n{ENGLISH_3}");
    let jsonl = [
        line("english", &english),
        line("german", &format!("{GERMAN}\n{GERMAN}")),
        line("mixed", &mixed),
        line("short", "Thanks for reading."),
    ]
    .concat();
    std::fs::write(&path, jsonl).unwrap();
    path
}

#[test]
fn fasttext_gate_skips_german_and_scores_the_english_part() {
    let dir = tempfile::tempdir().unwrap();
    let path = input(dir.path());
    for args in [&[][..], &["--langid", "fasttext"][..]] {
        let (records, status) = score(args, &path);
        assert_eq!(status, Some(0));
        assert_eq!(records.len(), 4);

        let english = by_id(&records, "english");
        assert!(is_scored(english), "{english}");
        assert_eq!(english["lang"], "eng");

        let german = by_id(&records, "german");
        assert_eq!(german["label"], "skipped", "{german}");
        assert_eq!(german["lang"], "deu");
        assert!(
            german["reason"].as_str().unwrap().contains("deu"),
            "{german}"
        );
        assert!(german["score"].is_null());

        // The German paragraph is left out: the mixed document is scored on
        // exactly the sentences of the English one.
        let mixed = by_id(&records, "mixed");
        assert!(is_scored(mixed), "{mixed}");
        assert_eq!(mixed["lang"], "eng");
        assert_eq!(mixed["perplexity"], english["perplexity"], "{mixed}");

        let short = by_id(&records, "short");
        assert_eq!(short["label"], "skipped", "{short}");
        assert!(short["reason"].as_str().unwrap().contains("too short"));
    }
}

#[test]
fn a_german_opening_does_not_hide_a_mostly_english_document() {
    // Over the 2,048 bytes the gate reads first: a German summary, then a
    // longer English body; and the other way round.
    let german = [GERMAN; 8].join("\n");
    let english = [ENGLISH_1, ENGLISH_2, ENGLISH_3].join("\n");
    let body = [english.as_str(); 6].join("\n");
    let opening = format!("{german}\n{body}");
    let tail = format!("{}\n{english}\n{english}", [GERMAN; 10].join("\n"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    let jsonl = [
        line("body", &body),
        line("opening", &opening),
        line("tail", &tail),
    ]
    .concat();
    std::fs::write(&path, jsonl).unwrap();
    let (records, status) = score(&[], &path);
    assert_eq!(status, Some(0));
    // Scored on the English lines alone, as English.
    let opening = by_id(&records, "opening");
    assert!(is_scored(opening), "{opening}");
    assert_eq!(opening["lang"], "eng");
    assert_eq!(opening["perplexity"], by_id(&records, "body")["perplexity"]);
    // Mostly German, with English the gate finds after its opening:
    // skipped, and the reason says how much is English.
    let tail = by_id(&records, "tail");
    assert_eq!(tail["label"], "skipped", "{tail}");
    assert_eq!(tail["lang"], "deu");
    let reason = tail["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("not English (deu; English lines hold "),
        "{reason}"
    );
}

#[test]
fn a_web_page_is_judged_by_its_text_not_its_head() {
    // The head of a page is markup: a script holding German strings, far
    // longer than the English body. The gate reads what a reader sees.
    let english = [ENGLISH_1, ENGLISH_2, ENGLISH_3].join("\n");
    let script: String = (0..40)
        .map(|i| format!("var t{i} = \"{GERMAN}\";\n"))
        .collect();
    let paragraphs: String = [ENGLISH_1, ENGLISH_2, ENGLISH_3]
        .iter()
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    let page = format!(
        "<html><head><script>\n{script}</script></head>\n<body>\n{paragraphs}</body></html>"
    );
    assert!(page.len() > 10 * english.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    std::fs::write(
        &path,
        [line("text", &english), line("page", &page)].concat(),
    )
    .unwrap();
    let (records, status) = score(&[], &path);
    assert_eq!(status, Some(0));
    let page = by_id(&records, "page");
    assert!(is_scored(page), "{page}");
    assert_eq!(page["lang"], "eng");
    let text = by_id(&records, "text");
    assert_eq!(page["score"], text["score"]);
    assert_eq!(page["perplexity"], text["perplexity"]);
}

#[test]
fn whatlang_gate_skips_german() {
    let dir = tempfile::tempdir().unwrap();
    let path = input(dir.path());
    let (records, status) = score(&["--langid", "whatlang"], &path);
    assert_eq!(status, Some(0));
    assert!(is_scored(by_id(&records, "english")));
    let german = by_id(&records, "german");
    assert_eq!(german["label"], "skipped", "{german}");
    assert!(german["reason"].as_str().unwrap().contains("deu"));
    // whatlang checks only mostly non-ASCII lines, so the mixed document is
    // scored whole: still scored, German paragraph and all.
    let mixed = by_id(&records, "mixed");
    assert!(is_scored(mixed), "{mixed}");
    assert_ne!(
        mixed["perplexity"],
        by_id(&records, "english")["perplexity"]
    );
}

#[test]
fn unknown_identifier_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = input(dir.path());
    let (records, status) = score(&["--langid", "cld3"], &path);
    assert!(records.is_empty());
    assert_eq!(status, Some(2));
}
