//! Tests of the trainer: counts, counts of counts, discounts and
//! probabilities worked out by hand on a small corpus; every context of a
//! trained model sums to one; spilling to disk changes nothing; pruning.

use super::train::{discounts, TrainConfig, TrainStats, Trainer};
use super::{arpa, Model, State, WordId};
use crate::lm::layers::Layers;

/// Seven sentences, chosen so that every count of counts t1..t4 is non-zero
/// for a bigram model (otherwise no Kneser-Ney discount can be estimated).
const HAND_CORPUS: [&str; 7] = ["c", "b", "d a", "d", "c a b", "d", "d b"];

fn train(sentences: &[String], config: TrainConfig) -> (Layers, TrainStats) {
    let mut t = Trainer::new(config).unwrap();
    for s in sentences {
        let words: Vec<&str> = s.split_whitespace().collect();
        t.add_sentence(&words).unwrap();
    }
    t.finish().unwrap()
}

fn model(layers: &Layers) -> Model {
    Model::from_layers(layers, "trained").unwrap()
}

fn ids(m: &Model, s: &str) -> Vec<WordId> {
    s.split_whitespace().map(|w| m.index(w)).collect()
}

/// log10 P(word | context) where `context` is a list of words, `<s>` first
/// for a sentence start.
fn prob(m: &Model, context: &[&str], word: &str) -> f64 {
    let mut state = m.null_context_state();
    let mut next = State::default();
    for (i, w) in context.iter().enumerate() {
        if i == 0 && *w == "<s>" {
            state = m.begin_sentence_state();
            continue;
        }
        m.score(&state, m.index(w), &mut next);
        state = next;
    }
    f64::from(m.score(&state, m.index(word), &mut next))
}

fn close(a: f64, b: f64, eps: f64) -> bool {
    (a - b).abs() < eps
}

#[test]
fn hand_corpus_counts_discounts_and_probabilities() {
    let corpus: Vec<String> = HAND_CORPUS.iter().map(|s| s.to_string()).collect();
    let (layers, stats) = train(&corpus, TrainConfig::new(2));
    // Sentences: <s> c </s> | <s> b </s> | <s> d a </s> | <s> d </s> |
    // <s> c a b </s> | <s> d </s> | <s> d b </s>.
    // Bigrams (highest order: raw counts): <s> d 4, b </s> 3, <s> c 2,
    // d </s> 2, and once each: c </s>, <s> b, d a, a </s>, c a, a b, d b.
    // So 11 bigrams, t1 = 7, t2 = 2, t3 = 1, t4 = 1.
    // Unigrams (continuation counts = distinct left neighbours): c {<s>} 1,
    // d {<s>} 1, a {d, c} 2, b {<s>, a, d} 3, </s> {c, b, a, d} 4; <s> is
    // listed with 0. So t1 = 2, t2 = 1, t3 = 1, t4 = 1.
    assert_eq!(stats.sentences, 7);
    assert_eq!(stats.words, 11);
    assert_eq!(stats.ngrams, vec![6, 11]);
    assert_eq!(stats.count_of_counts, vec![[2, 1, 1, 1], [7, 2, 1, 1]]);
    // Unigrams: Y = 2 / (2 + 2 * 1) = 1/2; D1 = 1 - 2 Y t2/t1 = 1/2,
    // D2 = 2 - 3 Y t3/t2 = 1/2, D3+ = 3 - 4 Y t4/t3 = 1.
    // Bigrams: Y = 7 / 11; D1 = 1 - 2 (7/11)(2/7) = 7/11,
    // D2 = 2 - 3 (7/11)(1/2) = 23/22, D3+ = 3 - 4 (7/11)(1/1) = 5/11.
    let want = [[0.5, 0.5, 1.0], [7.0 / 11.0, 23.0 / 22.0, 5.0 / 11.0]];
    for (got, want) in stats.discounts.iter().zip(want) {
        for k in 0..3 {
            assert!(close(got[k], want[k], 1e-12), "{got:?} {want:?}");
        }
    }
    let m = model(&layers);
    // Vocabulary: <unk> <s> </s> c b d a (7 words, 6 without <s>).
    assert_eq!(m.vocab_len(), 7);
    // Unigram context: sum of continuation counts 11; discounted mass
    // 2 D1 + 1 D2 + 2 D3+ = 3.5; uniform share 3.5 / 11 / 6.
    let uniform = 3.5 / 11.0 / 6.0;
    let p_uni = |a: f64, d: f64| (a - d) / 11.0 + uniform;
    for (w, p) in [
        ("c", p_uni(1.0, 0.5)),
        ("d", p_uni(1.0, 0.5)),
        ("a", p_uni(2.0, 0.5)),
        ("b", p_uni(3.0, 1.0)),
        ("</s>", p_uni(4.0, 1.0)),
        ("<unk>", uniform),
    ] {
        let got = prob(&m, &[], w);
        assert!(close(got, p.log10(), 1e-6), "{w}: {got} vs {}", p.log10());
    }
    let (d1, d2, d3) = (want[1][0], want[1][1], want[1][2]);
    // Context d: d a 1, d </s> 2, d b 1: total 4, mass 2 D1 + D2.
    let b_d = (2.0 * d1 + d2) / 4.0;
    let p_b_d = (1.0 - d1) / 4.0 + b_d * p_uni(3.0, 1.0);
    assert!(close(prob(&m, &["d"], "b"), p_b_d.log10(), 1e-6));
    // Unseen "d c" backs off: b(d) p(c).
    let p_c_d = b_d * p_uni(1.0, 0.5);
    assert!(close(prob(&m, &["d"], "c"), p_c_d.log10(), 1e-6));
    // Context <s>: <s> c 2, <s> b 1, <s> d 4: total 7, mass D2 + D1 + D3+.
    let b_bos = (d1 + d2 + d3) / 7.0;
    let p_d_bos = (4.0 - d3) / 7.0 + b_bos * p_uni(1.0, 0.5);
    assert!(close(prob(&m, &["<s>"], "d"), p_d_bos.log10(), 1e-6));
    // Whole sentence "d b": <s> d, d b, b </s> (context b: b </s> 3 only,
    // total 3, mass D3+).
    let p_end_b = (3.0 - d3) / 3.0 + d3 / 3.0 * p_uni(4.0, 1.0);
    let s = m.score_sentence(&ids(&m, "d b"), true, true);
    let want = p_d_bos.log10() + p_b_d.log10() + p_end_b.log10();
    assert!(close(s.log10, want, 1e-5), "{} vs {want}", s.log10);
    // <s> is never predicted.
    assert!(close(prob(&m, &[], "<s>"), -99.0, 1e-9));
}

#[test]
fn discounts_from_counts_of_counts() {
    // Y = 100 / (100 + 2 * 40) = 5/9; D1 = 1 - 2 (5/9)(40/100) = 5/9,
    // D2 = 2 - 3 (5/9)(20/40) = 7/6, D3+ = 3 - 4 (5/9)(10/20) = 17/9.
    let d = discounts(&[100, 40, 20, 10]).unwrap();
    let want = [5.0 / 9.0, 7.0 / 6.0, 17.0 / 9.0];
    for k in 0..3 {
        assert!(close(d[k], want[k], 1e-12), "{d:?}");
    }
    assert_eq!(discounts(&[3, 0, 1, 1]), None);
    // Y = 10 / 12; D2 = 2 - 3 (10/12)(100/1) < 0: not a discount.
    assert_eq!(discounts(&[10, 1, 100, 1]), None);
}

/// A deterministic corpus: sentences of 1 to 12 words over 5000 words, most
/// drawn from a steep power law (so that there are rare words and every
/// count of counts is non-zero), half following the previous word.
fn synthetic_corpus(sentences: usize) -> Vec<String> {
    const WORDS: u64 = 5000;
    let words: Vec<String> = (0..WORDS).map(|i| format!("w{i}")).collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = Vec::with_capacity(sentences);
    for _ in 0..sentences {
        let len = 1 + (next() % 12) as usize;
        let mut s: Vec<&str> = Vec::with_capacity(len);
        let mut prev: Option<u64> = None;
        for _ in 0..len {
            let r = next();
            let i = match prev {
                Some(p) if r % 2 == 0 => (p * 7 + 3) % WORDS,
                _ => {
                    let u = ((r >> 11) as f64) / ((1u64 << 53) as f64);
                    (WORDS as f64 * u.powi(4)) as u64
                }
            };
            s.push(&words[i as usize]);
            prev = Some(i);
        }
        out.push(s.join(" "));
    }
    out
}

/// For every context of a trained model (empty, each unigram, each n-gram
/// below the top order), the probabilities of all words but `<s>` sum to 1.
fn assert_contexts_sum_to_one(layers: &Layers) {
    let m = model(layers);
    let v = layers.vocab.len();
    let bos = m.index("<s>");
    let mut contexts: Vec<State> = vec![m.null_context_state()];
    let mut full_length = 0usize;
    // Reversed paths of each non-top layer's entries.
    let mut paths: Vec<Vec<WordId>> = (0..v as u32).map(|i| vec![i]).collect();
    let mut child = layers.uni_child.clone();
    let mut all_paths = paths.clone();
    for l in &layers.layers[..layers.layers.len().saturating_sub(1)] {
        let mut next_paths = Vec::new();
        for (p, path) in paths.iter().enumerate() {
            for i in child[p] as usize..child[p + 1] as usize {
                let mut q = path.clone();
                q.push(l.word[i]);
                next_paths.push(q);
            }
        }
        all_paths.extend(next_paths.iter().cloned());
        paths = next_paths;
        child = l.child.clone();
    }
    for path in &all_paths {
        // Oldest word first.
        let words: Vec<WordId> = path.iter().rev().copied().collect();
        if words.contains(&0) {
            continue;
        }
        let mut state = m.null_context_state();
        let mut next = State::default();
        for (i, &w) in words.iter().enumerate() {
            if i == 0 && w == bos {
                state = m.begin_sentence_state();
                continue;
            }
            m.score(&state, w, &mut next);
            state = next;
        }
        // The state drops context words that no longer n-gram extends (as
        // KenLM's does); what is left must still sum to one.
        let full = words.len().min(m.order() - 1);
        assert!(state.len() <= full, "{words:?}");
        full_length += usize::from(state.len() == full);
        contexts.push(state);
    }
    assert!(contexts.len() > 1, "no contexts found");
    assert!(full_length > 0, "no state keeps its whole context");
    for state in &contexts {
        let mut next = State::default();
        let total: f64 = (0..v as u32)
            .filter(|&w| w != bos)
            .map(|w| 10f64.powf(f64::from(m.score(state, w, &mut next))))
            .sum();
        assert!(
            (total - 1.0).abs() < 1e-4,
            "context {:?} sums to {total}",
            state.words()
        );
    }
}

#[test]
fn every_context_sums_to_one() {
    let corpus = synthetic_corpus(3000);
    for order in 1..=4 {
        let (layers, stats) = train(&corpus, TrainConfig::new(order));
        assert_eq!(
            stats.kept,
            stats
                .ngrams
                .iter()
                .enumerate()
                .map(|(k, &n)| if k == 0 { n + 1 } else { n })
                .collect::<Vec<_>>()
        );
        assert_contexts_sum_to_one(&layers);
    }
}

#[test]
fn spilling_runs_to_disk_gives_the_same_model() {
    let corpus = synthetic_corpus(2000);
    let (in_memory, stats) = train(&corpus, TrainConfig::new(3));
    assert_eq!(stats.runs, 0);
    let dir = tempfile::tempdir().unwrap();
    let mut config = TrainConfig::new(3);
    config.memory_bytes = 8 << 10;
    config.temp_dir = Some(dir.path().to_path_buf());
    let (spilled, stats) = train(&corpus, config);
    assert!(stats.runs > 10, "only {} runs", stats.runs);
    assert_eq!(in_memory, spilled);
    // The runs are removed.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn pruned_model_still_sums_to_one() {
    let corpus = synthetic_corpus(3000);
    let mut config = TrainConfig::new(3);
    config.prune = vec![0, 1, 2];
    let (layers, stats) = train(&corpus, config);
    assert_eq!(stats.kept[0], stats.ngrams[0] + 1);
    assert!(stats.kept[1] < stats.ngrams[1] && stats.kept[2] < stats.ngrams[2]);
    assert_contexts_sum_to_one(&layers);
}

#[test]
fn bad_settings_are_errors() {
    assert!(Trainer::new(TrainConfig::new(0)).is_err());
    assert!(Trainer::new(TrainConfig::new(6)).is_err());
    let mut c = TrainConfig::new(3);
    c.prune = vec![1];
    assert!(Trainer::new(c).is_err());
    let mut c = TrainConfig::new(3);
    c.prune = vec![0, 2, 1];
    assert!(Trainer::new(c).is_err());
    // Too small a corpus for discounts, with and without the fallback.
    let mut t = Trainer::new(TrainConfig::new(2)).unwrap();
    t.add_sentence(&["a", "b"]).unwrap();
    let err = t.finish().unwrap_err().to_string();
    assert!(err.contains("--discount-fallback"), "{err}");
    let mut c = TrainConfig::new(2);
    c.discount_fallback = true;
    let mut t = Trainer::new(c).unwrap();
    t.add_sentence(&["a", "b"]).unwrap();
    let (layers, stats) = t.finish().unwrap();
    assert_eq!(stats.discounts[1], [0.5, 1.0, 1.5]);
    assert_contexts_sum_to_one(&layers);
    assert!(Trainer::new(TrainConfig::new(2)).unwrap().finish().is_err());
}

#[test]
fn trained_arpa_reads_back_to_the_same_scores() {
    let corpus = synthetic_corpus(1000);
    let (layers, _) = train(&corpus, TrainConfig::new(3));
    let mut text = Vec::new();
    arpa::write(&layers, &mut text).unwrap();
    let back = arpa::read(&text[..], "trained.arpa").unwrap();
    let (a, b) = (model(&layers), model(&back));
    for s in corpus.iter().take(200).chain(
        ["w1 w2 zzz w3"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .iter(),
    ) {
        let (x, y) = (
            a.score_sentence(&ids(&a, s), true, true),
            b.score_sentence(&ids(&b, s), true, true),
        );
        assert!(
            close(x.log10, y.log10, 1e-5),
            "{s}: {} vs {}",
            x.log10,
            y.log10
        );
    }
}
