//! The [`Detector`]: owns every component and knows the order in which a
//! document passes through them.
//!
//! 1. tokenise (offsets kept);
//! 2. language gate, per document and per line;
//! 3. sentences;
//! 4. phrase dictionary;
//! 5. one language-model pass (perplexity, improbable windows);
//! 6. swap search;
//! 7. features over the body, and the calibrated score.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::dict::{Dictionary, DictionaryBuilder};
use crate::error::Result;
use crate::features::{self, FeatureInputs, Features, BODY_LINE_WORDS, BODY_MIN_WORDS};
use crate::lang;
use crate::lm::Model;
use crate::mt::MtModel;
use crate::report::{Label, Report, SegmentScore};
use crate::score::ScoreModel;
use crate::scored::{perplexity, score_sentences};
use crate::swap::{SwapConfig, SwapFinder, SwapFindings};
use crate::text::tokenize::{tokenize, TokenKind, Tokens};
use crate::text::{segment, web};
use crate::thesaurus::Thesaurus;

mod evidence;
mod evidence_weight;
mod gate;

use evidence::span;
pub use evidence::{Weighed, Weighing};

/// Documents with fewer word tokens than this (words and numbers), or
/// fewer words of letters, are skipped as too short.
pub const MIN_TOKENS: usize = 8;

/// A document more than this share of whose characters (whitespace aside)
/// are U+FFFD (bytes that were not UTF-8) or control characters is not
/// text: binary data read as text, which the language gate can take for
/// English and the model would score.
pub const MAX_NOT_TEXT_SHARE: f64 = 0.1;

/// A document more than this share of whose words (of letters) the
/// language model does not know is not English prose (encoded data,
/// identifiers, another language the gate missed). No held-out,
/// calibration or WMT document reaches it: their labels and scores are
/// the same with and without this check.
pub const MAX_UNKNOWN_SHARE: f64 = 0.6;

/// The share of `text`'s characters, whitespace aside, that are U+FFFD or
/// control characters.
///
/// ```
/// use unspun::detector::not_text_share;
/// assert_eq!(not_text_share("plain words"), 0.0);
/// assert_eq!(not_text_share("ab\u{fffd}\u{0}"), 0.5);
/// ```
pub fn not_text_share(text: &str) -> f64 {
    let (mut bad, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        bad += usize::from(c == char::REPLACEMENT_CHARACTER || c.is_control());
    }
    bad as f64 / all.max(1) as f64
}

/// A window of three known words whose log10 probability is below this is
/// `lm` evidence.
pub const LM_WINDOW_LOG10: f32 = -12.0;

/// At most this many `lm` windows are reported per document (the least
/// likely ones).
pub const MAX_LM_EVIDENCE: usize = 5;

/// Where a component comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Builtin,
    File(PathBuf),
    Off,
}

/// Builds a [`Detector`].
#[derive(Debug, Clone)]
pub struct DetectorBuilder {
    use_builtin_dict: bool,
    dictionaries: Vec<PathBuf>,
    model: Source,
    thesaurus: Source,
    weights: Source,
    mt: Source,
    swap: SwapConfig,
    threshold: Option<f64>,
    check_language: bool,
    langid: lang::LangId,
    segments: bool,
    features: bool,
    evidence: bool,
    min_weight: f64,
}

impl Default for DetectorBuilder {
    fn default() -> Self {
        DetectorBuilder {
            use_builtin_dict: true,
            dictionaries: Vec::new(),
            model: Source::Builtin,
            thesaurus: Source::Builtin,
            weights: Source::Builtin,
            mt: Source::Builtin,
            swap: SwapConfig::default(),
            threshold: None,
            check_language: true,
            langid: lang::LangId::default(),
            segments: false,
            features: false,
            evidence: true,
            min_weight: 0.0,
        }
    }
}

impl DetectorBuilder {
    /// A builder with the built-in defaults.
    pub fn new() -> DetectorBuilder {
        DetectorBuilder::default()
    }

    /// Use the built-in phrase dictionary (default: yes).
    pub fn builtin_dictionary(&mut self, yes: bool) -> &mut Self {
        self.use_builtin_dict = yes;
        self
    }

    /// Add a user dictionary file (TSV, see [`crate::dict`]).
    pub fn dictionary(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.dictionaries.push(path.into());
        self
    }

    /// Use this language model instead of the built-in one.
    pub fn model(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.model = Source::File(path.into());
        self
    }

    /// Use this thesaurus instead of the built-in one.
    pub fn thesaurus(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.thesaurus = Source::File(path.into());
        self
    }

    /// Use this machine-translation model (see [`crate::mt`]) instead of
    /// the built-in one.
    pub fn mt_model(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.mt = Source::File(path.into());
        self
    }

    /// Report the machine-translation probability `mt` (default: yes).
    pub fn mt(&mut self, yes: bool) -> &mut Self {
        if !yes {
            self.mt = Source::Off;
        } else if self.mt == Source::Off {
            self.mt = Source::Builtin;
        }
        self
    }

    /// Score with neutral weights (every document 0.5): for computing
    /// features before weights exist, as `unspun calibrate` does.
    pub fn neutral_weights(&mut self) -> &mut Self {
        self.weights = Source::Off;
        self
    }

    /// Use these score weights (from `unspun calibrate`) instead of the
    /// built-in ones.
    pub fn weights(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.weights = Source::File(path.into());
        self
    }

    /// Turn the swap search on or off (default: on). Off, the built-in
    /// weights are those fitted without it
    /// ([`ScoreModel::builtin_no_swaps`]), with their own threshold.
    pub fn swaps(&mut self, yes: bool) -> &mut Self {
        self.thesaurus = match (yes, &self.thesaurus) {
            (false, _) => Source::Off,
            (true, Source::Off) => Source::Builtin,
            (true, other) => other.clone(),
        };
        self
    }

    /// Tune the swap search.
    pub fn swap_config(&mut self, config: SwapConfig) -> &mut Self {
        self.swap = config;
        self
    }

    /// The score at or above which a document is labelled `spun` (default:
    /// the weights' recommended threshold).
    pub fn threshold(&mut self, threshold: f64) -> &mut Self {
        self.threshold = Some(threshold);
        self
    }

    /// Skip documents that are not English (default: yes).
    pub fn check_language(&mut self, yes: bool) -> &mut Self {
        self.check_language = yes;
        self
    }

    /// Which language identifier the gate runs (default: fastText
    /// `lid.176`, see [`crate::lang`]).
    pub fn langid(&mut self, which: lang::LangId) -> &mut Self {
        self.langid = which;
        self
    }

    /// Add per-paragraph scores to reports.
    pub fn segments(&mut self, yes: bool) -> &mut Self {
        self.segments = yes;
        self
    }

    /// Add the features behind the score to reports.
    pub fn features(&mut self, yes: bool) -> &mut Self {
        self.features = yes;
        self
    }

    /// List the evidence in reports (on by default). Without it, and
    /// unless the features are reported or the weights use the swap
    /// counts, the swap search leaves out the joint swaps of adjacent
    /// words, which serve only the evidence and those counts: the score is
    /// the same, and the search does about 40% less work.
    pub fn evidence(&mut self, yes: bool) -> &mut Self {
        self.evidence = yes;
        self
    }

    /// List only the evidence weighing at least `weight` (default 0: all
    /// of it). The score does not change: it reads every swap and hit.
    pub fn min_evidence_weight(&mut self, weight: f64) -> &mut Self {
        self.min_weight = weight;
        self
    }

    /// Load every component and build the detector.
    ///
    /// # Errors
    /// A dictionary, model, thesaurus or weights file that cannot be read
    /// or is malformed; a threshold or minimum evidence weight outside
    /// [0, 1].
    pub fn build(&self) -> Result<Detector> {
        let dict = if self.use_builtin_dict || !self.dictionaries.is_empty() {
            let mut b = DictionaryBuilder::new();
            if self.use_builtin_dict {
                b.add_builtin()?;
            }
            for p in &self.dictionaries {
                b.add_file(p)?;
            }
            Some(b.build()?)
        } else {
            None
        };
        let model = match &self.model {
            Source::Builtin => Model::builtin()?,
            Source::File(p) => Model::open(p)?,
            Source::Off => return Err(crate::Error::config("a language model is required")),
        };
        let thesaurus = match &self.thesaurus {
            Source::Builtin => Some(Thesaurus::builtin()?),
            Source::File(p) => Some(Thesaurus::open(p)?),
            Source::Off => None,
        };
        let weights = match &self.weights {
            Source::File(p) => ScoreModel::open(p)?,
            // Without the swap search, the weights fitted without it.
            Source::Builtin if thesaurus.is_none() => ScoreModel::builtin_no_swaps()?,
            Source::Builtin => ScoreModel::builtin()?,
            Source::Off => ScoreModel::neutral(),
        };
        let threshold = self.threshold.unwrap_or(weights.threshold);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(crate::Error::config(format!(
                "threshold must be between 0 and 1, got {threshold}"
            )));
        }
        if !(0.0..=1.0).contains(&self.min_weight) {
            return Err(crate::Error::config(format!(
                "the minimum evidence weight must be between 0 and 1, got {}",
                self.min_weight
            )));
        }
        let mt = match &self.mt {
            Source::Builtin => Some(MtModel::builtin()?),
            Source::File(p) => Some(MtModel::open(p)?),
            Source::Off => None,
        };
        let mut swap = self.swap.clone();
        if !self.evidence
            && !self.features
            && !features::SWAP_COUNT_FEATURES
                .iter()
                .any(|f| weights.uses_feature(f))
        {
            swap.pairs = false;
        }
        let swaps = thesaurus.map(|t| SwapFinder::new(model.clone(), t, swap));
        let langid = lang::Identifier::new(self.langid)?;
        Ok(Detector {
            inner: Arc::new(Inner {
                dict,
                model,
                swaps,
                mt,
                weights,
                threshold,
                check_language: self.check_language,
                langid,
                segments: self.segments,
                features: self.features,
                evidence: self.evidence,
                min_weight: self.min_weight,
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    dict: Option<Dictionary>,
    model: Model,
    swaps: Option<SwapFinder>,
    mt: Option<MtModel>,
    weights: ScoreModel,
    threshold: f64,
    check_language: bool,
    langid: lang::Identifier,
    segments: bool,
    features: bool,
    evidence: bool,
    min_weight: f64,
}

/// Scores documents. Cheap to clone; `Send + Sync`, so one detector serves
/// every thread.
#[derive(Debug, Clone)]
pub struct Detector {
    inner: Arc<Inner>,
}

/// The machine-translation probability of a document's body (`lines`: its
/// English lines of 12 words or more when they hold enough words, else
/// every English line, as the score reads them; page furniture pulled the
/// value up, see README): from the model's numbers over all the rows of
/// all those lines (see
/// [`MtModel::probability`]), each line tokenised as the model's training
/// segments were, so a short line (a caption, a menu item) weighs as
/// little as its few words. Lines, not sentences, as the model was trained
/// on WMT segments, a sentence or two each: split into sentences, the
/// held-out zh-en documents gave AUC 0.72 instead of 0.81 (with a mean
/// over lines; 0.84 over rows). A line is read as its reader sees it:
/// tags left out, entities read ([`web::visible`]). None when no line has
/// a row.
fn mt_probability(
    mt: &MtModel,
    text: &str,
    tokens: &Tokens,
    lines: &[Range<usize>],
) -> Option<f64> {
    let mut buf = String::new();
    let (mut sum, mut rows) = (0.0, 0usize);
    for line in lines.iter().filter(|l| !l.is_empty()) {
        let (s, r) = mt.line_rows(&web::visible(&text[tokens.bytes_of(line)]), &mut buf);
        sum += s;
        rows += r;
    }
    (rows > 0).then(|| round4(mt.probability(sum, rows)))
}

/// Everything the stages found in one document, before the score.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The report (score and label filled in).
    pub report: Report,
    /// The document features (`None` when the document was not scored).
    pub features: Option<Features>,
    /// Each swap and least likely window of the evidence and what its
    /// weight was computed from, in text order (empty without evidence);
    /// `scripts/evidence-weight.sh` refits the weights on them.
    pub weighings: Vec<Weighing>,
}

/// Round to 4 decimals, for output.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The body of a document, of its English `lines`: those of at least
/// [`BODY_LINE_WORDS`] words when they hold [`BODY_MIN_WORDS`] or more,
/// else every line. Features and score are computed on it, so page
/// furniture (captions, menus, "Now playing") counts for nothing. A long
/// line that repeats an earlier one word for word (a page holding its
/// article twice) is left out: it adds no evidence, and its words would
/// count as recurring, which the word models read as the author's.
fn body_lines(tokens: &Tokens, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    use std::hash::{Hash, Hasher};
    let words = |r: &Range<usize>| {
        (r.start..r.end)
            .filter(|&i| tokens.token(i).kind != TokenKind::Punct)
            .map(|i| tokens.norm(i))
    };
    // Lines kept so far, by a hash of their words; a hit is compared word
    // by word, so that only a true repeat is left out.
    let mut seen: std::collections::HashMap<u64, Vec<Range<usize>>> = Default::default();
    let long: Vec<Range<usize>> = lines
        .iter()
        .filter(|r| words_in(tokens, r) >= BODY_LINE_WORDS)
        .filter(|r| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            words(r).for_each(|w| w.hash(&mut h));
            let same = seen.entry(h.finish()).or_default();
            if same.iter().any(|s| words(s).eq(words(r))) {
                return false;
            }
            same.push((*r).clone());
            true
        })
        .cloned()
        .collect();
    let long_words: usize = long.iter().map(|r| words_in(tokens, r)).sum();
    if long_words >= BODY_MIN_WORDS {
        long
    } else {
        lines.to_vec()
    }
}

/// Tokens in `range` whose kind `keep` accepts.
fn count_in(tokens: &Tokens, range: &Range<usize>, keep: fn(TokenKind) -> bool) -> usize {
    range
        .clone()
        .filter(|&i| keep(tokens.token(i).kind))
        .count()
}

/// Word and number tokens in `range`.
fn words_in(tokens: &Tokens, range: &Range<usize>) -> usize {
    count_in(tokens, range, |k| k != TokenKind::Punct)
}

/// Words of letters (no numbers) in `range`.
fn letter_words_in(tokens: &Tokens, range: &Range<usize>) -> usize {
    count_in(tokens, range, |k| k == TokenKind::Word)
}

impl Detector {
    /// A detector with every built-in component.
    ///
    /// # Errors
    /// Only if a built-in table is broken (a build problem, tested).
    pub fn new() -> Result<Detector> {
        DetectorBuilder::new().build()
    }

    /// The decision threshold.
    pub fn threshold(&self) -> f64 {
        self.inner.threshold
    }

    /// Whether reports carry the machine-translation probability `mt`.
    pub fn has_mt(&self) -> bool {
        self.inner.mt.is_some()
    }

    /// The language model.
    pub fn model(&self) -> &Model {
        &self.inner.model
    }

    /// Score one document. Never fails: problems are in the report's label.
    pub fn score(&self, text: &str) -> Report {
        self.analyze(text).report
    }

    /// Score one document and keep the features behind the score.
    pub fn analyze(&self, text: &str) -> Analysis {
        let tokens = tokenize(text);
        let words = tokens.word_count();
        let done = |report: Report| Analysis {
            report,
            features: None,
            weighings: Vec::new(),
        };
        let skipped = |mut report: Report, reason: String| {
            report.label = Label::Skipped;
            report.reason = Some(reason);
            done(report)
        };
        if words == 0 {
            return done(Report::bare(Label::Empty, 0));
        }
        let mut report = Report::bare(Label::Clean, words);
        let lines = match self.english_part(text, &tokens, words, &mut report) {
            Ok(lines) => lines,
            Err(reason) => return skipped(report, reason),
        };
        let sentences = segment::sentences_in(&tokens, &lines);

        // Language model, and what it does not know: a document whose words
        // it mostly lacks is not scored (so the dictionary is asked after).
        let model = &self.inner.model;
        let scored = score_sentences(model, &tokens, &sentences);
        let (unknown, letter) = scored
            .iter()
            .flat_map(|s| &s.words)
            .filter(|w| tokens.token(w.token).kind == TokenKind::Word)
            .fold((0usize, 0usize), |(u, n), w| {
                (u + usize::from(w.id == 0), n + 1)
            });
        if unknown as f64 > MAX_UNKNOWN_SHARE * letter as f64 {
            let reason =
                format!("not English words ({unknown} of {letter} unknown to the language model)");
            return skipped(report, reason);
        }

        // Phrase dictionary, each hit checked in its sentence
        // (`dict::context`): one the context does not support is dropped.
        let phrases = self.phrase_evidence(text, &tokens, &scored, &mut report);

        report.perplexity = perplexity(&scored).map(|p| (p * 10.0).round() / 10.0);

        // Swap search: of every line for the evidence, else of the body
        // alone, which is all that features, score and segments read.
        let body = body_lines(&tokens, &lines);
        let findings = match &self.inner.swaps {
            Some(f) if self.inner.evidence => f.find(&tokens, &scored),
            Some(f) => f.find(
                &tokens,
                scored
                    .iter()
                    .filter(|s| features::within(&body, s.tokens.start)),
            ),
            None => SwapFindings::default(),
        };
        let unigram = |id: u32| model.unigram_log10(id);
        // The weights of the swaps and of the least likely windows read the
        // word models' ratios of their words, on every line the search read
        // (nothing to weigh without evidence).
        let ratios = if self.inner.evidence {
            evidence::word_ratios(&lines, &scored, &findings, &tokens, &unigram)
        } else {
            Default::default()
        };
        let mut weighings = evidence::push_lm(text, &tokens, &scored, &ratios, &mut report);
        weighings.extend(evidence::push_swaps(
            text,
            &tokens,
            &findings,
            &phrases,
            &ratios,
            &mut report,
        ));
        weighings.sort_by_key(|w| (w.start, w.end));

        // Features over the body, and the score.
        let compute = |body: &[Range<usize>]| {
            features::compute(&FeatureInputs {
                body,
                sentences: &scored,
                swaps: &findings,
                unigram: &unigram,
                tokens: &tokens,
            })
        };
        // The model's probability, then the dictionary's witnesses on top
        // (noisy-OR), both over the same lines.
        let combined = |body: &[Range<usize>], f: &Features| {
            let dict = features::dictionary_probability(
                phrases
                    .iter()
                    .filter(|(r, _, _)| features::within(body, r.start))
                    .map(|(_, w, t)| (*t, *w)),
                body.iter().map(|r| words_in(&tokens, r)).sum(),
            );
            1.0 - (1.0 - self.inner.weights.probability(f)) * (1.0 - dict)
        };
        let feats = compute(&body);
        if let Some(mt) = &self.inner.mt {
            report.mt = mt_probability(mt, text, &tokens, &body);
        }
        let score = round4(combined(&body, &feats));
        report.score = Some(score);
        report.label = if score >= self.inner.threshold {
            Label::Spun
        } else {
            Label::Clean
        };
        if self.inner.segments {
            report.segments = Some(
                lines
                    .iter()
                    .filter(|r| words_in(&tokens, r) >= BODY_LINE_WORDS)
                    .map(|r| {
                        let (start, end, _) = span(text, &tokens, r.clone());
                        let f = compute(std::slice::from_ref(r));
                        SegmentScore {
                            start,
                            end,
                            score: Some(round4(combined(std::slice::from_ref(r), &f))),
                            tokens: words_in(&tokens, r),
                            perplexity: perplexity(
                                scored.iter().filter(|s| r.contains(&s.tokens.start)),
                            )
                            .map(|p| (p * 10.0).round() / 10.0),
                        }
                    })
                    .collect(),
            );
        }
        if self.inner.features {
            report.features = Some(feats.to_json());
        }
        report.evidence.sort_by_key(|e| (e.start, e.end));
        if !self.inner.evidence {
            report.evidence.clear();
        } else if self.inner.min_weight > 0.0 {
            let min = self.inner.min_weight;
            report.evidence.retain(|e| e.weight >= min);
            weighings.retain(|w| round4(w.weight()) >= min);
        }
        Analysis {
            report,
            features: Some(feats),
            weighings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_sync() {
        fn is<T: Send + Sync + Clone>() {}
        is::<Detector>();
        is::<DetectorBuilder>();
    }

    /// Paragraphs written for these tests, one line each and long enough
    /// to be body: one with a spinner's swaps, two plain.
    const SPUN: &str = "The lawyer normal of the state told newshounds on Monday that the \
        soccer trainer of the local college would face an inquiry into how the squad spent \
        its cash over the last 12 months, and that the findings would be made public before \
        the number one election in the spring.";
    const PLAIN_1: &str = "The city library will close for two weeks in January while \
        workers replace the roof and repair the heating system, and readers can return their \
        books at the community centre on Station Road until the building opens again.";
    const PLAIN_2: &str = "Parents at the primary school have raised more than four thousand \
        pounds for new playground equipment by selling cakes, running a summer fair and \
        asking local shops to match every pound that the children collected themselves.";

    fn detector() -> Detector {
        let mut b = DetectorBuilder::new();
        b.segments(true).features(true);
        b.build().expect("built-in detector")
    }

    /// `a` and `b` have the same features, to the bit, and the same score.
    fn assert_scored_alike(a: &Analysis, b: &Analysis, what: &str) {
        let values = |x: &Analysis| x.features.as_ref().expect("features").values.clone();
        assert_eq!(values(a), values(b), "{what}");
        assert_eq!(a.report.score, b.report.score, "{what}");
    }

    #[test]
    fn a_body_repeated_scores_as_once() {
        let d = detector();
        let once = [SPUN, PLAIN_1, PLAIN_2].join("\n\n");
        let thrice = [once.as_str(); 3].join("\n\n");
        assert_scored_alike(
            &d.analyze(&once),
            &d.analyze(&thrice),
            "the same body thrice",
        );
        // Not merely alike in score: a line repeated with one word changed
        // is new text, and counts.
        let changed = format!("{once}\n\n{}", SPUN.replace("Monday", "Tuesday"));
        let a = d.analyze(&changed);
        let values = |x: &Analysis| x.features.as_ref().expect("features").values.clone();
        assert_ne!(values(&a), values(&d.analyze(&once)));
    }

    #[test]
    fn a_segment_scores_as_it_would_alone() {
        let d = detector();
        let alone = d.analyze(SPUN);
        let score = alone.report.score.expect("scored");
        // The text around a paragraph does not move its segment score,
        // however much of it there is.
        for around in [1, 4, 12] {
            let mut parts = vec![PLAIN_1; around];
            parts.push(SPUN);
            parts.extend(std::iter::repeat_n(PLAIN_2, around));
            let doc = parts.join("\n\n");
            let report = d.analyze(&doc).report;
            let segments = report.segments.expect("segments");
            let start = doc[..doc.find(SPUN).unwrap()].chars().count();
            let seg = segments.iter().find(|s| s.start == start).expect("segment");
            assert_eq!(seg.score, Some(score), "{around} paragraphs around");
        }
    }

    #[test]
    fn text_wrapped_at_a_fixed_width_scores_as_one_line() {
        let d = detector();
        let wrapped = SPUN
            .replace(" told ", "\ntold ")
            .replace(" college ", "\ncollege ")
            .replace(" spent ", "\nspent ")
            .replace(" made ", "\nmade ");
        assert_eq!(wrapped.matches('\n').count(), 4);
        let (a, b) = (d.analyze(SPUN), d.analyze(&wrapped));
        assert_scored_alike(&a, &b, "wrapped");
        assert_eq!(a.report.perplexity, b.report.perplexity);
    }

    /// `text` wrapped greedily at `width` bytes, as a mail client does.
    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line = 0;
        for w in text.split(' ') {
            if line > 0 && line + 1 + w.len() > width {
                out.push('\n');
                line = 0;
            } else if line > 0 {
                out.push(' ');
                line += 1;
            }
            out.push_str(w);
            line += w.len();
        }
        out
    }

    #[test]
    fn a_whole_text_wrapped_at_a_fixed_width_scores_as_unwrapped() {
        // Breaks before capitalised words too ("Monday", "Station Road"):
        // the whole text is seen to be wrapped.
        let d = detector();
        let text = [PLAIN_1, SPUN, PLAIN_2].join(" ");
        for width in [50, 64, 80] {
            let wrapped = wrap(&text, width);
            assert!(wrapped.lines().count() > 8, "{wrapped}");
            let (a, b) = (d.analyze(&text), d.analyze(&wrapped));
            assert_scored_alike(&a, &b, &format!("width {width}"));
            assert_eq!(a.report.mt, b.report.mt);
        }
    }

    #[test]
    fn page_furniture_does_not_dilute_the_body() {
        // Short lines (menus, captions, share buttons) are not body: the
        // features and score are the body's own, as if they were not there.
        let d = detector();
        let body = format!("{SPUN}\n{PLAIN_1}");
        let page = format!(
            "Home | News | Sport | Weather\nNow playing: council budget vote\n{SPUN}\n\
             Photo: the college sports ground\n{PLAIN_1}\nShare this article\nMore stories"
        );
        let a = d.analyze(&body);
        let b = d.analyze(&page);
        assert_scored_alike(&a, &b, "furniture");
        // The machine-translation probability reads the body too.
        assert!(a.report.mt.is_some());
        assert_eq!(a.report.mt, b.report.mt, "furniture");
        // Without evidence the furniture is not searched at all: the same
        // features, score and segments.
        let mut quiet = DetectorBuilder::new();
        quiet.segments(true).features(true).evidence(false);
        let c = quiet.build().expect("built-in detector").analyze(&page);
        assert_scored_alike(&b, &c, "without evidence");
        assert_eq!(b.report.segments, c.report.segments);
        assert!(c.report.evidence.is_empty());
    }

    #[test]
    fn every_line_break_convention_scores_alike() {
        // Furniture and body apart, as in the test above, whatever ends the
        // lines: a file from classic Mac OS (`\r`), from Windows (`\r\n`),
        // pdftotext's page breaks (form feed), Unicode's separators.
        let d = detector();
        let page = format!(
            "Home | News | Sport\nNow playing: council budget vote\n{SPUN}\n\n\
             Photo: the college sports ground\n{PLAIN_1}\nShare this article"
        );
        let a = d.analyze(&page);
        for (lf, para) in [("\r", "\r\r"), ("\r\n", "\r\n\r\n"), ("\u{2028}", "\u{0C}")] {
            let other = page.replace("\n\n", para).replace('\n', lf);
            let b = d.analyze(&other);
            assert_scored_alike(&a, &b, &format!("{lf:?}"));
            assert_eq!(a.report.perplexity, b.report.perplexity);
        }
    }

    #[test]
    fn a_web_page_scores_as_its_text() {
        // Tags, a script, entities, a menu and a link line around the same
        // paragraphs: the tags are dropped, the entities read, the menu
        // and the link line are short lines, not body.
        let d = detector();
        let text = format!("{SPUN}\n\n{PLAIN_1}");
        let marked = SPUN
            .replace("the state", "<b>the state</b>")
            .replace(" 12 ", "&nbsp;12 ");
        let page = format!(
            "<html><head><title>News</title><script>var s = \"<p>\";</script></head><body>\
             <div class=\"nav\"><a href=\"/\">Home</a> | <a href=\"/news\">News</a></div>\
             <p>{marked}</p><p>{PLAIN_1}</p>\
             <p>Read more: <a href=\"https://example.com/n/1\">https://example.com/n/1</a></p>\
             <p>Mail desk@example.com or follow @desk</p></body></html>"
        );
        let (a, b) = (d.analyze(&text), d.analyze(&page));
        assert_scored_alike(&a, &b, "web page");
        // Evidence points into the page.
        for e in &b.report.evidence {
            let piece: String = page.chars().skip(e.start).take(e.end - e.start).collect();
            assert_eq!(piece, e.text);
        }
        // Without the furniture, the perplexity and the machine-translation
        // field (which read every line) are the text's too.
        let bare = d
            .analyze(&format!("<p>{marked}</p><p>{PLAIN_1}</p>"))
            .report;
        assert_eq!(bare.perplexity, a.report.perplexity);
        assert_eq!(bare.mt, a.report.mt);
    }
}
