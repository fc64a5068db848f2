//! Phrase dictionary: user files, malformed fixtures, the built-in table and
//! the `unspun dict` commands.

mod common;

use common::{records, run_ok, unspun};
use std::io::Write;
use std::path::{Path, PathBuf};

use unspun::dict::{Dictionary, DictionaryBuilder, Source};
use unspun::text::tokenize::tokenize;

fn fixture(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

/// Every hit of `dict` in `text`, as the original text slice (by chars).
fn hits(dict: &Dictionary, text: &str) -> Vec<String> {
    let tokens = tokenize(text);
    let chars: Vec<char> = text.chars().collect();
    dict.find(&tokens)
        .iter()
        .map(|h| chars[h.chars(&tokens)].iter().collect())
        .collect()
}

/// One malformed fixture per error; each names the file and the line.
#[test]
fn malformed_user_dictionaries_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "fields.tsv",
            "lawyer normal\tattorney general\tuser\t0.9\nonly one field\n",
            2,
            "expected 4 tab-separated fields",
        ),
        (
            "empty.tsv",
            "# comment\n\n \tattorney general\tuser\t0.9\n",
            3,
            "spun phrase",
        ),
        ("source.tsv", "a b\t\tnewspaper\t0.9\n", 1, "unknown source"),
        ("weight.tsv", "a b\t\tuser\theavy\n", 1, "not a number"),
        (
            "range.tsv",
            "a b\t\tuser\t0.9\nc d\t\tuser\t2\n",
            2,
            "(0, 1]",
        ),
    ];
    for (name, text, line, what) in cases {
        let path = fixture(dir.path(), name, text);
        let err = DictionaryBuilder::new()
            .add_file(&path)
            .unwrap_err()
            .to_string();
        let at = format!("{}:{line}", path.display());
        assert!(err.contains(&at), "{err:?} should contain {at:?}");
        assert!(err.contains(what), "{err:?} should contain {what:?}");
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let err = DictionaryBuilder::new()
        .add_file("/nonexistent/unspun-dict.tsv")
        .unwrap_err();
    assert!(matches!(err, unspun::Error::Io { .. }), "{err:?}");
}

#[test]
fn user_file_adds_reweights_and_whitelists() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(
        dir.path(),
        "user.tsv",
        "# a user dictionary\r\nsoccer trainer\tfootball coach\tuser\t0.7\r\n\
         lawyer normal\t\twhitelist\t1\r\n",
    );
    let mut b = DictionaryBuilder::new();
    b.add_builtin().unwrap().add_file(&path).unwrap();
    let dict = b.build().unwrap();
    let text = "The soccer trainer met the lawyer normal in the place of job.";
    let got = hits(&dict, text);
    assert!(got.contains(&"soccer trainer".to_string()), "{got:?}");
    assert!(!got.iter().any(|h| h.contains("lawyer")), "{got:?}");
    assert!(dict.counts().of(Source::User) >= 1);
}

#[test]
fn builtin_finds_spinner_output_and_slices_back() {
    let dict = Dictionary::builtin().unwrap();
    let text = "Ünïcode: the Lawyer Normal said 40 p.c of voters back the \
                 counterfeit consciousness plan, using profound learning.";
    let tokens = tokenize(text);
    let chars: Vec<char> = text.chars().collect();
    let found = dict.find(&tokens);
    let originals: Vec<&str> = found.iter().map(|h| h.entry.original.as_str()).collect();
    for want in ["attorney general", "percent of", "deep learning"] {
        assert!(originals.contains(&want), "{want} not in {originals:?}");
    }
    for h in &found {
        let slice: String = chars[h.chars(&tokens)].iter().collect();
        assert_eq!(
            tokenize(&slice).normalized_text(),
            h.entry.spun,
            "hit {h:?}"
        );
    }
}

#[test]
fn builtin_is_quiet_on_clean_prose() {
    let dict = Dictionary::builtin().unwrap();
    let clean = "The attorney general said on Monday that the football coach \
                 will face trouble after the Senate primary, which he won by a small \
                 margin last year. Machine learning and neural networks power the \
                 search engine; social media posts rose 5 percent over the last 12 months.";
    assert_eq!(hits(&dict, clean), Vec::<String>::new());
}

#[test]
fn check_command_reports_every_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(
        dir.path(),
        "bad.tsv",
        "a b\t\tuser\t1\nonly one field\nc d\t\tuser\t7\n",
    );
    let out = unspun()
        .args(["dict", "check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:2:", path.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:3:", path.display())),
        "{stderr}"
    );

    let good = fixture(dir.path(), "good.tsv", "a b\t\tuser\t1\n");
    let out = unspun()
        .args(["dict", "check"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn info_and_scan_commands_run() {
    let out = unspun().args(["dict", "info"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("pps\t"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let text = fixture(
        dir.path(),
        "t.txt",
        "The lawyer normal spoke.\n\nThe attorney general spoke.\n",
    );
    let out = unspun()
        .args(["dict", "scan", "--bench"])
        .arg(&text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("hits\t1\n"), "{stdout}");
    assert!(
        stdout.contains("lawyer normal\tattorney general"),
        "{stdout}"
    );
}

/// Mined entries (`scripts/mine-dictionary.sh`): many, modest weights,
/// each with its original, never the original itself.
#[test]
fn builtin_has_mined_entries_with_modest_weights() {
    let dict = Dictionary::builtin().unwrap();
    let mined: Vec<_> = dict
        .entries()
        .iter()
        .filter(|e| e.source == Source::Mined)
        .collect();
    assert!(mined.len() > 10_000, "{} mined entries", mined.len());
    for e in &mined {
        assert!(e.weight > 0.0 && e.weight <= 0.6, "{e:?}");
        assert!(!e.original.is_empty() && e.original != e.spun, "{e:?}");
        assert_eq!(e.spun.split(' ').count(), 2, "{e:?}");
    }
    // A spun collocation the dictionary did not list before mining.
    let text = "The fresh york lawyer universal spoke.";
    let found = dict.find(&tokenize(text));
    let originals: Vec<&str> = found.iter().map(|h| h.entry.original.as_str()).collect();
    assert!(originals.contains(&"new york"), "{originals:?}");
    assert!(originals.contains(&"attorney general"), "{originals:?}");
}

#[test]
fn mine_command_writes_a_loadable_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let ws = fixture(
        dir.path(),
        "bigrams.txt",
        "attorney general\t900000\nAttorney General\t88465\nsome words\t100000\n",
    );
    let ss = fixture(
        dir.path(),
        "symspell.txt",
        "football coach 15977408\nsome words 6400000\n",
    );
    let out_path = dir.path().join("mined.tsv");
    let out = unspun()
        .args(["dict", "mine", "--min-count", "2", "-o"])
        .arg(&out_path)
        .arg(&ws)
        .arg(&ss)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut b = DictionaryBuilder::new();
    b.add_file(&out_path).unwrap();
    let dict = b.build().unwrap();
    assert!(dict.counts().of(Source::Mined) >= 2, "{dict:?}");
    let originals: std::collections::BTreeSet<&str> =
        dict.entries().iter().map(|e| e.original.as_str()).collect();
    assert_eq!(
        originals.into_iter().collect::<Vec<_>>(),
        ["attorney general", "football coach"]
    );

    let bad = fixture(dir.path(), "bad.txt", "attorney general\tlots\n");
    let out = unspun().args(["dict", "mine"]).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bad.txt:1"), "{stderr}");
}

/// A listed phrase counts as spun where its original fits the sentence,
/// and not where the author's own words read as they stand.
#[test]
fn score_checks_each_dictionary_hit_in_its_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture(
        dir.path(),
        "docs.jsonl",
        concat!(
            r#"{"id":"spun","text":"The governor called a particular election to fill the seat that the senator left in the spring."}"#,
            "\n",
            r#"{"id":"own","text":"Voters in this particular election stayed home because the weather was cold and the race was dull."}"#,
            "\n",
        ),
    );
    let out = run_ok(unspun().args(["score", "--no-swaps"]).arg(&input));
    let recs = records(&out.stdout);
    // (text, weight, context gain) of each phrase hit of record `i`.
    let phrase = |i: usize| -> Vec<(String, f64, f64)> {
        recs[i]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "phrase")
            .map(|e| {
                (
                    e["text"].as_str().unwrap().to_string(),
                    e["weight"].as_f64().unwrap(),
                    e["gain"].as_f64().expect("a checked hit names its gain"),
                )
            })
            .collect()
    };
    let spun = phrase(0);
    assert!(
        spun.iter()
            .any(|(t, w, g)| t == "particular election" && *w > 0.5 && *g >= 1.0),
        "{spun:?}"
    );
    assert!(phrase(1).is_empty(), "{:?}", phrase(1));
}

/// `dict learn` on a source whose documents share a spinner's swap: the
/// swap shown in enough of them becomes an entry, which a second run
/// counts as a phrase hit; a line that is not a record is reported by file
/// and line and the rest is still learned from.
#[test]
fn learn_command_turns_a_recurring_swap_into_an_entry() {
    let dir = tempfile::tempdir().unwrap();
    // Written for this test: four reports from one "site", each with the
    // spinner's "lawyer normal", and two clean ones.
    let texts = [
        "Last month the state lawyer normal met the local police chief to talk about the \
         rise in car thefts across the county and the new patrols planned for the spring.",
        "On Friday the lawyer normal filed a suit against the water company, saying it had \
         raised prices for families without warning and without the approval of the board.",
        "The lawyer normal told reporters that the office would look into the complaints \
         about the nursing home and would publish its findings before the end of the year.",
        "Voters will choose a new lawyer normal in November, and both candidates promised to \
         spend more on fighting fraud against older residents and on helping crime victims.",
        "The city council voted on Tuesday to build a new library near the river, and the \
         mayor said the work would begin in the summer and take about two years to finish.",
        "Farmers in the valley said the late frost had damaged much of the apple crop, and \
         several of them asked the state for help to cover the losses before the harvest.",
    ];
    let input: String = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("d{i}"), "text": t})
            )
        })
        .collect();
    let docs = fixture(dir.path(), "site.jsonl", &input);
    let out = run_ok(unspun().args(["score", "-q", "--no-dict"]).arg(&docs));
    let mut pass1 = out.stdout.clone();
    pass1.extend_from_slice(b"not a record\n[1, 2]\n");
    let scores = fixture(
        dir.path(),
        "pass1.jsonl",
        std::str::from_utf8(&pass1).unwrap(),
    );
    let learned = dir.path().join("learned.tsv");
    let out = unspun()
        .args(["dict", "learn", "--min-docs", "3", "-o"])
        .arg(&learned)
        .arg(&scores)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a bad line is a failure");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pass1.jsonl:7:"), "{stderr}");
    assert!(
        stderr.contains("pass1.jsonl:8: not a score record"),
        "{stderr}"
    );
    let tsv = std::fs::read_to_string(&learned).unwrap();
    assert!(
        tsv.lines()
            .any(|l| l == "lawyer normal\tattorney general\tmined\t0.3"),
        "{tsv}"
    );
    // Nothing from the clean reports: every entry is shown in 3 or more.
    for l in tsv.lines().filter(|l| !l.starts_with('#')) {
        assert!(l.starts_with("lawyer normal"), "{tsv}");
    }
    // The second run counts the entry in each of the four reports.
    let out = run_ok(
        unspun()
            .args(["score", "-q", "--no-dict", "--dict"])
            .arg(&learned)
            .arg(&docs),
    );
    let recs = records(&out.stdout);
    for (i, r) in recs.iter().enumerate() {
        let phrase = r["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "phrase" && e["text"] == "lawyer normal");
        assert_eq!(phrase, i < 4, "{r}");
    }
}
