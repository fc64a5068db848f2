//! Integration tests that run the real binary and parse its output back.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{records, unspun};
use serde_json::Value;

fn run_with_stdin(mut cmd: Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn unspun");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

const SPUN: &str = "The lawyer normal said on Monday that the soccer trainer will face \
bother after the Senate number one, which he gained by way of a small margin last 12 months.";
const CLEAN: &str = "The attorney general said on Monday that the football coach will face \
trouble after the Senate primary, which he won by a small margin last year.";

fn jsonl_fixture() -> String {
    let mut s = String::new();
    for i in 0..40 {
        let text = if i % 2 == 0 { SPUN } else { CLEAN };
        s.push_str(
            &serde_json::json!({"id": format!("d{i}"), "text": text, "meta": i}).to_string(),
        );
        s.push('\n');
        if i == 7 {
            s.push_str("{this is not json\n");
        }
        if i == 11 {
            s.push_str("{\"id\":\"no-text\",\"body\":\"x\"}\n");
        }
    }
    s
}

#[test]
fn score_yields_one_record_per_document_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    std::fs::write(&path, jsonl_fixture()).unwrap();
    for threads in ["1", "2"] {
        let out = unspun()
            .args(["score", "--threads", threads])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "bad lines give exit code 1");
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 42);
        assert_eq!(recs[0]["id"], "d0");
        assert_eq!(recs[8]["label"], "error");
        assert_eq!(recs[8]["id"], format!("{}:9", path.display()));
        assert!(recs[8]["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid JSON"));
        assert_eq!(recs[13]["id"], "no-text");
        assert_eq!(recs[13]["error"], "no \"text\" field");
        let ids: Vec<String> = recs
            .iter()
            .filter(|r| r["label"] != "error")
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        let expected: Vec<String> = (0..40).map(|i| format!("d{i}")).collect();
        assert_eq!(ids, expected);
        for r in &recs {
            if let Some(s) = r["score"].as_f64() {
                assert!((0.0..=1.0).contains(&s));
            }
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("unspun: {}:9: invalid JSON", path.display())),
            "{stderr}"
        );
    }
}

/// `score ARGS` on the spun and the clean twin: their records.
fn score_twins(args: &[&str]) -> Vec<Value> {
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "spun", "text": SPUN}),
        serde_json::json!({"id": "clean", "text": CLEAN})
    );
    let out = run_with_stdin(
        {
            let mut c = unspun();
            c.arg("score").args(args);
            c
        },
        input.as_bytes(),
    );
    assert!(out.status.success(), "{args:?}");
    let recs = records(&out.stdout);
    let spun = recs[0]["score"].as_f64().unwrap();
    let clean = recs[1]["score"].as_f64().unwrap();
    assert!(spun > clean, "{args:?}: spun {spun} clean {clean}");
    recs
}

#[test]
fn spun_twin_scores_above_clean_twin() {
    let recs = score_twins(&[]);
    assert_eq!(recs[1]["label"], "clean");
    let kinds: Vec<&str> = recs[0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"phrase"), "{kinds:?}");
}

/// Without the swap search the built-in weights are those fitted without
/// it: `filter` reports their threshold, and the spun twin still scores
/// above the clean one on what the model sees alone.
#[test]
fn no_swaps_uses_its_own_weights() {
    let weights = |name: &str| -> Value {
        let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    let (full, fast) = (
        weights("score-weights.json"),
        weights("score-weights-noswaps.json"),
    );
    assert_ne!(full["threshold"], fast["threshold"]);
    let dir = tempfile::tempdir().unwrap();
    for (flags, expected) in [(&["--no-swaps"][..], &fast), (&[][..], &full)] {
        let stats = dir.path().join("stats.json");
        let out = run_with_stdin(
            {
                let mut c = unspun();
                c.args(["filter", "-q", "--stats"]).arg(&stats).args(flags);
                c.arg("-");
                c
            },
            format!("{}\n", serde_json::json!({"id": "a", "text": CLEAN})).as_bytes(),
        );
        assert!(out.status.success(), "{flags:?}");
        let stats: Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
        assert_eq!(stats["threshold"], expected["threshold"], "{flags:?}");
    }
    score_twins(&["--no-swaps", "--no-dict"]);
}

/// `--no-evidence` (and `--format tsv`, which shows none) scores as the
/// plain run does, with the evidence left out.
#[test]
fn no_evidence_scores_the_same() {
    let input: String = [SPUN, CLEAN]
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}\n", serde_json::json!({"id": i.to_string(), "text": t})))
        .collect();
    let run = |flags: &[&str]| {
        let mut c = unspun();
        c.args(["score", "-q"]).args(flags).arg("-");
        let out = run_with_stdin(c, input.as_bytes());
        assert!(out.status.success(), "{flags:?}");
        out.stdout
    };
    let full = records(&run(&[]));
    let bare = records(&run(&["--no-evidence"]));
    assert_eq!(full.len(), 2);
    assert_eq!(bare.len(), 2);
    for (a, b) in full.iter().zip(&bare) {
        assert_eq!(a["score"], b["score"]);
        assert_eq!(a["label"], b["label"]);
        assert_eq!(b["evidence"], serde_json::json!([]));
    }
    assert!(!full[0]["evidence"].as_array().unwrap().is_empty());
    // `--min-weight` keeps the evidence weighing that much, nothing else.
    let strong = records(&run(&["--min-weight", "0.5"]));
    let mut dropped = 0;
    for (a, b) in full.iter().zip(&strong) {
        assert_eq!(a["score"], b["score"]);
        assert_eq!(a["label"], b["label"]);
        let all = a["evidence"].as_array().unwrap();
        let kept: Vec<&Value> = all
            .iter()
            .filter(|e| e["weight"].as_f64().unwrap() >= 0.5)
            .collect();
        dropped += all.len() - kept.len();
        assert_eq!(
            b["evidence"].as_array().unwrap().iter().collect::<Vec<_>>(),
            kept
        );
    }
    assert!(dropped > 0, "nothing to leave out: {full:?}");
    let tsv = String::from_utf8(run(&["--format", "tsv"])).unwrap();
    for (line, rec) in tsv.lines().zip(&full) {
        let score: f64 = line.split('\t').nth(1).unwrap().parse().unwrap();
        assert_eq!(Some(score), rec["score"].as_f64(), "{line}");
    }
}

#[test]
fn evidence_offsets_slice_the_original_text() {
    // Non-ASCII before the evidence: offsets must count characters, not bytes.
    let text = format!("Über “café” naïveté — {SPUN}");
    let input = serde_json::json!({"id": "u", "text": text}).to_string();
    let out = run_with_stdin(
        {
            let mut c = unspun();
            c.args(["score", "-"]);
            c
        },
        input.as_bytes(),
    );
    let recs = records(&out.stdout);
    let chars: Vec<char> = text.chars().collect();
    let evidence = recs[0]["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    for e in evidence {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..t].iter().collect();
        assert_eq!(slice, e["text"].as_str().unwrap());
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn compressed_inputs_directories_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("b");
    std::fs::create_dir(&sub).unwrap();
    let one = format!("{}\n", serde_json::json!({"id": "gz1", "text": CLEAN}));
    // Two gzip members concatenated: both must be read.
    let mut gz = gzip(one.as_bytes());
    gz.extend(gzip(
        format!("{}\n", serde_json::json!({"id": "gz2", "text": SPUN})).as_bytes(),
    ));
    std::fs::write(dir.path().join("a.jsonl.gz"), &gz).unwrap();
    let zst = zstd::encode_all(
        format!("{}\n", serde_json::json!({"id": "zst", "text": CLEAN})).as_bytes(),
        3,
    )
    .unwrap();
    std::fs::write(sub.join("c.jsonl.zst"), &zst).unwrap();
    std::fs::write(sub.join("d.txt"), CLEAN).unwrap();
    let out = unspun().arg("score").arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids: Vec<String> = records(&out.stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids[..3], ["gz1", "gz2", "zst"]);
    assert!(ids[3].ends_with("d.txt"));
    // Compressed stdin is recognised by its magic bytes.
    let out = run_with_stdin(
        {
            let mut c = unspun();
            c.args(["score", "--format", "tsv"]);
            c
        },
        &zst,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("zst\t0."), "{text}");
    assert!(text.trim_end().ends_with("\tclean"));
}

#[test]
fn filter_loses_nothing_and_passes_kept_lines_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let fixture = jsonl_fixture();
    std::fs::write(&input, &fixture).unwrap();
    let rejected = dir.path().join("rejected.jsonl");
    let stats = dir.path().join("stats.json");
    let out = unspun()
        .args(["filter", "--threshold", "0.5", "-q"])
        .arg(&input)
        .arg("--rejected")
        .arg(&rejected)
        .arg("--stats")
        .arg(&stats)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let kept = String::from_utf8(out.stdout).unwrap();
    let input_lines: Vec<&str> = fixture.lines().collect();
    for line in kept.lines() {
        assert!(input_lines.contains(&line), "kept line altered: {line}");
    }
    let rejected_recs = records(&std::fs::read(&rejected).unwrap());
    let stats: Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
    let n = |k: &str| stats[k].as_u64().unwrap();
    assert_eq!(n("documents"), 42);
    assert_eq!(n("kept") + n("rejected") + n("errors"), n("documents"));
    assert_eq!(n("kept") as usize, kept.lines().count());
    assert_eq!(
        (n("rejected") + n("errors")) as usize,
        rejected_recs.len(),
        "rejected file holds rejected and unreadable documents"
    );
    assert!(n("kept") > 0 && n("rejected") > 0 && n("errors") == 2);
    for r in &rejected_recs {
        assert!(r["unspun"]["label"].is_string());
    }
    // The line that was not JSON is kept whole in the rejected file.
    assert!(rejected_recs
        .iter()
        .any(|r| r["raw"] == "{this is not json"));
}

/// Without `--rejected`, `filter` shows no evidence and leaves the joint
/// swaps out of the search: the same lines kept, the same stats; with it,
/// the rejected records carry the full evidence.
#[test]
fn filter_without_rejected_keeps_the_same_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, jsonl_fixture()).unwrap();
    let run = |rejected: bool| {
        let stats = dir.path().join("stats.json");
        let mut c = unspun();
        c.args(["filter", "--threshold", "0.5", "-q", "--stats"])
            .arg(&stats)
            .arg(&input);
        if rejected {
            c.arg("--rejected").arg(dir.path().join("rejected.jsonl"));
        }
        let out = c.output().unwrap();
        let mut stats: Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
        for k in ["seconds", "mb_per_second"] {
            stats.as_object_mut().unwrap().remove(k);
        }
        (out.stdout, stats)
    };
    let (kept_full, stats_full) = run(true);
    let (kept_bare, stats_bare) = run(false);
    assert_eq!(kept_full, kept_bare);
    assert_eq!(stats_full, stats_bare);
    let rejected = records(&std::fs::read(dir.path().join("rejected.jsonl")).unwrap());
    let swaps: Vec<&Value> = rejected
        .iter()
        .flat_map(|r| r["unspun"]["evidence"].as_array().into_iter().flatten())
        .filter(|e| e["kind"] == "swap" || e["kind"] == "phrase")
        .collect();
    assert!(
        swaps.iter().any(|e| e["text"] == "soccer trainer"),
        "{swaps:?}"
    );
}

#[test]
fn annotate_keeps_every_field() {
    let line = serde_json::json!({"z": 1, "id": "k", "text": CLEAN, "a": [1, 2]}).to_string();
    let out = run_with_stdin(
        {
            let mut c = unspun();
            c.args(["score", "--annotate"]);
            c
        },
        format!("{line}\n").as_bytes(),
    );
    let recs = records(&out.stdout);
    let obj = recs[0].as_object().unwrap();
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(keys, ["z", "id", "text", "a", "unspun"]);
    assert_eq!(obj["text"], CLEAN);
    assert!(obj["unspun"]["score"].is_number());
}

/// `unspun explain --color never EXTRA... PATH`.
fn explain(path: &Path, extra: &[&str]) -> Output {
    unspun()
        .args(["explain", "--color", "never"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn explain_marks_evidence_with_its_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("doc.txt");
    std::fs::write(&p, SPUN).unwrap();
    let out = explain(&p, &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("score "), "{text}");
    assert!(
        text.contains("[[lawyer normal -> attorney general"),
        "{text}"
    );
}

/// `explain` reads a text file as `score` does (UTF-16 with its mark
/// decoded), and a file it cannot open prints no score.
#[test]
fn explain_reads_as_score_reads() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(SPUN.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&p, bytes).unwrap();
    let score = records(&unspun().arg("score").arg(&p).output().unwrap().stdout)[0]["score"]
        .as_f64()
        .unwrap();
    let out = explain(&p, &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("score {score:.3}  label spun")),
        "{text}"
    );
    assert!(
        text.contains("[[lawyer normal -> attorney general"),
        "{text}"
    );
    let out = explain(&dir.path().join("missing.txt"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no score for what was not read");
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
}

#[test]
fn explain_shows_segments_and_features_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("doc.txt");
    std::fs::write(&p, SPUN).unwrap();
    let plain = explain(&p, &[]);
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(!plain.contains("\nsegments "), "{plain}");
    assert!(!plain.contains("\nfeatures\n"), "{plain}");
    let out = explain(&p, &["--segments", "--features"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // The same record as `score --segments --features` gives.
    let rec = &records(
        &unspun()
            .args(["score", "--segments", "--features"])
            .arg(&p)
            .output()
            .unwrap()
            .stdout,
    )[0];
    let segments = rec["segments"].as_array().unwrap();
    assert!(!segments.is_empty());
    assert!(
        text.contains(&format!("\nsegments {}\n", segments.len())),
        "{text}"
    );
    for s in segments {
        let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        let range = format!("{start:>6}-{end:<6} score");
        assert!(text.contains(&range), "{range} in {text}");
    }
    let features = rec["features"].as_object().unwrap();
    assert!(text.contains("\nfeatures\n"), "{text}");
    for (name, value) in features {
        let line = format!("  {name:<28} {value}\n");
        assert!(text.contains(&line), "{line} in {text}");
    }
}

#[test]
fn missing_file_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, CLEAN).unwrap();
    let out = unspun()
        .arg("score")
        .arg(&good)
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.txt: cannot read"), "{stderr}");
    // A text file is one document, so the missing one still has its record.
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["label"], "clean");
    assert_eq!(recs[1]["label"], "error");
    assert!(recs[1]["id"].as_str().unwrap().ends_with("missing.txt"));
}

#[test]
fn bad_flags_and_bad_dictionaries_fail_clearly() {
    let out = unspun()
        .args(["score", "--threshold", "1.5", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("threshold"));
    let out = unspun()
        .args(["score", "--min-weight", "2", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("minimum evidence weight"), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tsv");
    std::fs::write(
        &bad,
        "lawyer normal\tattorney general\tuser\t0.9\nonly one field\n",
    )
    .unwrap();
    let out = unspun()
        .arg("score")
        .arg("--dict")
        .arg(&bad)
        .arg(Path::new("-"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{}:2", bad.display())), "{stderr}");
}

fn score_stdin(args: &[&str], input: &str) -> Output {
    let mut c = unspun();
    c.arg("score").args(args);
    run_with_stdin(c, input.as_bytes())
}

fn evidence_of(rec: &Value) -> Vec<(String, String, Option<String>)> {
    rec["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().to_string(),
                e["suggestion"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn no_dict_and_repeated_dict_flags() {
    let input = format!("{}\n", serde_json::json!({"id": "s", "text": SPUN}));
    let with = records(&score_stdin(&[], &input).stdout);
    assert!(evidence_of(&with[0])
        .iter()
        .any(|(k, t, _)| k == "phrase" && t == "lawyer normal"));
    // --no-dict: no phrase evidence at all (the other signals remain).
    let without = records(&score_stdin(&["--no-dict"], &input).stdout);
    assert!(
        evidence_of(&without[0])
            .iter()
            .all(|(k, _, _)| k != "phrase"),
        "{:?}",
        without[0]["evidence"]
    );
    // Two user dictionaries, with the built-in one off: both apply.
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tsv");
    let b = dir.path().join("b.tsv");
    std::fs::write(&a, "# mine\ngained by way of\twon by\tuser\t0.8\n").unwrap();
    std::fs::write(&b, "last 12 months\tlast year\tuser\t0.7\n").unwrap();
    let out = score_stdin(
        &[
            "--no-dict",
            "--dict",
            a.to_str().unwrap(),
            "--dict",
            b.to_str().unwrap(),
        ],
        &input,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let phrases: Vec<_> = evidence_of(&records(&out.stdout)[0])
        .into_iter()
        .filter(|(k, _, _)| k == "phrase")
        .map(|(_, t, s)| (t, s.unwrap()))
        .collect();
    assert_eq!(
        phrases,
        [
            ("gained by way of".to_string(), "won by".to_string()),
            ("last 12 months".to_string(), "last year".to_string())
        ]
    );
}

#[test]
fn tsv_is_id_score_label() {
    let input = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "s", "text": SPUN}),
        serde_json::json!({"id": "c\tx", "text": CLEAN}),
        serde_json::json!({"id": "e", "text": ""}),
    );
    let out = score_stdin(&["--format", "tsv", "-q"], &input);
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], "s");
    assert_eq!(rows[0][2], "spun");
    assert!(rows[0][1].parse::<f64>().unwrap() >= 0.5);
    assert_eq!(rows[1][0], "c x", "a tab in the id becomes a space");
    assert_eq!(rows[1][2], "clean");
    assert_eq!(rows[2], ["e", "", "empty"], "no score: empty field");
}

#[test]
fn annotate_passes_bad_lines_through_with_their_error() {
    let input = format!(
        "{}\n{{\"id\": 1,\n{}\n",
        serde_json::json!({"id": "a", "text": CLEAN, "url": "http://example.org/a"}),
        serde_json::json!({"id": "b", "text": 7}),
    );
    let out = score_stdin(&["--annotate", "-q"], &input);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["url"], "http://example.org/a");
    assert_eq!(recs[0]["unspun"]["label"], "clean");
    assert_eq!(recs[1]["raw"], "{\"id\": 1,");
    assert_eq!(recs[1]["unspun"]["label"], "error");
    assert_eq!(recs[2]["text"], 7, "the field is kept as it was");
    assert_eq!(
        recs[2]["unspun"]["error"],
        "field \"text\" is a number, not a string"
    );
}

#[test]
fn explain_plain_and_coloured() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("doc.txt.gz");
    std::fs::write(&p, gzip(SPUN.as_bytes())).unwrap();
    // Not a terminal: [[span -> suggestion (kind)]], no escape codes.
    let out = unspun().arg("explain").arg(&p).output().unwrap();
    assert!(out.status.success());
    let plain = String::from_utf8(out.stdout).unwrap();
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(
        plain.contains("[[lawyer normal -> attorney general (phrase)]]"),
        "{plain}"
    );
    // Overlapping evidence is merged, keeping every suggestion.
    let mark = plain.find("[[soccer trainer").expect("marked");
    let end = mark + plain[mark..].find("]]").unwrap();
    assert!(plain[mark..end].contains("-> football coach"), "{plain}");
    let out = unspun()
        .args(["explain", "--color", "always"])
        .arg(&p)
        .output()
        .unwrap();
    let coloured = String::from_utf8(out.stdout).unwrap();
    assert!(
        coloured.contains("\x1b[1;31mlawyer normal\x1b[0m"),
        "{coloured}"
    );
    assert!(coloured.contains("-> attorney general"));
}

#[test]
fn no_progress_bar_or_noise_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("docs.jsonl");
    let good: String = (0..50)
        .map(|i| format!("{}\n", serde_json::json!({"id": i, "text": CLEAN})))
        .collect();
    std::fs::write(&p, good).unwrap();
    let out = unspun().arg("score").arg(&p).output().unwrap();
    assert!(out.status.success());
    assert_eq!(records(&out.stdout).len(), 50);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn closed_stdout_ends_quietly_with_success() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("docs.jsonl");
    let many: String = (0..3000)
        .map(|i| format!("{}\n", serde_json::json!({"id": i, "text": "Short note."})))
        .collect();
    std::fs::write(&p, many).unwrap();
    let mut child = unspun()
        .args(["score", "--format", "tsv"])
        .arg(&p)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn output_file_is_complete_and_skip_existing_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let docs: String = [SPUN, CLEAN, SPUN, CLEAN, SPUN]
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}\n", serde_json::json!({"id": i, "text": t})))
        .collect();
    std::fs::write(&input, docs).unwrap();
    let out = dir.path().join("out.jsonl");
    let run = |skip: bool| {
        let mut cmd = unspun();
        cmd.args(["score", "-q", "-o"]).arg(&out).arg(&input);
        if skip {
            cmd.arg("--skip-existing");
        }
        cmd.output().unwrap()
    };
    assert!(run(false).status.success());
    assert_eq!(records(&std::fs::read(&out).unwrap()).len(), 5);
    // No partial file is left beside the output.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
    // An existing output is kept as it is with --skip-existing...
    std::fs::write(&out, "kept\n").unwrap();
    let o = run(true);
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept\n");
    // ...and replaced without it.
    assert!(run(false).status.success());
    assert_eq!(records(&std::fs::read(&out).unwrap()).len(), 5);
}

/// Make a FIFO with the system's `mkfifo`; false where there is none.
fn mkfifo(p: &Path) -> bool {
    Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
#[test]
fn output_through_a_link_or_into_a_fifo_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    std::fs::write(&input, CLEAN).unwrap();
    // A symbolic link stays a link; the file it points to gets the output.
    let real = dir.path().join("real.jsonl");
    std::fs::write(&real, "old\n").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink("real.jsonl", &link).unwrap();
    let out = unspun()
        .args(["score", "-q", "-o"])
        .arg(&link)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(records(&std::fs::read(&real).unwrap()).len(), 1);
    // A FIFO is written to, not replaced by a file.
    let fifo = dir.path().join("out.fifo");
    if !mkfifo(&fifo) {
        eprintln!("no mkfifo here: the FIFO half of this test is skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = unspun()
        .args(["score", "-q", "-o"])
        .arg(&fifo)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    // (Checked first: were the FIFO replaced, the reader would wait for ever.)
    assert!(!std::fs::metadata(&fifo).unwrap().is_file(), "still a FIFO");
    assert_eq!(records(&reader.join().unwrap()).len(), 1);
}

#[test]
fn a_fifo_in_an_input_directory_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), CLEAN).unwrap();
    if !mkfifo(&dir.path().join("b.fifo")) {
        eprintln!("no mkfifo here: test skipped");
        return;
    }
    // Opening the FIFO would wait for a writer for ever; a hang fails the
    // test by its timeout.
    let mut child = unspun()
        .args(["score", "--no-evidence"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("score hung on a FIFO in its input directory");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(records(&out.stdout).len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("b.fifo: not a file") && stderr.contains("skipped"),
        "{stderr}"
    );
}

/// `spin` keeps the input's fields and says where each synonym went and
/// what it replaced, in character offsets of the spun text.
#[test]
fn spin_reports_its_edits() {
    let mut cmd = unspun();
    cmd.args([
        "spin",
        "--rate",
        "0.9",
        "--seed",
        "2",
        "--input-format",
        "jsonl",
        "-",
    ]);
    let line = serde_json::json!({"id": "c1", "text": CLEAN, "meta": 3}).to_string();
    let out = run_with_stdin(cmd, line.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["id"], "c1");
    assert_eq!(r["meta"], 3);
    let text: Vec<char> = r["text"].as_str().unwrap().chars().collect();
    let edits = r["spin_edits"].as_array().unwrap();
    assert_eq!(edits.len() as u64, r["spin_replaced"].as_u64().unwrap());
    assert!(edits.len() >= 3, "{r}");
    for e in edits {
        let (start, end) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let slice: String = text[start..end].iter().collect();
        assert_eq!(slice, e["text"].as_str().unwrap());
        assert!(CLEAN.contains(e["original"].as_str().unwrap()), "{e}");
    }
}

/// A nested text field, named by a JSON Pointer: scored as the flat one,
/// and spun in place.
#[test]
fn nested_fields_by_json_pointer() {
    let flat = serde_json::json!({"id": "a", "text": SPUN}).to_string() + "\n";
    let nested = serde_json::json!({"doc": {"id": "a", "body": [SPUN]}}).to_string() + "\n";
    let score = |args: &[&str], input: &str| -> Value {
        let mut cmd = unspun();
        cmd.args(["score", "-q", "--input-format", "jsonl"])
            .args(args)
            .arg("-");
        let out = run_with_stdin(cmd, input.as_bytes());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        records(&out.stdout).remove(0)
    };
    let a = score(&[], &flat);
    let b = score(
        &["--text-field", "/doc/body/0", "--id-field", "/doc/id"],
        &nested,
    );
    assert_eq!(a, b);
    let mut cmd = unspun();
    cmd.args([
        "spin",
        "--rate",
        "0.9",
        "--input-format",
        "jsonl",
        "--text-field",
        "/doc/body/0",
        "-",
    ]);
    let out = run_with_stdin(cmd, nested.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = records(&out.stdout).remove(0);
    let spun = r["doc"]["body"][0].as_str().unwrap();
    assert_ne!(spun, SPUN);
    assert!(r["spin_replaced"].as_u64().unwrap() > 0, "{r}");
    assert!(r.get("/doc/body/0").is_none(), "{r}");
}

fn warc_record(kind: &str, headers: &str, content: &str) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\n{headers}Content-Length: {}\r\n\r\n{content}\r\n\r\n",
        content.len()
    )
}

/// A Common Crawl WET file (a gzip member a record): a document for each
/// page, scored as the same text is in JSONL; the crawl's own records
/// passed over; a broken record an error naming its line, the rest read.
#[test]
fn warc_files_a_document_a_page() {
    let html =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>{CLEAN}</p></html>");
    let parts = [
        warc_record("warcinfo", "", "isPartOf: test\r\n"),
        warc_record(
            "conversion",
            "WARC-Target-URI: http://a.example/spun\r\nWARC-Record-ID: <urn:uuid:a1>\r\n",
            SPUN,
        ),
        "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: many\r\n\r\nlost\r\n\r\n".to_string(),
        warc_record(
            "response",
            "WARC-Target-URI: http://b.example/\r\nWARC-Record-ID: <urn:uuid:b2>\r\nContent-Type: application/http; msgtype=response\r\n",
            &html,
        ),
        warc_record("metadata", "", "fetchTimeMs: 12\r\n"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("CC-MAIN-test.warc.wet.gz");
    let bytes: Vec<u8> = parts.iter().flat_map(|r| gzip(r.as_bytes())).collect();
    std::fs::write(&path, bytes).unwrap();
    let out = unspun().args(["score", "-q"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "an error record");
    let recs = records(&out.stdout);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let broken = format!("{}:16", path.display());
    assert_eq!(ids, ["urn:uuid:a1", broken.as_str(), "urn:uuid:b2"]);
    assert_eq!(recs[1]["label"], "error");
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .contains("Content-Length"));
    // The same texts as JSONL score alike.
    let jsonl = [SPUN, CLEAN]
        .iter()
        .map(|t| serde_json::json!({"text": t}).to_string() + "\n")
        .collect::<String>();
    let mut cmd = unspun();
    cmd.args(["score", "-q", "-"]);
    let twins = records(&run_with_stdin(cmd, jsonl.as_bytes()).stdout);
    assert_eq!(recs[0]["score"], twins[0]["score"]);
    assert_eq!(recs[2]["score"], twins[1]["score"]);
    // Ids from another header; and the format found from the first bytes
    // on standard input.
    let plain: String = parts.concat();
    let mut cmd = unspun();
    cmd.args(["score", "-q", "--id-field", "WARC-Target-URI", "-"]);
    let recs = records(&run_with_stdin(cmd, plain.as_bytes()).stdout);
    assert_eq!(recs[0]["id"], "http://a.example/spun");
    assert_eq!(recs[2]["id"], "http://b.example/");
    // A file cut short: the records before it are scored, and one error
    // record names the line where reading stopped.
    let cut = dir.path().join("cut.warc.wet.gz");
    let whole: Vec<u8> = parts.iter().flat_map(|r| gzip(r.as_bytes())).collect();
    std::fs::write(&cut, &whole[..whole.len() - 30]).unwrap();
    let out = unspun().args(["score", "-q"]).arg(&cut).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    let last = recs.last().unwrap();
    assert_eq!(last["label"], "error", "{last}");
    let at = format!("{}:", cut.display());
    assert!(last["id"].as_str().unwrap().starts_with(&at), "{last}");
    assert_eq!(recs[0]["id"], "urn:uuid:a1");
}

#[test]
fn mt_field_its_flags_and_a_corrupt_model() {
    let rec = |args: &[&str]| -> Value {
        let out = score_stdin(args, CLEAN);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        records(&out.stdout).remove(0)
    };
    let with = rec(&[]);
    let mt = with["mt"].as_f64().expect("an mt probability");
    assert!((0.0..=1.0).contains(&mt), "{mt}");
    assert!(rec(&["--no-mt"]).get("mt").is_none());
    // Turning swaps off changes the spin score, not the mt probability.
    assert_eq!(rec(&["--no-swaps"])["mt"], with["mt"]);

    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/mt-model.bin")).unwrap();
    let copy = dir.path().join("mt.bin");
    std::fs::write(&copy, &good).unwrap();
    let copy_arg = copy.to_str().unwrap();
    assert_eq!(rec(&["--mt-model", copy_arg])["mt"], with["mt"]);
    let cut = dir.path().join("cut.bin");
    std::fs::write(&cut, &good[..good.len() / 3]).unwrap();
    let out = score_stdin(&["--mt-model", cut.to_str().unwrap()], CLEAN);
    assert_eq!(out.status.code(), Some(2), "a model that cannot be loaded");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cut.bin") && stderr.contains("truncated"),
        "{stderr}"
    );
}

#[test]
fn filter_max_mt_rejects_by_the_mt_field_too() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, jsonl_fixture()).unwrap();
    let run = |extra: &[&str]| -> (String, Value) {
        let stats = dir.path().join("stats.json");
        let out = unspun()
            .args(["filter", "-q", "--threshold", "0.5"])
            .args(extra)
            .arg("--stats")
            .arg(&stats)
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "two unreadable lines");
        let stats = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
        (String::from_utf8(out.stdout).unwrap(), stats)
    };
    let (plain, plain_stats) = run(&[]);
    assert_eq!(plain_stats["rejected_mt"], 0);
    assert!(plain_stats["mt_quantiles"]["p50"].as_f64().is_some());
    // Every scored document has an mt of at least 0: only the skipped and
    // empty ones are kept, and each clean one is counted as rejected for mt.
    let (all, stats) = run(&["--max-mt", "0"]);
    let n = |s: &Value, k: &str| s[k].as_u64().unwrap();
    assert_eq!(n(&stats, "kept"), n(&stats, "skipped") + n(&stats, "empty"));
    assert_eq!(
        n(&stats, "rejected_mt"),
        n(&plain_stats, "kept") - n(&plain_stats, "skipped") - n(&plain_stats, "empty")
    );
    assert_eq!(
        n(&stats, "kept") + n(&stats, "rejected") + n(&stats, "errors"),
        42
    );
    assert!(all.lines().count() < plain.lines().count());
    // Without the field there is nothing to filter on.
    let out = unspun()
        .args(["filter", "--max-mt", "0.5", "--no-mt", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `calibrate --kind-per-file` fits one model per spun file (kind of
/// spinner); without it, one for all; `score --weights` reads either.
#[test]
fn calibrate_fits_a_model_per_kind_of_spinner() {
    let sentences = [
        "The city council voted on Tuesday to widen the bridge over the river.",
        "Engineers expect the work to take two years and to cost far more than planned.",
        "Shop owners near the bridge worry that the detours will keep customers away.",
        "The mayor said the old bridge was no longer safe for heavy trucks.",
        "A local school will move its buses to another road during the repairs.",
        "Residents can read the full plan at the public library next week.",
        "The state government has promised to pay for half of the project.",
        "Critics argue that a new tunnel would have been cheaper in the long run.",
    ];
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.jsonl");
    let mut lines = String::new();
    for i in 0..16 {
        let text: Vec<&str> = (0..4).map(|k| sentences[(i + 3 * k) % 8]).collect();
        lines.push_str(
            &serde_json::json!({"id": format!("c{i}"), "text": text.join(" ")}).to_string(),
        );
        lines.push('\n');
    }
    std::fs::write(&clean, lines).unwrap();
    let whole = dir.path().join("whole.jsonl");
    let fixed = dir.path().join("fixed.jsonl");
    for (out, flags) in [
        (&whole, &["--rate", "0.5"][..]),
        (
            &fixed,
            &[
                "--rate",
                "0.5",
                "--consistent",
                "--common",
                "1",
                "--word-by-word",
            ][..],
        ),
    ] {
        let status = unspun()
            .arg("spin")
            .args(flags)
            .arg(&clean)
            .arg("-o")
            .arg(out)
            .status()
            .unwrap();
        assert!(status.success());
    }
    for (per_file, kinds) in [(true, 2), (false, 1)] {
        let weights = dir.path().join(format!("w{kinds}.json"));
        let mut c = unspun();
        c.args(["calibrate", "-j", "2", "--clean"])
            .arg(&clean)
            .arg("--spun")
            .arg(&whole)
            .arg(&fixed)
            .arg("-o")
            .arg(&weights);
        if per_file {
            c.arg("--kind-per-file");
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
        let w: Value = serde_json::from_slice(&std::fs::read(&weights).unwrap()).unwrap();
        let names: Vec<&str> = w["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), kinds, "{names:?}");
        if per_file {
            assert!(names[0].ends_with("whole.jsonl") && names[1].ends_with("fixed.jsonl"));
        }
        let t = w["threshold"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&t), "{t}");
        let out = unspun()
            .args(["score", "-q", "--weights"])
            .arg(&weights)
            .arg(&fixed)
            .output()
            .unwrap();
        assert!(out.status.success());
        let recs = records(&out.stdout);
        assert_eq!(recs.len(), 16);
        assert!(recs.iter().all(|r| r["score"].as_f64().is_some()));
    }
    // Kinds of unequal size are fitted, with a warning.
    let few = dir.path().join("few.jsonl");
    let text = std::fs::read_to_string(&fixed).unwrap();
    std::fs::write(
        &few,
        text.lines().take(4).collect::<Vec<_>>().join("\n") + "\n",
    )
    .unwrap();
    let out = unspun()
        .args(["calibrate", "-j", "2", "--kind-per-file", "--clean"])
        .arg(&clean)
        .arg("--spun")
        .arg(&whole)
        .arg(&few)
        .arg("-o")
        .arg(dir.path().join("w.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning") && err.contains("4 to 16"), "{err}");
    // A line that is not JSON: spin and calibrate say where, leave it out,
    // go on, and exit 1 as score does (2 is for usage errors).
    let broken = dir.path().join("broken.jsonl");
    std::fs::write(
        &broken,
        format!("not json\n{}", std::fs::read_to_string(&clean).unwrap()),
    )
    .unwrap();
    let spun = dir.path().join("spun-broken.jsonl");
    let out = unspun()
        .args(["spin", "--rate", "0.5"])
        .arg(&broken)
        .arg("-o")
        .arg(&spun)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.jsonl:1:"), "{err}");
    assert_eq!(records(&std::fs::read(&spun).unwrap()).len(), 16);
    let weights = dir.path().join("w-broken.json");
    let out = unspun()
        .args(["calibrate", "-j", "2", "--clean"])
        .arg(&broken)
        .arg("--spun")
        .arg(&whole)
        .arg("-o")
        .arg(&weights)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.jsonl:1:") && err.contains("1 documents could not be read"),
        "{err}"
    );
    assert!(weights.exists(), "fitted on the rest");
}

/// JSON numbers are kept as written: an id too large for 64 bits, `-0`
/// and `1.50` come back as those digits, `--annotate` copies the input's
/// other numbers with their digits, and a number beyond f64 elsewhere in
/// the line does not make it an error.
#[test]
fn json_numbers_are_kept_as_written() {
    let text = serde_json::to_string(CLEAN).unwrap();
    let input = format!(
        "{{\"id\":18446744073709551616,\"n\":123456789012345678901,\"text\":{text}}}\n\
         {{\"id\":-0,\"x\":1.50,\"text\":{text}}}\n\
         {{\"id\":3,\"meta\":{{\"big\":1e400}},\"text\":{text}}}\n"
    );
    let mut cmd = unspun();
    cmd.args(["score", "--no-evidence", "--input-format", "jsonl", "-"]);
    let out = run_with_stdin(cmd, input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["18446744073709551616", "-0", "3"]);
    assert!(recs.iter().all(|r| r["label"] == "clean"), "{recs:?}");
    let mut cmd = unspun();
    cmd.args([
        "score",
        "--annotate",
        "--no-evidence",
        "--input-format",
        "jsonl",
        "-",
    ]);
    let out = run_with_stdin(cmd, input.as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    for written in [
        "{\"id\":18446744073709551616,\"n\":123456789012345678901,",
        "{\"id\":-0,\"x\":1.50,",
    ] {
        assert!(text.contains(written), "{written} in {text}");
    }
    // (serde_json writes the exponent with its sign: the same number.)
    assert!(text.contains("\"meta\":{\"big\":1e+400}"), "{text}");
}
