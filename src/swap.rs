//! Synonym-swap evidence: where a synonym of a word (or phrase, or pair of
//! adjacent words) would make an improbable window common, the spinner has
//! probably been there, and the synonym is the likely original.
//!
//! For a span of the sentence as written and a candidate replacement, the
//! model scores the window from the state before the span through the
//! `order - 1` words after it (the words whose probability the span
//! changes). The *adjusted gain* compares the two, each penalised by the
//! unigram log10 of its own span words times [`SwapConfig::unigram_penalty`]
//! so that a frequent generic synonym does not beat a rare right word just
//! for being frequent:
//!
//! `gain = (log10 P(window with c) - a * log10 P1(c)) - (log10 P(window) - a * log10 P1(span))`
//!
//! Only spans next to a broken n-gram (a word the model had to back off to
//! its unigram for) are probed, and candidates are capped by frequency, so
//! fluent text costs little.

mod cache;
mod index;
mod words;

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use cache::{with_cache, StepCache};
use index::PhraseIndex;
pub use words::is_stopword;
use words::VULGAR;

use crate::lm::{Model, State, WordId};
use crate::scored::{ScoredSentence, ScoredWord};
use crate::text::tokenize::{TokenKind, Tokens};
use crate::thesaurus::Thesaurus;

/// Tuning of the swap search.
#[derive(Debug, Clone, PartialEq)]
pub struct SwapConfig {
    /// `a` in the adjusted gain, in [0, 1].
    pub unigram_penalty: f32,
    /// Adjusted gain (log10) at or above which a swap is evidence.
    pub min_gain: f32,
    /// Candidates tried per span, most frequent first.
    pub max_candidates: usize,
    /// Candidates per word when both words of a pair are swapped jointly.
    pub pair_candidates: usize,
    /// Longest span (in words) looked up in the thesaurus.
    pub max_span_words: usize,
    /// Whether adjacent content words are also swapped jointly ("lawyer
    /// normal" -> "attorney general"). Their swaps are evidence and count
    /// in [`SwapFindings::swaps`]; a word's best gain and the word models
    /// never use them, so a detector that shows no evidence and whose
    /// weights give the swap counts no weight leaves them out (the same
    /// score, about 40% less work).
    pub pairs: bool,
}

impl Default for SwapConfig {
    fn default() -> Self {
        SwapConfig {
            unigram_penalty: 0.3,
            min_gain: 3.0,
            max_candidates: 24,
            pair_candidates: 8,
            max_span_words: 3,
            pairs: true,
        }
    }
}

/// A swap that makes the window far more likely.
#[derive(Debug, Clone, PartialEq)]
pub struct Swap {
    /// Token range (in the document's [`Tokens`]) of the span as written.
    pub tokens: Range<usize>,
    /// The replacement: the likely original.
    pub suggestion: String,
    /// Adjusted gain in log10.
    pub gain: f32,
}

/// The best adjusted gain found for one tested content word (negative:
/// no synonym beat it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordTest {
    /// Token index.
    pub token: usize,
    /// The word's model id (the same for every occurrence of the word).
    pub word: WordId,
    /// Best adjusted gain over the spans (single words and thesaurus
    /// phrases) covering the word; over its pairs only when no span was
    /// tried. A pair is the best of some 64 combinations, and in clean
    /// text it finds nonsense that gains ("living city" -> "around town"):
    /// with pairs in it, 5.8% of authors' content words had a best gain
    /// over 3, without them 3.8%, against 49% and 46% of a spinner's
    /// (`scripts/word-lr.sh`). The pair's own gain is [`Self::pair`].
    pub best_gain: f32,
    /// Best gain of a synonym of the word alone (`None`: not tried).
    pub single: Option<f32>,
    /// Best gain of a synonym of a thesaurus phrase of two or more words
    /// covering the word (`None`: not tried).
    pub phrase: Option<f32>,
    /// Best gain of a joint swap of the word and a neighbour, minus
    /// [`PAIR_PRIOR_LOG10`] (`None`: not tried). Not a column of the word
    /// models (`scripts/word_model.py` says why); the pair itself is
    /// evidence when its gain reaches the minimum.
    pub pair: Option<f32>,
}

/// The kinds of swap behind [`WordTest`]'s per-kind gains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SwapKind {
    Single = 0,
    Phrase = 1,
    Pair = 2,
}

/// What the swap search found in a document.
#[derive(Debug, Clone, Default)]
pub struct SwapFindings {
    /// Non-overlapping swaps at or above the minimum gain, in text order.
    pub swaps: Vec<Swap>,
    /// Every content word that was probed, with its best gain.
    pub tests: Vec<WordTest>,
    /// Content words in each scored sentence (probed or not): the
    /// sentence's first token and how many, in sentence order, so that a
    /// part of the document (its body, one segment) counts its own.
    pub content_words: Vec<(usize, usize)>,
}

/// A joint swap of two adjacent words is a rarer event than a single swap
/// (both words of the pair spun) and is the best of many more combinations:
/// in the words' test statistic its gain pays this log10 prior. Chosen on
/// the calibration split (1.0, 1.5 and 2.0 tried; 1.5 kept the most
/// spinner pairs while cutting clean false pairs by half).
pub const PAIR_PRIOR_LOG10: f32 = 1.5;

/// With context ranking, only this many of the most frequent synonyms are
/// scored in context (a spinner's victims are common words).
const CONTEXT_PREFILTER: usize = 32;

/// Every phrase's synonyms that the model knows (those with words in
/// `phrase_start`), most frequent first by `phrase_unigram`, ties by id:
/// phrase `i`'s are `ranked[ranked_start[i]..ranked_start[i + 1]]`.
///
/// All phrases are put in that order once, so that each list is sorted by
/// an integer rank (unique, so an unstable sort gives the one order).
fn rank_synonyms(
    thesaurus: &Thesaurus,
    phrase_start: &[u32],
    phrase_unigram: &[f32],
) -> (Vec<u32>, Vec<u32>) {
    let n = thesaurus.phrase_count();
    // Sorted as integers: the key of phrase `x` is its unigram log10 in
    // `f32::total_cmp`'s order, inverted (most frequent first), then `x`
    // (the same order as comparing those two, and cheaper to sort).
    let mut keys: Vec<u64> = (0..n as u32)
        .map(|x| frequent_first_key(phrase_unigram[x as usize], x))
        .collect();
    keys.sort_unstable();
    let order: Vec<u32> = keys.iter().map(|&k| k as u32).collect();
    drop(keys);
    let mut rank = vec![0u32; n];
    for (r, &id) in order.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    let mut ranked_start = Vec::with_capacity(n + 1);
    let mut ranked = Vec::with_capacity(thesaurus.pair_count());
    let mut ranks = Vec::new();
    for head in 0..n as u32 {
        ranked_start.push(ranked.len() as u32);
        ranks.clear();
        ranks.extend(
            thesaurus
                .synonym_ids(head)
                .filter(|&id| phrase_start[id as usize] < phrase_start[id as usize + 1])
                .map(|id| rank[id as usize]),
        );
        ranks.sort_unstable();
        ranked.extend(ranks.iter().map(|&r| order[r as usize]));
    }
    ranked_start.push(ranked.len() as u32);
    (ranked_start, ranked)
}

/// A key whose integer order is that of `unigram` by
/// `f32::total_cmp`, descending, then of `id`, ascending.
fn frequent_first_key(unigram: f32, id: u32) -> u64 {
    let bits = unigram.to_bits() as i32;
    // `total_cmp`'s key, as a signed integer, then as an unsigned one.
    let ordered = (bits ^ ((((bits >> 31) as u32) >> 1) as i32)) as u32 ^ (1 << 31);
    (u64::from(!ordered) << 32) | u64::from(id)
}

/// Buffers of [`SwapFinder::replace_all`] and [`SwapFinder::follow_all`], reused.
#[derive(Default)]
struct Steps {
    /// The candidates' first words.
    firsts: Vec<WordId>,
    /// Their log10 and the state after them (or those of the steps of
    /// [`SwapFinder::follow_all`] the cache did not hold).
    scored: Vec<(f32, State)>,
    /// [`SwapFinder::follow_all`]'s windows whose step the cache did not
    /// hold, with the cache slot for it, and their states.
    missed: Vec<(usize, usize)>,
    states: Vec<State>,
}

/// Finds swap evidence with one model and one thesaurus.
#[derive(Debug, Clone)]
pub struct SwapFinder {
    model: Model,
    thesaurus: Thesaurus,
    config: SwapConfig,
    end_id: WordId,
    /// Model ids of every thesaurus phrase, looked up once: phrase `i`'s
    /// words are `phrase_words[phrase_start[i]..phrase_start[i + 1]]`,
    /// empty when the model lacks one of them.
    phrase_start: Vec<u32>,
    phrase_words: Vec<WordId>,
    /// Summed unigram log10 of each phrase's words (0 when unknown).
    phrase_unigram: Vec<f32>,
    /// The synonyms of phrase `i` that the model knows, most frequent
    /// first (ties by id): `ranked[ranked_start[i]..ranked_start[i + 1]]`.
    /// Sorted once here, so that a probe takes a prefix instead of
    /// sorting every synonym again.
    ranked_start: Vec<u32>,
    ranked: Vec<u32>,
    /// Thesaurus phrases by the model ids of their words (every phrase
    /// whose words the model knows).
    phrase_index: PhraseIndex,
    /// Whether each model word is a function word ([`is_stopword`]).
    stopword_ids: Vec<bool>,
    /// A number no other finder has (clones share it, and their model):
    /// names the finder whose steps a thread's [`StepCache`] holds.
    id: u64,
}

/// The next [`SwapFinder::id`].
static NEXT_FINDER_ID: AtomicU64 = AtomicU64::new(1);

/// A candidate replacement, as model ids.
struct Candidate<'t> {
    /// Thesaurus phrase id (its text only matters for the winner).
    id: u32,
    ids: &'t [WordId],
    unigram: f32,
    /// Ranking key: log10 after the left context, or the unigram log10
    /// (a single span's search then puts the log10 after the context
    /// here too, see [`SwapFinder::replace_all`]).
    rank: f32,
    /// The model state after the candidate (context ranking, or set by a
    /// single span's search).
    after: State,
}

impl SwapFinder {
    /// A finder over `model` and `thesaurus`.
    pub fn new(model: Model, thesaurus: Thesaurus, config: SwapConfig) -> SwapFinder {
        let end_id = model.index("</s>");
        let mut phrase_start = Vec::with_capacity(thesaurus.phrase_count() + 1);
        let mut phrase_words = Vec::new();
        let mut phrase_unigram = Vec::with_capacity(thesaurus.phrase_count());
        let mut phrase_index = PhraseIndex::new(model.vocab_len());
        let mut ids = Vec::new();
        for (i, phrase) in thesaurus.phrases().enumerate() {
            phrase_start.push(phrase_words.len() as u32);
            ids.clear();
            ids.extend(phrase.split(' ').map(|w| model.index(w)));
            if !ids.contains(&0) {
                phrase_index.insert(&ids, i as u32);
            }
            let vulgar = phrase.split(' ').any(|w| VULGAR.contains(&w));
            if !ids.contains(&0) && !vulgar {
                phrase_words.extend_from_slice(&ids);
                phrase_unigram.push(ids.iter().map(|&id| model.unigram_log10(id)).sum());
            } else {
                phrase_unigram.push(0.0);
            }
        }
        phrase_start.push(phrase_words.len() as u32);
        let (ranked_start, ranked) = rank_synonyms(&thesaurus, &phrase_start, &phrase_unigram);
        let stopword_ids = index::stopword_ids(model.vocab_len(), |w| model.index(w));
        SwapFinder {
            model,
            thesaurus,
            config,
            end_id,
            phrase_start,
            phrase_words,
            phrase_unigram,
            ranked_start,
            ranked,
            phrase_index,
            stopword_ids,
            id: NEXT_FINDER_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &SwapConfig {
        &self.config
    }

    /// Whether word `p` of the sentence can be tested alone.
    fn is_testable(&self, tokens: &Tokens, s: &ScoredSentence, p: usize) -> bool {
        let w = &s.words[p];
        if w.id == 0 {
            return false;
        }
        let tok = tokens.token(w.token);
        if tok.kind != TokenKind::Word {
            return false;
        }
        // Capitalised words inside a sentence are names: not spun, and
        // the model rarely knows them.
        if tok.is_capitalized && w.token != s.tokens.start {
            return false;
        }
        // The word is the model's word `w.id` (known), so this is
        // `is_stopword` of its text.
        !self
            .stopword_ids
            .get(w.id as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the span `p..p + len` sits next to a broken n-gram.
    fn is_surprising(s: &ScoredSentence, p: usize, len: usize) -> bool {
        let end = (p + len + 1).min(s.words.len());
        s.words[p..end].iter().any(|w| w.ngram_len <= 1)
    }

    /// Whether the words `p..p + len` are consecutive tokens (no
    /// punctuation between them).
    fn is_contiguous(s: &ScoredSentence, p: usize, len: usize) -> bool {
        (1..len).all(|k| s.words[p + k].token == s.words[p].token + k)
    }

    /// The `take` most frequent synonyms of `head` the model knows (all of
    /// them when `take` is 0), most frequent first, written to `out`
    /// (cleared first), a buffer the caller keeps across calls.
    fn most_frequent<'s>(&'s self, head: u32, take: usize, out: &mut Vec<Candidate<'s>>) {
        let all = &self.ranked[self.ranked_start[head as usize] as usize
            ..self.ranked_start[head as usize + 1] as usize];
        let take = if take == 0 {
            all.len()
        } else {
            take.min(all.len())
        };
        out.clear();
        out.extend(all[..take].iter().map(|&id| {
            let (a, b) = (
                self.phrase_start[id as usize] as usize,
                self.phrase_start[id as usize + 1] as usize,
            );
            let unigram = self.phrase_unigram[id as usize];
            Candidate {
                id,
                ids: &self.phrase_words[a..b],
                unigram,
                rank: unigram,
                after: State::default(),
            }
        }));
    }

    /// The synonyms of `head` the model knows, best first by how well
    /// they continue `state` (log10 P(candidate | state)), at most `limit`
    /// of them (of the [`CONTEXT_PREFILTER`] most frequent). Unpenalised:
    /// the author's words that spinners replace are common ones, and rare
    /// synonyms (names, jargon) are noise here.
    ///
    /// Ranking by context rather than by frequency keeps the author's word
    /// among the few candidates tried even when the thesaurus lists
    /// hundreds ("normal" has 180 synonyms; "general" must survive the
    /// cut after "lawyer").
    /// The candidates are written to `out` (cleared first), a buffer the
    /// caller keeps across calls. `known` holds the log10 and the state
    /// after the first candidates of the list from `state`, when a search
    /// of the same word from the same state scored them already.
    fn candidates<'s>(
        &'s self,
        head: u32,
        state: &State,
        limit: usize,
        known: &[(f32, State)],
        out: &mut Vec<Candidate<'s>>,
        steps: &mut Steps,
    ) {
        self.most_frequent(head, CONTEXT_PREFILTER, out);
        let by_rank = |x: &Candidate<'_>, y: &Candidate<'_>| y.rank.total_cmp(&x.rank);
        let known = &known[..known.len().min(out.len())];
        for (c, &(rank, after)) in out.iter_mut().zip(known) {
            (c.rank, c.after) = (rank, after);
        }
        self.replace_all(state, &mut out[known.len()..], steps);
        if out.len() > limit && limit > 0 {
            out.select_nth_unstable_by(limit - 1, by_rank);
            out.truncate(limit);
        }
        // Ties broken by id: the same candidates in the same order on every run.
        out.sort_by(|x, y| by_rank(x, y).then(x.id.cmp(&y.id)));
    }

    /// The log10 of each candidate's words from `state` (summed word by
    /// word from 0) and the state after them, into its `rank` and
    /// `after`: the first half of a window (see [`Self::follow_all`]). The
    /// candidates' first words are scored together ([`Model::score_each`],
    /// the same steps as [`Model::score`] to the bit), the rest of each
    /// candidate word by word.
    fn replace_all(&self, state: &State, cands: &mut [Candidate<'_>], steps: &mut Steps) {
        steps.firsts.clear();
        steps.firsts.extend(cands.iter().map(|c| c.ids[0]));
        self.model
            .score_each(state, &steps.firsts, &mut steps.scored);
        let mut next = State::default();
        for (c, &(first, after)) in cands.iter_mut().zip(&steps.scored) {
            let mut total = 0.0;
            total += first;
            let mut st = after;
            for &id in &c.ids[1..] {
                total += self.model.score(&st, id, &mut next);
                st = next;
            }
            (c.rank, c.after) = (total, st);
        }
    }

    /// For each window, `(state, total)` with the state after a
    /// replacement and its log10 from [`Self::replace_all`]: `total` plus
    /// the log10 of the original words from `rest` after `state`, through
    /// `order - 1` of them (and `</s>` when the sentence ends inside the
    /// window), written back to the window's `total` (its `state` ends
    /// after the window): the log10 of the window with the replacement,
    /// summed in the same order as a word-by-word pass, so the same to the
    /// bit.
    ///
    /// The windows go a word at a time together: each step is taken from
    /// the step cache when it holds it, and the others are scored together
    /// ([`Model::score_after_each`], the same steps to the bit), so that
    /// their cache misses overlap.
    fn follow_all(
        &self,
        cache: &mut StepCache,
        s: &ScoredSentence,
        rest: usize,
        windows: &mut [(State, f32)],
        steps: &mut Steps,
    ) {
        let (after, with_end) = s.following(rest, self.model.order().saturating_sub(1));
        let words = s.words[after]
            .iter()
            .map(|w| w.id)
            .chain(with_end.then_some(self.end_id));
        for w in words {
            steps.missed.clear();
            steps.states.clear();
            for (i, (state, total)) in windows.iter_mut().enumerate() {
                match cache.get(state, w) {
                    Ok((log10, next)) => {
                        *total += log10;
                        *state = next;
                    }
                    Err(at) => {
                        steps.missed.push((i, at));
                        steps.states.push(*state);
                    }
                }
            }
            self.model
                .score_after_each(&steps.states, w, &mut steps.scored);
            for (&(i, at), &(log10, next)) in steps.missed.iter().zip(&steps.scored) {
                let (state, total) = &mut windows[i];
                cache.put(at, state, w, log10, next);
                *total += log10;
                *state = next;
            }
        }
    }

    /// log10 of the window as written, from the stored scores.
    fn written_window(&self, s: &ScoredSentence, p: usize, len: usize) -> f32 {
        s.window_log10(p, p + len, self.model.order().saturating_sub(1))
    }

    fn unigram_of(&self, words: &[ScoredWord]) -> f32 {
        words.iter().map(|w| self.model.unigram_log10(w.id)).sum()
    }

    /// Search one document's scored sentences.
    pub fn find<'s>(
        &self,
        tokens: &Tokens,
        sentences: impl IntoIterator<Item = &'s ScoredSentence>,
    ) -> SwapFindings {
        with_cache(self.id, |cache| self.find_with(cache, tokens, sentences))
    }

    /// [`Self::find`] with the thread's step cache.
    fn find_with<'s>(
        &self,
        cache: &mut StepCache,
        tokens: &Tokens,
        sentences: impl IntoIterator<Item = &'s ScoredSentence>,
    ) -> SwapFindings {
        let mut findings = SwapFindings::default();
        let mut found: Vec<Swap> = Vec::new();
        let mut scratch = Scratch::default();
        for s in sentences {
            let n = s.words.len();
            let mut sentence = SentenceFinds {
                s,
                testable: (0..n).map(|p| self.is_testable(tokens, s, p)).collect(),
                by_kind: vec![[None; 3]; n],
            };
            let content = sentence.testable.iter().filter(|&&t| t).count();
            findings.content_words.push((s.tokens.start, content));
            scratch.word_steps.clear();
            scratch.word_steps_at.clear();
            scratch.word_steps_at.resize(n, None);
            self.search_spans(cache, &mut sentence, &mut found, &mut scratch);
            if self.config.pairs {
                self.search_pairs(cache, &mut sentence, &mut found, &mut scratch);
            }
            for (p, &[single, phrase, pair]) in sentence.by_kind.iter().enumerate() {
                // Over the spans, and over the pairs only when no span was
                // tried (see `WordTest::best_gain`).
                let spans = single.into_iter().chain(phrase).reduce(f32::max);
                if let (true, Some(best_gain)) = (sentence.testable[p], spans.or(pair)) {
                    findings.tests.push(WordTest {
                        token: s.words[p].token,
                        word: s.words[p].id,
                        best_gain,
                        single,
                        phrase,
                        pair,
                    });
                }
            }
        }
        findings.swaps = strongest_apart(found);
        findings
    }

    /// Record a probe's best swap of the sentence's words `span`: its test statistic for those words (the gain, less the
    /// prior of a pair), and the swap itself as evidence when its gain
    /// reaches the minimum. `text` makes the suggestion, asked only for
    /// evidence (most probes' best gain is below the minimum).
    fn consider(
        &self,
        sentence: &mut SentenceFinds<'_>,
        found: &mut Vec<Swap>,
        span: Range<usize>,
        text: &dyn Fn() -> String,
        gain: f32,
        kind: SwapKind,
    ) {
        // The words' test statistic pays the prior of the hypothesis; the
        // evidence shown is the plain gain.
        let prior = if kind == SwapKind::Pair {
            PAIR_PRIOR_LOG10
        } else {
            0.0
        };
        let stat = gain - prior;
        for k in &mut sentence.by_kind[span.clone()] {
            let b = &mut k[kind as usize];
            *b = Some(b.map_or(stat, |g: f32| g.max(stat)));
        }
        if gain >= self.config.min_gain {
            let words = &sentence.s.words;
            found.push(Swap {
                tokens: words[span.start].token..words[span.end - 1].token + 1,
                suggestion: text(),
                gain,
            });
        }
    }

    /// The search of single words and thesaurus phrases of one sentence:
    /// every span of up to [`SwapConfig::max_span_words`] words next to a
    /// broken n-gram that the thesaurus lists, against its most frequent
    /// synonyms.
    fn search_spans<'s>(
        &'s self,
        cache: &mut StepCache,
        sentence: &mut SentenceFinds<'_>,
        found: &mut Vec<Swap>,
        scratch: &mut Scratch<'s>,
    ) {
        let a = self.config.unigram_penalty;
        let s = sentence.s;
        let n = s.words.len();
        for p in 0..n {
            for len in 1..=self.config.max_span_words.min(n - p) {
                if len == 1 && !sentence.testable[p] {
                    continue;
                }
                if len > 1
                    && (!Self::is_contiguous(s, p, len)
                        || s.words[p..p + len].iter().any(|w| w.id == 0)
                        || !(sentence.testable[p] || sentence.testable[p + len - 1]))
                {
                    continue;
                }
                if !Self::is_surprising(s, p, len) {
                    continue;
                }
                // The span's words are consecutive tokens the model knows:
                // the phrase of their ids is the phrase of their text.
                scratch.span_ids.clear();
                scratch
                    .span_ids
                    .extend(s.words[p..p + len].iter().map(|w| w.id));
                let Some(head) = self.phrase_index.get(&scratch.span_ids) else {
                    continue;
                };
                let cands = &mut scratch.cands;
                self.most_frequent(head, self.config.max_candidates, cands);
                if cands.is_empty() {
                    continue;
                }
                let written =
                    self.written_window(s, p, len) - a * self.unigram_of(&s.words[p..p + len]);
                // Window by window, but step by step across the candidates,
                // so that the lookups of a step can be loaded for all of
                // them at once.
                self.replace_all(&s.words[p].state_before, cands, &mut scratch.steps);
                // Kept for the pair search, which reuses them.
                if len == 1 && self.config.pairs {
                    let start = scratch.word_steps.len();
                    scratch
                        .word_steps
                        .extend(cands.iter().map(|c| (c.rank, c.after)));
                    scratch.word_steps_at[p] = Some(start..scratch.word_steps.len());
                }
                let windows = &mut scratch.windows;
                windows.clear();
                windows.extend(cands.iter().map(|c| (c.after, c.rank)));
                self.follow_all(cache, s, p + len, windows, &mut scratch.steps);
                let mut top: Option<(f32, u32)> = None;
                for (c, &(_, window)) in cands.iter().zip(windows.iter()) {
                    let g = window - a * c.unigram - written;
                    if top.is_none_or(|(b, _)| g > b) {
                        top = Some((g, c.id));
                    }
                }
                if let Some((g, id)) = top {
                    let text = || self.thesaurus.phrase_text(id).to_string();
                    let kind = if len == 1 {
                        SwapKind::Single
                    } else {
                        SwapKind::Phrase
                    };
                    self.consider(sentence, found, p..p + len, &text, g, kind);
                }
            }
        }
    }

    /// The search of adjacent content words swapped together ("lawyer
    /// normal") in one sentence, after [`Self::search_spans`] (whose
    /// single-word steps it reuses): each pair whose second word breaks
    /// an n-gram, against its first word's synonyms best in context and,
    /// after each, the second word's.
    fn search_pairs<'s>(
        &'s self,
        cache: &mut StepCache,
        sentence: &mut SentenceFinds<'_>,
        found: &mut Vec<Swap>,
        scratch: &mut Scratch<'s>,
    ) {
        let a = self.config.unigram_penalty;
        let s = sentence.s;
        let n = s.words.len();
        for p in 0..n.saturating_sub(1) {
            if !(sentence.testable[p] && sentence.testable[p + 1] && Self::is_contiguous(s, p, 2)) {
                continue;
            }
            if s.words[p + 1].ngram_len > 1 {
                continue;
            }
            let (Some(head1), Some(head2)) = (
                self.phrase_index.get(&[s.words[p].id]),
                self.phrase_index.get(&[s.words[p + 1].id]),
            ) else {
                continue;
            };
            // The word's most frequent synonyms were scored after the same
            // state when it was searched alone (the same prefix of the same
            // list, summed the same way by `replace_all`): their log10 is
            // reused, to the bit.
            let known = scratch.word_steps_at[p]
                .clone()
                .map_or(&[][..], |r| &scratch.word_steps[r]);
            self.candidates(
                head1,
                &s.words[p].state_before,
                self.config.pair_candidates,
                known,
                &mut scratch.first,
                &mut scratch.steps,
            );
            if scratch.first.is_empty() {
                continue;
            }
            let written = self.written_window(s, p, 2) - a * self.unigram_of(&s.words[p..p + 2]);
            let mut top: Option<(f32, (u32, u32))> = None;
            for c1 in scratch.first.iter().filter(|c| c.ids.len() == 1) {
                // The second word's synonyms, ranked after this first one.
                self.candidates(
                    head2,
                    &c1.after,
                    self.config.pair_candidates,
                    &[],
                    &mut scratch.second,
                    &mut scratch.steps,
                );
                // The pair's own log10 is already known from the ranking:
                // only the words after it are scored.
                let second = &scratch.second;
                let singles = || second.iter().filter(|c| c.ids.len() == 1);
                let windows = &mut scratch.windows;
                windows.clear();
                windows.extend(singles().map(|c2| (c2.after, c1.rank + c2.rank)));
                self.follow_all(cache, s, p + 2, windows, &mut scratch.steps);
                for (c2, &(_, window)) in singles().zip(windows.iter()) {
                    let g = window - a * (c1.unigram + c2.unigram) - written;
                    if top.as_ref().is_none_or(|(b, _)| g > *b) {
                        top = Some((g, (c1.id, c2.id)));
                    }
                }
            }
            if let Some((g, (id1, id2))) = top {
                let text = || {
                    format!(
                        "{} {}",
                        self.thesaurus.phrase_text(id1),
                        self.thesaurus.phrase_text(id2)
                    )
                };
                self.consider(sentence, found, p..p + 2, &text, g, SwapKind::Pair);
            }
        }
    }
}

/// The buffers of one document's search, reused from probe to probe.
#[derive(Default)]
struct Scratch<'s> {
    /// The model ids of the span probed.
    span_ids: Vec<WordId>,
    /// Candidate lists: a span's, a pair's first and second word's.
    cands: Vec<Candidate<'s>>,
    first: Vec<Candidate<'s>>,
    second: Vec<Candidate<'s>>,
    steps: Steps,
    /// Windows scored together (see [`SwapFinder::follow_all`]).
    windows: Vec<(State, f32)>,
    /// Each word's single-word candidates' (log10, state after) from the
    /// state before it, for the pair search from the same state:
    /// `word_steps[word_steps_at[p]]`.
    word_steps: Vec<(f32, State)>,
    word_steps_at: Vec<Option<Range<usize>>>,
}

/// What the search of one sentence has found so far.
struct SentenceFinds<'a> {
    s: &'a ScoredSentence,
    /// Whether each word can be tested alone.
    testable: Vec<bool>,
    /// Per word, the best statistic of each kind of swap.
    by_kind: Vec<[Option<f32>; 3]>,
}

/// The strongest of overlapping swaps, in text order.
fn strongest_apart(mut found: Vec<Swap>) -> Vec<Swap> {
    found.sort_by(|x, y| y.gain.total_cmp(&x.gain));
    let mut kept: Vec<Swap> = Vec::new();
    for sw in found {
        if kept
            .iter()
            .all(|k| sw.tokens.end <= k.tokens.start || sw.tokens.start >= k.tokens.end)
        {
            kept.push(sw);
        }
    }
    kept.sort_by_key(|s| s.tokens.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::frequent_first_key;

    /// The key sorts as the comparison it stands for, on values of every
    /// kind (signed zeros, infinities, NaNs, subnormals) and tied ids.
    #[test]
    fn frequent_first_key_orders_as_total_cmp_then_id() {
        let values = [
            f32::NEG_INFINITY,
            -12.5,
            -3.0,
            -1e-40,
            -0.0,
            0.0,
            1e-40,
            0.5,
            f32::INFINITY,
            f32::NAN,
            -f32::NAN,
        ];
        let mut items = Vec::new();
        for (i, &v) in values.iter().enumerate() {
            for id in [0u32, 7, u32::MAX] {
                items.push((v, id.wrapping_add(i as u32)));
            }
        }
        for &(x, i) in &items {
            for &(y, j) in &items {
                let want = y.total_cmp(&x).then(i.cmp(&j));
                let got = frequent_first_key(x, i).cmp(&frequent_first_key(y, j));
                assert_eq!(got, want, "{x} {i} against {y} {j}");
            }
        }
    }
}
