//! Criterion benchmarks of the language model's inner loop: one n-gram
//! lookup with state, and a whole sentence, on the built-in model.
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use unspun::lm::{Model, WordId};

const SENTENCE: &str = "the attorney general said on tuesday that the football coach \
    would face a runoff election in march after a close primary in the state";

fn ids(m: &Model, s: &str) -> Vec<WordId> {
    s.split(' ').map(|w| m.index(w)).collect()
}

fn lookup(c: &mut Criterion) {
    let m = Model::builtin().expect("built-in model");
    let words = ids(&m, SENTENCE);
    let mut g = c.benchmark_group("lm");
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("score_with_state", |b| {
        b.iter(|| {
            let mut state = m.begin_sentence_state();
            let mut next = m.null_context_state();
            let mut total = 0f32;
            for &w in &words {
                total += m.score(&state, black_box(w), &mut next);
                std::mem::swap(&mut state, &mut next);
            }
            black_box(total)
        })
    });
    g.bench_function("score_sentence", |b| {
        b.iter(|| black_box(m.score_sentence(black_box(&words), true, true)))
    });
    g.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
