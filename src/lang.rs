//! The language gate: is this document (or this line) English?
//!
//! Two identifiers, chosen with [`LangId`]:
//!
//! - **fastText** (the default): Facebook's `lid.176.ftz`, 176 languages,
//!   embedded in the binary (`data/lid.176.ftz`, rebuilt by
//!   `scripts/build-langid.sh`). The model file is read by the pure-Rust
//!   `fasttext` crate; the prediction over its hierarchical-softmax tree is
//!   done here, because the crate's quantised-model path scores the tree's
//!   inner nodes as if they were labels.
//! - **whatlang**: 69 languages from trigram profiles, no data file.
//!
//! Both read a prefix of the text ([`PREFIX_BYTES`]) and answer in ISO 639-3
//! codes, the way whatlang names languages (`eng`, `deu`, `cmn` for Chinese,
//! `pes` for Persian, `nob` for Norwegian).

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use fasttext::args::LossName;
use fasttext::FastText;

use crate::error::{Error, Result};

mod sentence;

pub(crate) use sentence::fnv as fasttext_hash;
use sentence::SentenceVectors;

/// How many bytes of a text the identifiers read.
pub const PREFIX_BYTES: usize = 2048;

/// The built-in fastText language identifier (`data/lid.176.ftz`).
static LID_176: &[u8] = include_bytes!("../data/lid.176.ftz");

/// A text is judged foreign only when the identifier is at least this sure.
pub const FOREIGN_MIN_CONFIDENCE: f64 = 0.5;

/// Lines with a larger share of non-ASCII characters than this are always
/// checked (by either identifier).
const NON_ASCII_LINE_SHARE: f64 = 0.1;

/// Mostly-ASCII lines are checked by fastText only when they have at least
/// this many words (shorter ones are too short to judge) ...
const LINE_MIN_WORDS: usize = 5;

/// ... and fewer than this many of [`ENGLISH_MARKERS`] (a line with two of
/// them is English enough to keep without asking the model).
const LINE_ENGLISH_MARKERS: usize = 2;

/// Frequent English words that are not also frequent words of a nearby
/// language (so not "of" (Dutch), "to" (Czech, Polish), "was" (German),
/// "her" (Danish)).
const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "that", "with", "this", "from", "which", "would", "they", "their", "were", "has",
    "are", "it", "its", "you", "we", "our", "there", "these", "those", "what",
];

/// What fastText puts before each label.
const LABEL_PREFIX: &str = "__label__";

/// A detected language.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// ISO 639-3 code ("eng").
    pub code: &'static str,
    /// The identifier's confidence in [0, 1] (fastText: the label's
    /// probability).
    pub confidence: f64,
}

impl Detected {
    /// Whether this is English.
    pub fn is_english(&self) -> bool {
        self.code == "eng"
    }

    /// Whether this names another language with confidence at least
    /// [`FOREIGN_MIN_CONFIDENCE`]: the gate's test, for documents and lines.
    pub fn is_foreign(&self) -> bool {
        !self.is_english() && self.confidence >= FOREIGN_MIN_CONFIDENCE
    }
}

/// Which language identifier runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LangId {
    /// whatlang (trigram profiles, 69 languages).
    Whatlang,
    /// fastText `lid.176` (176 languages).
    #[default]
    FastText,
}

impl FromStr for LangId {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<LangId, String> {
        match s {
            "whatlang" => Ok(LangId::Whatlang),
            "fasttext" => Ok(LangId::FastText),
            other => Err(format!(
                "unknown language identifier {other:?}: expected whatlang or fasttext"
            )),
        }
    }
}

impl fmt::Display for LangId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LangId::Whatlang => "whatlang",
            LangId::FastText => "fasttext",
        })
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Detect the language of (a prefix of) `text` with whatlang.
pub fn detect(text: &str) -> Option<Detected> {
    Identifier::whatlang().detect(text)
}

/// A language identifier, ready to run. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Identifier {
    fasttext: Option<Arc<FastTextLid>>,
}

impl fmt::Debug for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.fasttext {
            Some(_) => "Identifier(fasttext)",
            None => "Identifier(whatlang)",
        })
    }
}

impl Identifier {
    /// The identifier `which`, with the built-in fastText model.
    ///
    /// # Errors
    /// Only if the embedded model is broken (a build problem, tested).
    pub fn new(which: LangId) -> Result<Identifier> {
        match which {
            LangId::Whatlang => Ok(Identifier::whatlang()),
            LangId::FastText => Identifier::builtin_fasttext(),
        }
    }

    /// whatlang.
    pub fn whatlang() -> Identifier {
        Identifier { fasttext: None }
    }

    /// fastText with the built-in `lid.176.ftz`, loaded once per process.
    ///
    /// # Errors
    /// Only if the embedded model is broken (a build problem, tested).
    pub fn builtin_fasttext() -> Result<Identifier> {
        static BUILTIN: OnceLock<std::result::Result<Arc<FastTextLid>, String>> = OnceLock::new();
        let model = BUILTIN.get_or_init(|| {
            FastTextLid::from_bytes(LID_176, "built-in lid.176.ftz")
                .map(Arc::new)
                .map_err(|e| e.to_string())
        });
        match model {
            Ok(m) => Ok(Identifier {
                fasttext: Some(Arc::clone(m)),
            }),
            Err(e) => Err(Error::config(e.clone())),
        }
    }

    /// fastText with a language-identification model (`.bin` or `.ftz`)
    /// from a file.
    ///
    /// # Errors
    /// The file cannot be read; it is truncated or not a fastText model; it
    /// is not a supervised model whose labels are languages.
    pub fn fasttext_file(path: impl AsRef<Path>) -> Result<Identifier> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let model = FastTextLid::from_bytes(&bytes, path.display())?;
        Ok(Identifier {
            fasttext: Some(Arc::new(model)),
        })
    }

    /// Which identifier this is.
    pub fn kind(&self) -> LangId {
        match self.fasttext {
            Some(_) => LangId::FastText,
            None => LangId::Whatlang,
        }
    }

    /// Detect the language of (a prefix of) `text`; `None` when there is
    /// nothing to judge (no letters, or a language the identifier cannot
    /// name).
    pub fn detect(&self, text: &str) -> Option<Detected> {
        self.detect_prefix(text, PREFIX_BYTES)
    }

    /// Whether a stretch of `text` past the prefix [`Identifier::detect`]
    /// reads is English: the identifier is run on up to three more
    /// stretches of [`PREFIX_BYTES`], each from the first line break after
    /// a quarter, a half and three quarters of the text. A document whose
    /// opening is in another language (a foreign summary, a header) may
    /// still be mostly English; this is the cheap check that decides
    /// whether to look line by line.
    pub fn finds_english_after_prefix(&self, text: &str) -> bool {
        if text.len() <= PREFIX_BYTES {
            return false;
        }
        [1, 2, 3].iter().any(|&quarter| {
            let mut at = text.len() * quarter / 4;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            let start = match text[at..].find('\n') {
                Some(k) => at + k + 1,
                None => return false,
            };
            self.detect(&text[start..]).is_some_and(|d| d.is_english())
        })
    }

    /// Whether a line of a document is to be left out as not English: the
    /// identifier names another language with confidence at least
    /// [`FOREIGN_MIN_CONFIDENCE`].
    ///
    /// Mostly non-ASCII lines are always checked. Mostly-ASCII lines are
    /// checked only by fastText (whatlang is less sure of short Latin-script
    /// lines and would drop more English ones), and only when they have at
    /// least 5 words and fewer than 2 common English function words, which
    /// keeps the cost of the check small on English text.
    pub fn is_foreign_line(&self, line: &str) -> bool {
        let chars = line.chars().count();
        let non_ascii = line.chars().filter(|c| !c.is_ascii()).count();
        let is_ascii = (non_ascii as f64) <= NON_ASCII_LINE_SHARE * chars as f64;
        if is_ascii {
            if self.fasttext.is_none() {
                return false;
            }
            let mut words = 0;
            let mut markers = 0;
            for w in line.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if w.is_empty() {
                    continue;
                }
                words += 1;
                if ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(w)) {
                    markers += 1;
                }
            }
            if words < LINE_MIN_WORDS || markers >= LINE_ENGLISH_MARKERS {
                return false;
            }
        }
        self.detect(line).is_some_and(|d| d.is_foreign())
    }

    /// Like [`Identifier::detect`], on the first `max_bytes` bytes of `text`
    /// (`usize::MAX` for all of it).
    pub fn detect_prefix(&self, text: &str, max_bytes: usize) -> Option<Detected> {
        let text = prefix(text, max_bytes);
        match &self.fasttext {
            Some(m) => m.detect(text),
            None => {
                let info = whatlang::detect(text)?;
                Some(Detected {
                    code: info.lang().code(),
                    confidence: info.confidence(),
                })
            }
        }
    }
}

/// A node of fastText's hierarchical-softmax tree (a Huffman tree over the
/// label counts).
#[derive(Debug, Clone, Copy)]
struct Node {
    left: i32,
    right: i32,
    count: i64,
}

/// A fastText supervised model whose labels are languages.
struct FastTextLid {
    model: FastText,
    /// ISO 639-3 code of each label, in label order.
    codes: Vec<&'static str>,
    /// The hierarchical-softmax tree, when the model was trained with
    /// `-loss hs` (lid.176 was); `None` means the crate's own prediction.
    tree: Option<Vec<Node>>,
    /// The sentence vector, faster than the crate's and the same to the
    /// bit (`None`: a model it does not cover; the crate's is used).
    vectors: Option<SentenceVectors>,
}

impl FastTextLid {
    fn from_bytes(bytes: &[u8], source: impl fmt::Display) -> Result<FastTextLid> {
        let model = FastText::load(&mut &bytes[..]).map_err(|e| {
            Error::format(
                &source,
                format!("not a readable fastText model (truncated or corrupt?): {e}"),
            )
        })?;
        let (labels, counts) = model.get_labels();
        if labels.is_empty() {
            return Err(Error::format(
                &source,
                "fastText model has no labels: a language identifier is a supervised model",
            ));
        }
        let mut codes = Vec::with_capacity(labels.len());
        for label in &labels {
            let code = label.strip_prefix(LABEL_PREFIX).unwrap_or(label);
            codes.push(iso639_3(code).ok_or_else(|| {
                Error::format(
                    &source,
                    format!("fastText label {label:?} is not a language code"),
                )
            })?);
        }
        let dim = model.get_dimension() as usize;
        let tree = if model.args().loss == LossName::HierarchicalSoftmax {
            let out = model.output_matrix();
            if out.data().len() < (labels.len() - 1) * dim {
                return Err(Error::format(
                    &source,
                    "fastText output matrix is smaller than the label tree needs",
                ));
            }
            Some(huffman_tree(&counts))
        } else {
            None
        };
        let vectors = SentenceVectors::new(&model);
        Ok(FastTextLid {
            model,
            codes,
            tree,
            vectors,
        })
    }

    fn detect(&self, text: &str) -> Option<Detected> {
        if !text.chars().any(char::is_alphabetic) {
            return None;
        }
        let (code, prob) = match &self.tree {
            Some(tree) => {
                let (label, prob) = self.predict_hs(tree, text)?;
                (*self.codes.get(label)?, prob)
            }
            None => {
                let best = self.model.predict(text, 1, 0.0).into_iter().next()?;
                let label = best.label.strip_prefix(LABEL_PREFIX)?;
                (iso639_3(label)?, f64::from(best.prob))
            }
        };
        Some(Detected {
            code,
            confidence: prob.clamp(0.0, 1.0),
        })
    }

    /// The most probable label and its probability: the best root-to-leaf
    /// path through the tree, as fastText's `HierarchicalSoftmaxLoss::dfs`
    /// does with k = 1.
    fn predict_hs(&self, tree: &[Node], text: &str) -> Option<(usize, f64)> {
        let hidden = match &self.vectors {
            Some(v) => {
                let mut hidden = vec![0.0; self.model.get_dimension() as usize];
                v.sentence_vector(self.model.dict(), text, &mut hidden);
                hidden
            }
            None => self.model.get_sentence_vector(text),
        };
        if hidden.iter().all(|&x| x == 0.0) {
            return None;
        }
        let nlabels = self.codes.len();
        let out = self.model.output_matrix();
        let mut best: Option<(f32, usize)> = None;
        let mut stack = vec![(tree.len() - 1, 0.0f32)];
        while let Some((node, score)) = stack.pop() {
            if best.is_some_and(|(s, _)| score < s) {
                continue;
            }
            let n = tree[node];
            if n.left < 0 {
                best = Some((score, node));
                continue;
            }
            let row = out.row((node - nlabels) as i64);
            let dot: f32 = row.iter().zip(&hidden).map(|(a, b)| a * b).sum();
            let f = 1.0 / (1.0 + (-dot).exp());
            stack.push((n.right as usize, score + std_log(f)));
            stack.push((n.left as usize, score + std_log(1.0 - f)));
        }
        let (score, label) = best?;
        Some((label, f64::from(score.exp())))
    }
}

/// fastText's `std_log`: a logarithm that never returns minus infinity.
fn std_log(x: f32) -> f32 {
    (x + 1e-5).ln()
}

/// fastText's `HierarchicalSoftmaxLoss::buildTree`: leaves `0..n` are the
/// labels (sorted by falling count), inner nodes `n..2n-1`, root last.
fn huffman_tree(counts: &[i64]) -> Vec<Node> {
    let n = counts.len();
    let mut tree = vec![
        Node {
            left: -1,
            right: -1,
            count: 1_000_000_000_000_000,
        };
        2 * n - 1
    ];
    for (node, &c) in tree.iter_mut().zip(counts) {
        node.count = c;
    }
    let mut leaf = n as i64 - 1;
    let mut inner = n;
    for i in n..2 * n - 1 {
        let mut pick = [0usize; 2];
        for p in &mut pick {
            if leaf >= 0 && tree[leaf as usize].count < tree[inner].count {
                *p = leaf as usize;
                leaf -= 1;
            } else {
                *p = inner;
                inner += 1;
            }
        }
        tree[i].left = pick[0] as i32;
        tree[i].right = pick[1] as i32;
        tree[i].count = tree[pick[0]].count + tree[pick[1]].count;
    }
    tree
}

/// ISO 639-3 code for a fastText `lid.176` label: two-letter codes are
/// mapped, three-letter ones kept; where whatlang names a language
/// differently (`cmn`, `pes`, `nob`), its name wins so that both
/// identifiers agree.
fn iso639_3(label: &str) -> Option<&'static str> {
    Some(match label {
        "af" => "afr",
        "am" => "amh",
        "an" => "arg",
        "ar" => "ara",
        "as" => "asm",
        "av" => "ava",
        "az" => "aze",
        "ba" => "bak",
        "be" => "bel",
        "bg" => "bul",
        "bh" => "bih",
        "bn" => "ben",
        "bo" => "bod",
        "br" => "bre",
        "bs" => "bos",
        "ca" => "cat",
        "ce" => "che",
        "co" => "cos",
        "cs" => "ces",
        "cv" => "chv",
        "cy" => "cym",
        "da" => "dan",
        "de" => "deu",
        "dv" => "div",
        "el" => "ell",
        "en" => "eng",
        "eo" => "epo",
        "es" => "spa",
        "et" => "est",
        "eu" => "eus",
        "fa" => "pes",
        "fi" => "fin",
        "fr" => "fra",
        "fy" => "fry",
        "ga" => "gle",
        "gd" => "gla",
        "gl" => "glg",
        "gn" => "grn",
        "gu" => "guj",
        "gv" => "glv",
        "he" => "heb",
        "hi" => "hin",
        "hr" => "hrv",
        "ht" => "hat",
        "hu" => "hun",
        "hy" => "hye",
        "ia" => "ina",
        "id" => "ind",
        "ie" => "ile",
        "io" => "ido",
        "is" => "isl",
        "it" => "ita",
        "ja" => "jpn",
        "jv" => "jav",
        "ka" => "kat",
        "kk" => "kaz",
        "km" => "khm",
        "kn" => "kan",
        "ko" => "kor",
        "ku" => "kur",
        "kv" => "kom",
        "kw" => "cor",
        "ky" => "kir",
        "la" => "lat",
        "lb" => "ltz",
        "li" => "lim",
        "lo" => "lao",
        "lt" => "lit",
        "lv" => "lav",
        "mg" => "mlg",
        "mk" => "mkd",
        "ml" => "mal",
        "mn" => "mon",
        "mr" => "mar",
        "ms" => "msa",
        "mt" => "mlt",
        "my" => "mya",
        "ne" => "nep",
        "nl" => "nld",
        "nn" => "nno",
        "no" => "nob",
        "oc" => "oci",
        "or" => "ori",
        "os" => "oss",
        "pa" => "pan",
        "pl" => "pol",
        "ps" => "pus",
        "pt" => "por",
        "qu" => "que",
        "rm" => "roh",
        "ro" => "ron",
        "ru" => "rus",
        "sa" => "san",
        "sc" => "srd",
        "sd" => "snd",
        "sh" => "hbs",
        "si" => "sin",
        "sk" => "slk",
        "sl" => "slv",
        "so" => "som",
        "sq" => "sqi",
        "sr" => "srp",
        "su" => "sun",
        "sv" => "swe",
        "sw" => "swa",
        "ta" => "tam",
        "te" => "tel",
        "tg" => "tgk",
        "th" => "tha",
        "tk" => "tuk",
        "tl" => "tgl",
        "tr" => "tur",
        "tt" => "tat",
        "ug" => "uig",
        "uk" => "ukr",
        "ur" => "urd",
        "uz" => "uzb",
        "vi" => "vie",
        "vo" => "vol",
        "wa" => "wln",
        "yi" => "yid",
        "yo" => "yor",
        "zh" => "cmn",
        // Three-letter labels are ISO 639-3 (or 639-2/5 where fastText used
        // a collective code); keep them.
        "als" => "als",
        "arz" => "arz",
        "ast" => "ast",
        "azb" => "azb",
        "bar" => "bar",
        "bcl" => "bcl",
        "bpy" => "bpy",
        "bxr" => "bxr",
        "cbk" => "cbk",
        "ceb" => "ceb",
        "ckb" => "ckb",
        "diq" => "diq",
        "dsb" => "dsb",
        "dty" => "dty",
        "eml" => "eml",
        "frr" => "frr",
        "gom" => "gom",
        "hif" => "hif",
        "hsb" => "hsb",
        "ilo" => "ilo",
        "jbo" => "jbo",
        "krc" => "krc",
        "lez" => "lez",
        "lmo" => "lmo",
        "lrc" => "lrc",
        "mai" => "mai",
        "mhr" => "mhr",
        "min" => "min",
        "mrj" => "mrj",
        "mwl" => "mwl",
        "myv" => "myv",
        "mzn" => "mzn",
        "nah" => "nah",
        "nap" => "nap",
        "nds" => "nds",
        "new" => "new",
        "pam" => "pam",
        "pfl" => "pfl",
        "pms" => "pms",
        "pnb" => "pnb",
        "rue" => "rue",
        "sah" => "sah",
        "scn" => "scn",
        "sco" => "sco",
        "tyv" => "tyv",
        "vec" => "vec",
        "vep" => "vep",
        "vls" => "vls",
        "war" => "war",
        "wuu" => "wuu",
        "xal" => "xal",
        "xmf" => "xmf",
        "yue" => "yue",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short paragraphs written for these tests, one per language.
    const PARAGRAPHS: &[(&str, &str)] = &[
        (
            "eng",
            "The committee met on Tuesday to discuss the budget for next year. \
             Most members wanted more money for the libraries and less for roads.",
        ),
        (
            "deu",
            "Der Ausschuss traf sich am Dienstag, um den Haushalt für das nächste \
             Jahr zu besprechen. Die meisten Mitglieder wollten mehr Geld für die \
             Büchereien und weniger für die Straßen.",
        ),
        (
            "fra",
            "Le comité s'est réuni mardi pour discuter du budget de l'année \
             prochaine. La plupart des membres voulaient plus d'argent pour les \
             bibliothèques et moins pour les routes.",
        ),
        (
            "cmn",
            "委员会星期二开会讨论了明年的预算。大多数委员希望给图书馆更多的钱，\
             给道路少一些。",
        ),
        (
            "rus",
            "Комитет собрался во вторник, чтобы обсудить бюджет на следующий год. \
             Большинство членов хотели больше денег для библиотек и меньше для дорог.",
        ),
    ];

    #[test]
    fn both_identifiers_name_each_language() {
        for which in [LangId::Whatlang, LangId::FastText] {
            let id = Identifier::new(which).unwrap();
            assert_eq!(id.kind(), which);
            for (code, text) in PARAGRAPHS {
                let d = id
                    .detect(text)
                    .unwrap_or_else(|| panic!("{which}: nothing for {code}"));
                assert_eq!(d.code, *code, "{which} on {text:?}");
                assert!(d.confidence > 0.5, "{which} on {code}: {d:?}");
                assert_eq!(d.is_english(), *code == "eng");
            }
        }
    }

    #[test]
    fn nothing_to_judge() {
        let id = Identifier::new(LangId::FastText).unwrap();
        assert_eq!(id.detect(""), None);
        assert_eq!(id.detect("12 345 -- 67"), None);
    }

    #[test]
    fn truncated_or_corrupt_model_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("half.ftz", &LID_176[..LID_176.len() / 2]),
            ("header.ftz", &LID_176[..100]),
            ("empty.ftz", &LID_176[..0]),
            ("text.ftz", &b"__label__en hello world\n"[..]),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let err = Identifier::fasttext_file(&path).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
            assert!(err.contains("fastText"), "{err}");
        }
        let missing = Identifier::fasttext_file(dir.path().join("missing.ftz"));
        assert!(missing.is_err());
    }

    #[test]
    fn model_file_reads_like_the_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lid.176.ftz");
        std::fs::write(&path, LID_176).unwrap();
        let id = Identifier::fasttext_file(&path).unwrap();
        assert_eq!(id.detect(PARAGRAPHS[1].1).unwrap().code, "deu");
    }

    #[test]
    fn every_label_has_a_code() {
        let model = FastText::load(&mut &LID_176[..]).unwrap();
        let (labels, _) = model.get_labels();
        assert_eq!(labels.len(), 176);
        for l in labels {
            let code = iso639_3(l.strip_prefix(LABEL_PREFIX).unwrap());
            assert!(code.is_some_and(|c| c.len() == 3), "{l}");
        }
    }

    #[test]
    fn flag_values() {
        assert_eq!("fasttext".parse::<LangId>(), Ok(LangId::FastText));
        assert_eq!("whatlang".parse::<LangId>(), Ok(LangId::Whatlang));
        assert!("cld3".parse::<LangId>().is_err());
        assert_eq!(LangId::default().to_string(), "fasttext");
    }

    #[test]
    fn identifiers_are_send_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Identifier>();
    }

    #[test]
    fn prefix_ends_on_a_char_boundary() {
        assert_eq!(prefix("héllo", 2), "h");
        assert_eq!(prefix("héllo", 3), "hé");
        assert_eq!(prefix("abc", 10), "abc");
    }
}
