//! The thesaurus: the built-in table's contents, the binary format's
//! validation, the TSV loader's errors, and the `unspun thesaurus` commands.

mod common;

use common::unspun;
use std::io::Write;

use unspun::thesaurus::{source, Thesaurus};
use unspun::Error;

fn builtin() -> Thesaurus {
    Thesaurus::builtin().expect("built-in thesaurus loads")
}

fn has(th: &Thesaurus, a: &str, b: &str) -> u8 {
    let flags = th
        .sources(a, b)
        .unwrap_or_else(|| panic!("{a:?} -> {b:?} missing"));
    assert!(
        th.synonyms(a).any(|s| s.text == b && s.sources == flags),
        "{a:?} -> {b:?} not listed by synonyms()"
    );
    assert_eq!(
        th.sources(b, a),
        Some(flags),
        "{b:?} -> {a:?} not symmetric"
    );
    flags
}

#[test]
fn spinner_pairs_both_ways() {
    let th = builtin();
    for (a, b) in [
        ("attorney", "lawyer"),
        ("general", "normal"),
        ("coach", "trainer"),
        ("football", "soccer"),
        ("percent", "percentage"),
        ("first", "number one"),
        ("become", "evolve into"),
        ("become", "come to be"),
        ("judge", "pass judgment"),
    ] {
        has(&th, a, b);
    }
}

#[test]
fn source_bits() {
    let th = builtin();
    // Moby only: loose pairs.
    assert_eq!(has(&th, "general", "normal"), source::MOBY);
    // All three dictionaries agree.
    assert_eq!(
        has(&th, "attorney", "lawyer"),
        source::MOBY | source::MYTHES | source::WORDNET
    );
    // MyThes lists football as soccer's generic term.
    assert!(has(&th, "football", "soccer") & source::MYTHES != 0);
    assert!(has(&th, "judge", "pass judgment") & source::WORDNET != 0);
}

#[test]
fn inflected_pairs() {
    let th = builtin();
    for (a, b) in [
        ("swapped", "traded"),
        ("swaps", "trades"),
        ("lawyers", "attorneys"),
        ("judged", "passed judgment"),
        ("went", "travelled"),
    ] {
        let flags = has(&th, a, b);
        assert!(flags & source::INFLECTED != 0, "{a} -> {b}: {flags}");
        assert!(flags & source::DICTIONARIES != 0, "{a} -> {b}: {flags}");
    }
    // Listed as written by a source: not marked inflected.
    assert_eq!(has(&th, "coach", "trainer") & source::INFLECTED, 0);
    assert_eq!(has(&th, "swapping", "trading") & source::INFLECTED, 0);
}

#[test]
fn builtin_is_symmetric_and_consistent() {
    let th = builtin();
    assert!(th.len() > 100_000, "{} heads", th.len());
    assert!(th.pair_count() > 3_000_000);
    assert!(th.max_phrase_words() >= 3);
    let mut pairs = 0;
    for head in th.heads().step_by(97) {
        assert!(th.contains(head));
        for s in th.synonyms(head) {
            assert_ne!(s.text, head);
            assert_eq!(
                th.sources(s.text, head),
                Some(s.sources),
                "{head} / {}",
                s.text
            );
            assert!(s.sources & source::DICTIONARIES != 0);
            assert!(s.text.split(' ').count() <= th.max_phrase_words());
            pairs += 1;
        }
    }
    assert!(pairs > 10_000);
    let counts = th.source_counts();
    assert!(counts.iter().all(|&c| c > 100_000), "{counts:?}");
}

#[test]
fn lookups_normalise_and_miss_cleanly() {
    let th = builtin();
    assert_eq!(
        th.synonyms("  Pass   Judgment ").count(),
        th.synonyms("pass judgment").count()
    );
    assert!(th.synonyms("pass judgment").len() > 0);
    assert_eq!(th.synonyms("qwxzv").count(), 0);
    assert_eq!(th.synonyms("").count(), 0);
    assert!(!th.contains("qwxzv"));
    assert_eq!(th.sources("attorney", "qwxzv"), None);
    // Synonym lists are in byte order.
    let list: Vec<&str> = th.synonyms("attorney").map(|s| s.text).collect();
    assert!(list.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_head() {
    let text = "a\tb\t1\nc\td\t2\n";
    let plain = Thesaurus::from_tsv_reader("t.tsv", text.as_bytes()).unwrap();
    let bom = format!("\u{feff}{text}");
    let th = Thesaurus::from_tsv_reader("t.tsv", bom.as_bytes()).unwrap();
    assert_eq!(th.sources("a", "b"), Some(source::MOBY));
    assert_eq!(th.pair_count(), plain.pair_count());
}

#[test]
fn restrict_to_one_source() {
    let th =
        Thesaurus::from_tsv_reader("t.tsv", "a\tb\t1\na\tc\t6\nd\te\t9\nd\tf\t12\n".as_bytes())
            .unwrap();
    let moby = th.restrict(source::MOBY).unwrap();
    assert_eq!(moby.sources("a", "b"), Some(source::MOBY));
    assert_eq!(moby.sources("a", "c"), None);
    assert_eq!(moby.sources("d", "e"), None, "inflected dropped");
    let wn = th.restrict(source::WORDNET | source::INFLECTED).unwrap();
    assert_eq!(wn.sources("a", "c"), Some(source::WORDNET));
    assert_eq!(
        wn.sources("f", "d"),
        Some(source::WORDNET | source::INFLECTED)
    );
    assert_eq!(wn.pair_count(), 4);
}

fn small() -> Thesaurus {
    let tsv = "# comment\n\nattorney\tlawyer\t7\r\nAttorney  General\tlawyer normal\t1\n\
               coach\ttrainer\t3\nlawyer\tattorney\t1\ncoach\tcoach\t1\n";
    Thesaurus::from_tsv_reader("small.tsv", tsv.as_bytes()).unwrap()
}

#[test]
fn tsv_loader() {
    let th = small();
    assert_eq!(th.len(), 6);
    assert_eq!(th.pair_count(), 6);
    assert_eq!(th.max_phrase_words(), 2);
    // Duplicate pairs OR their flags; the reverse is added.
    assert_eq!(th.sources("lawyer", "attorney"), Some(7));
    assert_eq!(th.sources("lawyer normal", "attorney general"), Some(1));
    assert_eq!(th.sources("trainer", "coach"), Some(3));
    assert_eq!(th.sources("coach", "coach"), None);
    let phrases: Vec<&str> = th.phrases().collect();
    assert_eq!(
        phrases,
        [
            "attorney",
            "attorney general",
            "coach",
            "lawyer",
            "lawyer normal",
            "trainer"
        ]
    );
}

#[test]
fn binary_round_trip() {
    let th = small();
    let mut bytes = Vec::new();
    th.write_binary(&mut bytes).unwrap();
    assert_eq!(bytes.len(), th.binary_size());
    let back = Thesaurus::from_bytes("x.bin", bytes.clone()).unwrap();
    assert_eq!(back.as_bytes(), th.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.bin");
    th.save(&path).unwrap();
    let opened = Thesaurus::open(&path).unwrap();
    assert_eq!(opened.as_bytes(), &bytes[..]);
    // A TSV opened by path is compiled at load.
    let tsv = dir.path().join("t.tsv");
    std::fs::write(&tsv, "a\tb\t2\n").unwrap();
    assert_eq!(Thesaurus::open(&tsv).unwrap().sources("b", "a"), Some(2));
    // The built-in table is a fixed point of write/read.
    let b = builtin();
    let mut out = Vec::new();
    b.write_binary(&mut out).unwrap();
    assert_eq!(out.len(), b.binary_size());
}

fn format_error(r: unspun::Result<Thesaurus>) -> (String, Option<u64>, String) {
    match r {
        Err(Error::Format { location, message }) => (location.source, location.line, message),
        Err(e) => panic!("expected a format error, got {e}"),
        Ok(_) => panic!("expected a format error, got a thesaurus"),
    }
}

#[test]
fn bad_tsv_lines() {
    for (text, line, want) in [
        ("a\tb\n", 1, "expected 3 tab-separated fields"),
        (
            "a\tb\t1\na\tb\t1\t1\n",
            2,
            "expected 3 tab-separated fields",
        ),
        ("a\tb\t0\n", 1, "flags"),
        ("a\tb\t16\n", 1, "flags"),
        ("a\tb\tx\n", 1, "flags"),
        ("a\tb\t-1\n", 1, "flags"),
        ("# c\n\n \t b\t1\n", 3, "empty phrase"),
        ("a\t\t1\n", 1, "empty phrase"),
        ("a\tb\x01c\t1\n", 1, "control character"),
    ] {
        let (source, at, message) =
            format_error(Thesaurus::from_tsv_reader("bad.tsv", text.as_bytes()));
        assert_eq!(source, "bad.tsv");
        assert_eq!(at, Some(line), "{text:?}: {message}");
        assert!(message.contains(want), "{text:?}: {message}");
    }
    let (_, at, message) = format_error(Thesaurus::from_tsv_reader(
        "bad.tsv",
        &b"a\tb\t1\n\xff\tb\t1\n"[..],
    ));
    assert_eq!(at, Some(2));
    assert!(message.contains("UTF-8"), "{message}");
    // A file with no pairs at all (empty, comments, or every pair a word
    // with itself) is refused when opened.
    let dir = tempfile::tempdir().unwrap();
    for text in ["", "# only a comment\n\n", "same\tsame\t1\n"] {
        let path = dir.path().join("empty.tsv");
        std::fs::write(&path, text).unwrap();
        let (source, _, message) = format_error(Thesaurus::open(&path));
        assert!(source.ends_with("empty.tsv"), "{source}");
        assert!(message.contains("no synonym pairs"), "{text:?}: {message}");
    }
}

#[test]
fn truncated_binaries_are_format_errors() {
    let mut bytes = Vec::new();
    small().write_binary(&mut bytes).unwrap();
    for len in 0..bytes.len() {
        let (source, line, message) =
            format_error(Thesaurus::from_bytes("cut.bin", bytes[..len].to_vec()));
        assert_eq!(source, "cut.bin");
        assert_eq!(line, None);
        assert!(!message.is_empty());
    }
    let mut longer = bytes.clone();
    longer.push(b'x');
    format_error(Thesaurus::from_bytes("long.bin", longer));
}

#[test]
fn corrupt_binaries_are_format_errors() {
    let mut bytes = Vec::new();
    small().write_binary(&mut bytes).unwrap();
    // Every flipped byte, wherever it is (a source flag or a synonym id
    // that stays in range included), is refused at load.
    for at in 0..bytes.len() {
        for x in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[at] ^= x;
            match Thesaurus::from_bytes("bad.bin", b) {
                Err(Error::Format { .. }) => {}
                Err(e) => panic!("not a format error: {e}"),
                Ok(_) => panic!("byte {at} flipped by {x:#x} was not noticed"),
            }
        }
    }
    // A flip in the body names the checksum.
    let mut b = bytes.clone();
    let last = b.len() - 5;
    b[last] ^= 0x20;
    assert!(format_error(Thesaurus::from_bytes("c.bin", b))
        .2
        .contains("CRC-32"));
    // Specific corruptions with clear messages.
    let mut b = bytes.clone();
    b[0] = b'X';
    assert!(format_error(Thesaurus::from_bytes("m.bin", b))
        .2
        .contains("magic"));
    let mut b = bytes.clone();
    b[8] = 3;
    assert!(format_error(Thesaurus::from_bytes("v.bin", b))
        .2
        .contains("version"));
    // A version 1 file (no checksum) is told to be compiled again.
    let mut b = bytes[..bytes.len() - 4].to_vec();
    b[8] = 1;
    assert!(format_error(Thesaurus::from_bytes("old.bin", b))
        .2
        .contains("compile its TSV again"));
}

#[test]
fn open_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.bin");
    std::fs::write(&path, b"not a thesaurus at all").unwrap();
    let (source, _, message) = format_error(Thesaurus::open(&path));
    assert!(source.ends_with("junk.bin"));
    assert!(message.contains("magic"));
    let tsv = dir.path().join("bad.tsv");
    std::fs::write(&tsv, "a\tb\t1\nb c\n").unwrap();
    let (source, line, _) = format_error(Thesaurus::open(&tsv));
    assert!(source.ends_with("bad.tsv"));
    assert_eq!(line, Some(2));
    match Thesaurus::open(&dir.path().join("missing.bin")) {
        Err(Error::Io { path, .. }) => assert!(path.ends_with("missing.bin")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn types_are_send_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Thesaurus>();
}

#[test]
fn cli_compile_lookup_info() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("t.tsv");
    let bin = dir.path().join("t.bin");
    let mut f = std::fs::File::create(&tsv).unwrap();
    writeln!(f, "attorney\tlawyer\t7\nswapped\ttraded\t9").unwrap();
    drop(f);
    let out = unspun()
        .args(["thesaurus", "compile"])
        .arg(&tsv)
        .arg("-o")
        .arg(&bin)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = unspun()
        .args(["thesaurus", "lookup", "--thesaurus"])
        .arg(&bin)
        .args(["lawyer", "traded"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "lawyer\tattorney\tmoby+mythes+wordnet\ntraded\tswapped\tmoby+inflected\n"
    );
    let out = unspun()
        .args(["thesaurus", "lookup", "--thesaurus"])
        .arg(&bin)
        .arg("qwxzv")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("qwxzv"));
    let out = unspun()
        .args(["thesaurus", "info"])
        .arg(&bin)
        .output()
        .unwrap();
    assert!(out.status.success());
    let info = String::from_utf8(out.stdout).unwrap();
    assert!(info.contains("pairs:\t4"), "{info}");
    // A malformed TSV names file and line, exit code non-zero.
    std::fs::write(&tsv, "a\tb\t1\nbad line\n").unwrap();
    let out = unspun()
        .args(["thesaurus", "compile"])
        .arg(&tsv)
        .arg("-o")
        .arg(&bin)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("t.tsv:2"), "{err}");
    let out = unspun()
        .args(["thesaurus", "lookup", "attorney"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("attorney\tlawyer\t"));
}
