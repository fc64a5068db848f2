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

use std::ops::Range;

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
}

impl Default for SwapConfig {
    fn default() -> Self {
        SwapConfig {
            unigram_penalty: 0.5,
            min_gain: 3.0,
            max_candidates: 24,
            pair_candidates: 8,
            max_span_words: 3,
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
    /// Best adjusted gain over the spans and pairs covering the word.
    pub best_gain: f32,
}

/// What the swap search found in a document.
#[derive(Debug, Clone, Default)]
pub struct SwapFindings {
    /// Non-overlapping swaps at or above the minimum gain, in text order.
    pub swaps: Vec<Swap>,
    /// Every content word that was probed, with its best gain.
    pub tests: Vec<WordTest>,
    /// Content words in the scored sentences (probed or not).
    pub content_words: usize,
}

/// Function words: never probed alone (spinners' changes to them are
/// caught as phrases).
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "said",
    "says",
    "say",
    "mr",
    "mrs",
    "ms",
    "one",
    "two",
    "three",
    "s",
    "t",
    "don't",
    "it's",
    "i'm",
    "he's",
    "she's",
    "that's",
    "there's",
    "can't",
    "won't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
];

/// Whether `word` (normalised) is a function word.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// Finds swap evidence with one model and one thesaurus.
#[derive(Debug, Clone)]
pub struct SwapFinder {
    model: Model,
    thesaurus: Thesaurus,
    config: SwapConfig,
    end_id: WordId,
}

/// A candidate replacement, as model ids.
struct Candidate<'t> {
    text: &'t str,
    ids: Vec<WordId>,
    unigram: f32,
}

impl SwapFinder {
    /// A finder over `model` and `thesaurus`.
    pub fn new(model: Model, thesaurus: Thesaurus, config: SwapConfig) -> SwapFinder {
        let end_id = model.index("</s>");
        SwapFinder {
            model,
            thesaurus,
            config,
            end_id,
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
        !is_stopword(tokens.norm(w.token))
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

    fn candidates<'t>(&'t self, phrase: &str, limit: usize) -> Vec<Candidate<'t>> {
        let mut out: Vec<Candidate<'t>> = Vec::new();
        for syn in self.thesaurus.synonyms(phrase) {
            if syn.text == phrase {
                continue;
            }
            let mut ids = Vec::with_capacity(2);
            let mut unigram = 0.0;
            let mut known = true;
            for w in syn.text.split(' ') {
                let id = self.model.index(w);
                if id == 0 {
                    known = false;
                    break;
                }
                unigram += self.model.unigram_log10(id);
                ids.push(id);
            }
            if known && !ids.is_empty() {
                out.push(Candidate {
                    text: syn.text,
                    ids,
                    unigram,
                });
            }
        }
        // Most frequent first: a spinner's victims are common words.
        out.sort_by(|a, b| b.unigram.total_cmp(&a.unigram));
        out.truncate(limit);
        out
    }

    /// log10 of the window: `replacement` from `state`, then the original
    /// words from `rest`, through `order - 1` of them (and `</s>` when the
    /// sentence ends inside the window).
    fn window(&self, s: &ScoredSentence, state: State, replacement: &[WordId], rest: usize) -> f32 {
        let mut state = state;
        let mut next = State::default();
        let mut total = 0.0;
        for &id in replacement {
            total += self.model.score(&state, id, &mut next);
            state = next;
        }
        let follow = self.model.order().saturating_sub(1);
        let end = (rest + follow).min(s.words.len());
        for w in &s.words[rest..end] {
            total += self.model.score(&state, w.id, &mut next);
            state = next;
        }
        if rest + follow > s.words.len() {
            total += self.model.score(&state, self.end_id, &mut next);
        }
        total
    }

    /// log10 of the window as written, from the stored scores.
    fn written_window(&self, s: &ScoredSentence, p: usize, len: usize) -> f32 {
        let follow = self.model.order().saturating_sub(1);
        let end = (p + len + follow).min(s.words.len());
        let mut total: f32 = s.words[p..end].iter().map(|w| w.log10).sum();
        if p + len + follow > s.words.len() {
            total += s.end_log10;
        }
        total
    }

    fn unigram_of(&self, words: &[ScoredWord]) -> f32 {
        words.iter().map(|w| self.model.unigram_log10(w.id)).sum()
    }

    /// Search one document's scored sentences.
    pub fn find(&self, tokens: &Tokens, sentences: &[ScoredSentence]) -> SwapFindings {
        let a = self.config.unigram_penalty;
        let mut found: Vec<Swap> = Vec::new();
        let mut findings = SwapFindings::default();
        for s in sentences {
            let n = s.words.len();
            let testable: Vec<bool> = (0..n).map(|p| self.is_testable(tokens, s, p)).collect();
            findings.content_words += testable.iter().filter(|&&t| t).count();
            let mut best: Vec<Option<f32>> = vec![None; n];
            let mut consider =
                |p: usize, len: usize, text: &str, gain: f32, best: &mut [Option<f32>]| {
                    for b in best.iter_mut().skip(p).take(len) {
                        *b = Some(b.map_or(gain, |g: f32| g.max(gain)));
                    }
                    if gain >= self.config.min_gain {
                        found.push(Swap {
                            tokens: s.words[p].token..s.words[p + len - 1].token + 1,
                            suggestion: text.to_string(),
                            gain,
                        });
                    }
                };
            // Single words and thesaurus phrases.
            for p in 0..n {
                for len in 1..=self.config.max_span_words.min(n - p) {
                    if len == 1 && !testable[p] {
                        continue;
                    }
                    if len > 1
                        && (!Self::is_contiguous(s, p, len)
                            || s.words[p..p + len].iter().any(|w| w.id == 0)
                            || !(testable[p] || testable[p + len - 1]))
                    {
                        continue;
                    }
                    if !Self::is_surprising(s, p, len) {
                        continue;
                    }
                    let phrase = if len == 1 {
                        tokens.norm(s.words[p].token).to_string()
                    } else {
                        let first = tokens.norm_range(s.words[p].token).start;
                        let last = tokens.norm_range(s.words[p + len - 1].token).end;
                        tokens.normalized_text()[first..last].to_string()
                    };
                    if len > 1 && !self.thesaurus.contains(&phrase) {
                        continue;
                    }
                    let cands = self.candidates(&phrase, self.config.max_candidates);
                    if cands.is_empty() {
                        continue;
                    }
                    let written =
                        self.written_window(s, p, len) - a * self.unigram_of(&s.words[p..p + len]);
                    let mut top: Option<(f32, &str)> = None;
                    for c in &cands {
                        let g = self.window(s, s.words[p].state_before, &c.ids, p + len)
                            - a * c.unigram
                            - written;
                        if top.is_none_or(|(b, _)| g > b) {
                            top = Some((g, c.text));
                        }
                    }
                    if let Some((g, text)) = top {
                        consider(p, len, text, g, &mut best);
                    }
                }
            }
            // Adjacent content words swapped together ("lawyer normal").
            for p in 0..n.saturating_sub(1) {
                if !(testable[p] && testable[p + 1] && Self::is_contiguous(s, p, 2)) {
                    continue;
                }
                if s.words[p + 1].ngram_len > 1 {
                    continue;
                }
                let first =
                    self.candidates(tokens.norm(s.words[p].token), self.config.pair_candidates);
                let second = self.candidates(
                    tokens.norm(s.words[p + 1].token),
                    self.config.pair_candidates,
                );
                if first.is_empty() || second.is_empty() {
                    continue;
                }
                let written =
                    self.written_window(s, p, 2) - a * self.unigram_of(&s.words[p..p + 2]);
                let mut top: Option<(f32, String)> = None;
                let mut ids = [0; 2];
                for c1 in &first {
                    if c1.ids.len() != 1 {
                        continue;
                    }
                    for c2 in &second {
                        if c2.ids.len() != 1 {
                            continue;
                        }
                        ids[0] = c1.ids[0];
                        ids[1] = c2.ids[0];
                        let g = self.window(s, s.words[p].state_before, &ids, p + 2)
                            - a * (c1.unigram + c2.unigram)
                            - written;
                        if top.as_ref().is_none_or(|(b, _)| g > *b) {
                            top = Some((g, format!("{} {}", c1.text, c2.text)));
                        }
                    }
                }
                if let Some((g, text)) = top {
                    consider(p, 2, &text, g, &mut best);
                }
            }
            for (p, b) in best.iter().enumerate() {
                if let (true, Some(g)) = (testable[p], b) {
                    findings.tests.push(WordTest {
                        token: s.words[p].token,
                        best_gain: *g,
                    });
                }
            }
        }
        // Keep the strongest of overlapping swaps.
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
        findings.swaps = kept;
        findings
    }
}
