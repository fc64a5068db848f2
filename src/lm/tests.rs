//! Tests of the model engine on a small ARPA model written here.

use super::table::EMPTY;
use super::*;

/// A tiny model with known values (order 3).
pub(crate) const TINY_ARPA: &str = "\\data\\
ngram 1=6
ngram 2=5
ngram 3=2

\\1-grams:
-1.0\t<s>\t-0.5
-1.2\t</s>
-0.8\tthe\t-0.3
-1.5\tcat\t-0.2
-1.6\tsat\t-0.1
-100\t<unk>

\\2-grams:
-0.4\t<s> the\t-0.2
-0.6\tthe cat\t-0.1
-0.7\tcat sat\t-0.05
-0.3\tsat </s>
-0.9\t<s> cat

\\3-grams:
-0.2\t<s> the cat
-0.25\tthe cat sat

\\end\\
";

/// A unigram model (no table to look up: scored word by word).
fn unigram() -> Model {
    let text = "\\data\\\nngram 1=4\n\n\\1-grams:\n-1.0\t<s>\n-1.2\t</s>\n-0.8\tthe\n-1.5\tcat\n\n\\end\\\n";
    let layers = arpa::read(text.as_bytes(), "unigram.arpa").unwrap();
    let m = Model::from_layers(&layers, "unigram").unwrap();
    assert_eq!(m.order(), 1);
    m
}

fn tiny() -> Model {
    let layers = arpa::read(TINY_ARPA.as_bytes(), "tiny.arpa").unwrap();
    Model::from_layers(&layers, "tiny").unwrap()
}

#[test]
fn gzipped_arpa_with_a_corrupt_byte_is_refused() {
    use std::io::Write;
    // Stored, not compressed: a flipped digit is still valid ARPA and
    // valid deflate, and only the gzip checksum can tell.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
    e.write_all(TINY_ARPA.as_bytes()).unwrap();
    let good = e.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.arpa.gz");
    std::fs::write(&path, &good).unwrap();
    assert_eq!(Model::open(&path).unwrap().counts(), vec![6, 5, 2]);
    let mut bad = good.clone();
    let at = bad
        .windows(8)
        .position(|w| w == b"-0.25\tth")
        .expect("the trigram's probability");
    bad[at + 3] = b'9';
    std::fs::write(&path, &bad).unwrap();
    let e = Model::open(&path).unwrap_err().to_string();
    assert!(e.contains("tiny.arpa.gz") && e.contains("gzip"), "{e}");
}

#[test]
fn arpa_with_a_byte_order_mark_reads_the_same() {
    let bom = format!("\u{feff}{TINY_ARPA}");
    let a = Model::from_layers(&arpa::read(bom.as_bytes(), "bom.arpa").unwrap(), "bom").unwrap();
    let b = tiny();
    for words in [
        &["the", "cat", "sat"][..],
        &["cat", "the"],
        &["sat", "zebra"],
    ] {
        let ids_a: Vec<WordId> = words.iter().map(|w| a.index(w)).collect();
        let ids_b: Vec<WordId> = words.iter().map(|w| b.index(w)).collect();
        let (x, y) = (
            a.score_sentence(&ids_a, true, true),
            b.score_sentence(&ids_b, true, true),
        );
        assert_eq!(x.log10, y.log10, "{words:?}");
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-5
}

#[test]
fn backoff_recursion_by_hand() {
    let m = tiny();
    let ids: Vec<WordId> = ["the", "cat", "sat"].iter().map(|w| m.index(w)).collect();
    let s = m.score_sentence(&ids, true, true);
    // <s> the: bigram -0.4; <s> the cat: trigram -0.2; the cat sat: trigram -0.25;
    // cat sat </s>: no trigram, backoff(cat sat) -0.05 + bigram(sat </s>) -0.3.
    assert!(
        close(s.log10, -0.4 - 0.2 - 0.25 - 0.05 - 0.3),
        "{}",
        s.log10
    );
    // "sat the": no bigram: backoff(sat) -0.1 + p(the) -0.8, after <s> sat:
    // <s> sat absent: bo(<s>) -0.5 + p(sat) -1.6.
    let ids: Vec<WordId> = ["sat", "the"].iter().map(|w| m.index(w)).collect();
    let s = m.score_sentence(&ids, true, false);
    assert!(close(s.log10, (-0.5 - 1.6) + (-0.1 - 0.8)), "{}", s.log10);
    assert_eq!(m.index("dog"), 0);
    let s = m.score_sentence(&[0], true, false);
    assert_eq!(s.oovs, 1);
    assert!(close(s.log10, -0.5 - 100.0));
}

#[test]
fn arpa_round_trip_is_identical() {
    let m = tiny();
    let mut text = Vec::new();
    m.write_arpa(&mut text).unwrap();
    let again = Model::from_layers(&arpa::read(&text[..], "again").unwrap(), "again").unwrap();
    assert_eq!(m.to_layers(), again.to_layers());
    let mut bytes = Vec::new();
    m.write_binary(&mut bytes).unwrap();
    let from_bytes = Model::from_bytes(bytes, "b").unwrap();
    assert_eq!(from_bytes.counts(), vec![6, 5, 2]);
}

#[test]
fn truncated_and_corrupt_binaries_are_errors() {
    let m = tiny();
    let mut bytes = Vec::new();
    m.write_binary(&mut bytes).unwrap();
    for cut in [0, 4, 8, 20, 40, bytes.len() / 2, bytes.len() - 1] {
        let e = Model::from_bytes(bytes[..cut].to_vec(), "cut.lm").unwrap_err();
        assert!(e.to_string().starts_with("cut.lm"), "{e}");
    }
    // Every flipped byte is refused at load (a probability is four bytes
    // like any other: only the checksum can tell it was changed).
    for at in 0..bytes.len() {
        for x in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[at] ^= x;
            let e = Model::from_bytes(b, "flip.lm").expect_err("a flip loaded");
            assert!(e.to_string().starts_with("flip.lm"), "{e}");
        }
    }
    let mut b = bytes.clone();
    let prob = b.len() - 9;
    b[prob] ^= 0x01;
    let e = Model::from_bytes(b, "p.lm").unwrap_err().to_string();
    assert!(e.contains("CRC-32"), "{e}");
    // A file with a valid checksum is still checked: an infinite
    // probability is refused.
    let mut layers = arpa::read(TINY_ARPA.as_bytes(), "tiny.arpa").unwrap();
    layers.uni_prob[3] = f32::NEG_INFINITY;
    let e = Model::from_bytes(binary::to_bytes(&layers), "inf.lm")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a finite number"), "{e}");
    // So is a finite one no model holds (sums of such values overflow).
    for v in [-3e38f32, 2000.0] {
        let mut layers = arpa::read(TINY_ARPA.as_bytes(), "tiny.arpa").unwrap();
        layers.uni_backoff[3] = v;
        let e = Model::from_bytes(binary::to_bytes(&layers), "huge.lm")
            .unwrap_err()
            .to_string();
        assert!(e.contains("within"), "{v}: {e}");
    }
    // A version 1 file (the same without the checksum) is told to be
    // converted again.
    let mut b = bytes[..bytes.len() - 4].to_vec();
    b[8] = 1;
    let e = Model::from_bytes(b, "old.lm").unwrap_err().to_string();
    assert!(e.contains("unspun lm convert"), "{e}");
    let mut b = bytes.clone();
    b[0] = b'X';
    assert!(Model::from_bytes(b, "m")
        .unwrap_err()
        .to_string()
        .contains("magic"));
}

#[test]
fn malformed_arpa_names_the_line() {
    let bad = TINY_ARPA.replace("-0.7\tcat sat\t-0.05", "-0.7\tcat dog\t-0.05");
    let e = arpa::read(bad.as_bytes(), "bad.arpa")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("bad.arpa:17:"), "{e}");
    let bad = TINY_ARPA.replace("-1.5\tcat", "x\tcat");
    let e = arpa::read(bad.as_bytes(), "bad.arpa")
        .unwrap_err()
        .to_string();
    assert!(e.contains(":10:"), "{e}");
    let cut = &TINY_ARPA[..TINY_ARPA.len() - 10];
    assert!(arpa::read(cut.as_bytes(), "cut.arpa").is_err());
    // NaN and infinities are refused, naming the line ...
    for (from, to, at) in [
        ("-1.5\tcat", "nan\tcat", ":10:"),
        ("-1.5\tcat", "inf\tcat", ":10:"),
        ("-0.8\tthe\t-0.3", "-0.8\tthe\tinf", ":9:"),
        ("-0.6\tthe cat\t-0.1", "-0.6\tthe cat\t-inf", ":16:"),
    ] {
        let bad = TINY_ARPA.replace(from, to);
        let e = arpa::read(bad.as_bytes(), "bad.arpa")
            .unwrap_err()
            .to_string();
        assert!(e.contains(at) && e.contains("not a finite"), "{to}: {e}");
    }
    // A finite backoff too large for any model is refused too: summed over
    // a sentence it would overflow and score NaN.
    for huge in ["3e38", "-3e38", "1001"] {
        let bad = TINY_ARPA.replace("-0.8\tthe\t-0.3", &format!("-0.8\tthe\t{huge}"));
        let e = arpa::read(bad.as_bytes(), "bad.arpa")
            .unwrap_err()
            .to_string();
        assert!(e.contains(":9:") && e.contains("beyond"), "{huge}: {e}");
    }
    // ... but a probability of -inf (written so, or too small for an f32,
    // or for any model) is a probability of zero, read as ARPA's -99, so no
    // score is infinite.
    for zero in ["-inf", "-1e40", "-3e38", "-5000"] {
        let text = TINY_ARPA.replace("-1.5\tcat", &format!("{zero}\tcat"));
        let m = Model::from_layers(&arpa::read(text.as_bytes(), "z.arpa").unwrap(), "z").unwrap();
        let ids: Vec<WordId> = ["sat", "cat"].iter().map(|w| m.index(w)).collect();
        let r = m.score_sentence(&ids, true, true);
        assert!(
            r.log10.is_finite() && r.log10 < -90.0,
            "{zero}: {}",
            r.log10
        );
    }
}

#[test]
fn builtin_model_loads_and_prefers_the_original() {
    let m = Model::builtin().unwrap();
    assert_eq!(m.order(), 3);
    assert_eq!(m.counts(), vec![72_548, 2_051_541, 1_669_625]);
    let ppl = |s: &str| {
        let ids: Vec<WordId> = s.split(' ').map(|w| m.index(w)).collect();
        let r = m.score_sentence(&ids, true, true);
        10f64.powf(-r.log10 / (ids.len() + 1) as f64)
    };
    let fluent = ppl("the attorney general said the football coach was number one");
    let spun = ppl("the lawyer normal said the soccer trainer was number one");
    assert!((fluent - 108.0).abs() < 2.0, "{fluent}");
    assert!((spun - 705.0).abs() < 10.0, "{spun}");
}

#[test]
fn builtin_passes_every_check() {
    // The built-in model is loaded without the passes over every n-gram
    // that only check the file; as owned bytes it gets them all, and must
    // pass, giving the same model.
    let checked = Model::from_bytes(BUILTIN_BYTES.to_vec(), "copy of the built-in").unwrap();
    let builtin = Model::builtin().unwrap();
    assert_eq!(checked.counts(), builtin.counts());
    for s in [
        "the attorney general said the football coach was number one",
        "the lawyer normal said the soccer trainer was number one",
    ] {
        let ids: Vec<WordId> = s.split(' ').map(|w| builtin.index(w)).collect();
        let a = builtin.score_sentence(&ids, true, true);
        let b = checked.score_sentence(&ids, true, true);
        assert_eq!(a.log10.to_bits(), b.log10.to_bits(), "{s}");
    }
}

#[test]
fn model_is_send_sync() {
    fn is<T: Send + Sync + Clone>() {}
    is::<Model>();
}

/// The batched sentence scorer gives exactly what scoring word by word
/// gives: on the built-in model and a trained 4-gram, with and without
/// `<s>` and `</s>`, with unknown words and out-of-range ids, for sentences
/// longer than a batch too.
#[test]
fn batched_sentence_scores_equal_word_by_word() {
    let builtin = Model::builtin().unwrap();
    let text = "the cat sat on the mat . the dog sat on the cat . a cat and a dog \
                sat on a mat . the mat sat on the dog and the cat";
    let mut config = train::TrainConfig::new(4);
    config.discount_fallback = true;
    let mut trainer = train::Trainer::new(config).unwrap();
    for s in text.split(" . ") {
        let words: Vec<&str> = s.split(' ').collect();
        trainer.add_sentence(&words).unwrap();
    }
    let (layers, _) = trainer.finish().unwrap();
    let trained = Model::from_layers(&layers, "trained").unwrap();
    let unigram = unigram();
    let sentences = [
        "the attorney general said the football coach was number one",
        "the cat sat on the mat and the dog sat on the cat",
        "zzz the qqq cat sat",
        "",
        "the",
    ];
    for m in [&builtin, &trained, &unigram] {
        let mut all: Vec<Vec<WordId>> = sentences
            .iter()
            .map(|s| s.split_whitespace().map(|w| m.index(w)).collect())
            .collect();
        all.push(vec![u32::MAX, 1, 2, 3]);
        all.push(all[1].iter().cycle().take(300).copied().collect());
        for ids in &all {
            for (bos, eos) in [(true, true), (true, false), (false, true), (false, false)] {
                let a = m.score_sentence(ids, bos, eos);
                let b = m.score_sentence_one_by_one(ids, bos, eos);
                assert_eq!(a, b, "{ids:?} bos {bos} eos {eos}");
            }
        }
        for (bos, eos) in [(true, true), (true, false), (false, true), (false, false)] {
            let refs: Vec<&[WordId]> = all.iter().map(Vec::as_slice).collect();
            let mut many = vec![SentenceScore::default()];
            m.score_sentences(&refs, bos, eos, &mut many);
            let want: Vec<SentenceScore> = std::iter::once(SentenceScore::default())
                .chain(
                    refs.iter()
                        .map(|s| m.score_sentence_one_by_one(s, bos, eos)),
                )
                .collect();
            assert_eq!(many, want, "bos {bos} eos {eos}");
        }
    }
}

/// The stepwise batched pass hands over, for every token, what
/// `score_full` gives word by word: log10, n-gram length and the state
/// before it, to the bit.
#[test]
fn stepwise_pass_equals_score_full_word_by_word() {
    let builtin = Model::builtin().unwrap();
    let mut config = train::TrainConfig::new(4);
    config.discount_fallback = true;
    let mut trainer = train::Trainer::new(config).unwrap();
    for s in ["a b c d a b", "b c d a b c", "c a b d c a b", "d d a b c"] {
        let words: Vec<&str> = s.split(' ').collect();
        trainer.add_sentence(&words).unwrap();
    }
    let (layers, _) = trainer.finish().unwrap();
    let trained = Model::from_layers(&layers, "trained").unwrap();
    for m in [&builtin, &trained, &unigram()] {
        let mut all: Vec<Vec<WordId>> = [
            "the attorney general said the football coach was number one",
            "a b c d a b c d d a",
            "zzz the qqq cat sat b a",
            "",
        ]
        .iter()
        .map(|s| s.split_whitespace().map(|w| m.index(w)).collect())
        .collect();
        all.push(vec![u32::MAX, 1, 2, 3]);
        all.push(all[0].iter().cycle().take(200).copied().collect());
        let refs: Vec<&[WordId]> = all.iter().map(Vec::as_slice).collect();
        for (bos, eos) in [(true, true), (true, false), (false, true), (false, false)] {
            let mut got = Vec::new();
            m.score_sentences_stepwise(&refs, bos, eos, |i, k, w, scored, state| {
                got.push((i, k, w, scored.log10.to_bits(), scored.ngram_len, *state));
            });
            let mut want = Vec::new();
            for (i, s) in refs.iter().enumerate() {
                let mut state = if bos {
                    m.begin_sentence_state()
                } else {
                    m.null_context_state()
                };
                let tail = eos.then_some(m.end_sentence_id());
                for (k, &w) in s.iter().chain(tail.iter()).enumerate() {
                    let w = if (w as usize) < m.vocab_len() { w } else { 0 };
                    let mut next = State::default();
                    let scored = m.score_full(&state, w, &mut next);
                    want.push((i, k, w, scored.log10.to_bits(), scored.ngram_len, state));
                    state = next;
                }
            }
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g, w, "bos {bos} eos {eos}");
            }
        }
    }
}

#[test]
fn index_words_equals_index() {
    let m = Model::builtin().unwrap();
    let text = "the attorney general said zzzq <s> </s> <unk> a b c ".repeat(7) + "épée 漢字";
    let mut ids = vec![42];
    m.index_words(text.split_whitespace().map(str::as_bytes), &mut ids);
    let want: Vec<WordId> = std::iter::once(42)
        .chain(text.split_whitespace().map(|w| m.index(w)))
        .collect();
    assert_eq!(ids, want);
    assert!(want.iter().filter(|&&id| id == 0).count() >= 8);
    assert!(want.iter().filter(|&&id| id != 0).count() >= 40);
}

#[test]
fn word_hash_separates_short_words_and_lengths() {
    // Every word of up to three letters, and words of 4 to 12 letters that
    // share prefixes and suffixes: the tail reads overlap, and the length
    // must not cancel against the last byte ("ab" against "abc").
    let letters: Vec<u8> = (b'a'..=b'z').chain([b'\'', b'-', b'0']).collect();
    let mut words: Vec<Vec<u8>> = vec![Vec::new()];
    for n in 1..=3 {
        let mut next = Vec::new();
        for w in words.iter().filter(|w| w.len() == n - 1) {
            for &c in &letters {
                let mut v = w.clone();
                v.push(c);
                next.push(v);
            }
        }
        words.extend(next);
    }
    for n in 4..=12 {
        for &c in &letters {
            words.push(vec![c; n]);
            let mut v = b"abcdefghijkl"[..n].to_vec();
            v[n - 1] = c;
            words.push(v);
        }
    }
    words.sort();
    words.dedup();
    let mut seen = std::collections::HashMap::new();
    for w in &words {
        if let Some(other) = seen.insert(VocabIndex::hash(w), w) {
            panic!(
                "{:?} and {:?} share a hash",
                String::from_utf8_lossy(other),
                String::from_utf8_lossy(w)
            );
        }
    }
}

/// `score_each` and `score_after_each` give what `score` gives word by
/// word, log10 and state to the bit, after every state reachable in a few
/// steps, on models of orders 1 to 4, for more words (and states) than one
/// chunk and out-of-range ids.
#[test]
fn score_each_equals_score_word_by_word() {
    let mut config = train::TrainConfig::new(4);
    config.discount_fallback = true;
    let mut trainer = train::Trainer::new(config).unwrap();
    for s in "the cat sat on the mat . the dog sat on the cat . a cat and a dog sat".split(" . ") {
        let words: Vec<&str> = s.split(' ').collect();
        trainer.add_sentence(&words).unwrap();
    }
    let (layers, _) = trainer.finish().unwrap();
    let trained = Model::from_layers(&layers, "trained").unwrap();
    let builtin = Model::builtin().unwrap();
    for m in [&tiny(), &trained, &unigram(), &builtin] {
        let mut words: Vec<WordId> = if m.vocab_len() < 100 {
            (0..m.vocab_len() as WordId).collect()
        } else {
            "the attorney general said the football coach was number one of the united states"
                .split(' ')
                .map(|w| m.index(w))
                .collect()
        };
        words.push(u32::MAX);
        // Past one chunk of 32.
        let many: Vec<WordId> = words.iter().cycle().take(75).copied().collect();
        let mut states = vec![m.begin_sentence_state(), m.null_context_state()];
        let mut frontier = states.clone();
        for _ in 0..m.order().min(3) {
            let mut next_frontier = Vec::new();
            for st in &frontier {
                for &w in &words {
                    let mut out = State::default();
                    m.score(st, w, &mut out);
                    next_frontier.push(out);
                }
            }
            next_frontier.truncate(400);
            states.extend_from_slice(&next_frontier);
            frontier = next_frontier;
        }
        let mut got = Vec::new();
        for st in &states {
            m.score_each(st, &many, &mut got);
            let want: Vec<(f32, State)> = many
                .iter()
                .map(|&w| {
                    let mut out = State::default();
                    (m.score(st, w, &mut out), out)
                })
                .collect();
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.0.to_bits(), w.0.to_bits(), "{} after {st:?}", m.name());
                assert_eq!(g.1, w.1, "{} after {st:?}", m.name());
            }
        }
        // And one word after each of many states (more than a chunk).
        for &w in &words {
            m.score_after_each(&states, w, &mut got);
            assert_eq!(got.len(), states.len());
            for (g, st) in got.iter().zip(&states) {
                let mut out = State::default();
                let want = m.score(st, w, &mut out);
                assert_eq!(g.0.to_bits(), want.to_bits(), "{} after {st:?}", m.name());
                assert_eq!(g.1, out, "{} after {st:?}", m.name());
            }
        }
    }
}

/// Every n-gram of every table passes its table's filter (so the filter
/// never turns away a key `find` would find), and it turns away most keys
/// that are not there.
#[test]
fn ngram_filters_hold_every_key_and_few_others() {
    let builtin = Model::builtin().unwrap();
    for m in [&tiny(), &builtin] {
        for t in &m.inner.tables {
            let mut held = 0usize;
            for at in 0..t.len {
                let s = t.slot(at);
                if s.word == EMPTY {
                    continue;
                }
                let (parent, word) = (s.parent & !CONTEXT_BIT, s.word & !EXTENDED_BIT);
                assert!(t.may_hold(parent, word), "{} slot {at}", m.name());
                assert!(t.find(parent, word).is_some());
                held += 1;
            }
            assert!(held > 0);
        }
    }
    // Keys made up from the vocabulary: few pass unless they are there.
    let t = &builtin.inner.tables[0];
    let (mut absent, mut passed) = (0usize, 0usize);
    for i in 0..200_000u64 {
        let parent = (i.wrapping_mul(0x9E37_79B9) % builtin.vocab_len() as u64) as u32;
        let word = (i.wrapping_mul(0x85EB_CA6B) % builtin.vocab_len() as u64) as u32;
        if t.find(parent, word).is_none() {
            absent += 1;
            passed += usize::from(t.may_hold(parent, word));
        }
    }
    assert!(absent > 100_000);
    assert!(
        passed * 100 < absent * 8,
        "{passed} of {absent} absent keys passed"
    );
}

#[test]
fn child_pointers_start_at_zero_never_fall_and_end_at_the_layer_size() {
    use super::layers::bad_child_pointer;
    assert_eq!(bad_child_pointer([0, 2, 2, 5], 5), None);
    assert_eq!(bad_child_pointer([1, 2, 5], 5), Some(0));
    assert_eq!(bad_child_pointer([0, 3, 2, 5], 5), Some(2));
    assert_eq!(bad_child_pointer([0, 6, 5], 5), Some(1));
    assert_eq!(bad_child_pointer([0, 2, 4], 5), Some(2));
    assert_eq!(bad_child_pointer([], 0), Some(0));
}
