//! The calibrated combiner: a logistic model over standardised document
//! features for each kind of spinner, fitted with ndarray by `unspun
//! calibrate`, clean documents against that kind's spun ones.
//!
//! Kinds of spinner leave different traces (one drawing any synonym makes
//! large swap gains; one working from a fixed table of common words makes
//! small ones, consistently), and one linear model over both lets the
//! features of the kind a document was not spun by add only noise. So
//! each kind `k` gets its own log odds `z_k`, and a document's log odds
//! of being spun by one kind or another are `ln(sum_k exp(z_k))`: each
//! kind's model was fitted on all the clean documents against its share
//! of the spun ones, so with the kinds' spun documents in equal numbers
//! the odds add up to those of "spun" against "clean" at the calibration
//! set's balance.
//!
//! The weights file (JSON) holds the feature names, for each kind its name,
//! the features' means and standard deviations, the weights and the bias,
//! and the recommended threshold, with the recipe that made it. A file of
//! the earlier layout (one model: `mean`, `std`, `weights`, `bias` at the
//! top) is read as one kind. The built-in ones are
//! `data/score-weights.json` and, for scoring without the swap search,
//! `data/score-weights-noswaps.json`, both made by `scripts/calibrate.sh`.

use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::{Features, FEATURE_NAMES, FEATURE_SIGNS};

/// Largest |weight| or |bias| a weights file may hold.
pub const MAX_WEIGHT: f64 = 1e6;
/// Largest |mean| (and std) a weights file may hold.
pub const MAX_MEAN: f64 = 1e12;
/// Smallest std a weights file may hold.
pub const MIN_STD: f64 = 1e-12;

/// The score's model: one logistic model per kind of spinner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreModel {
    /// Feature names, which must equal [`FEATURE_NAMES`].
    pub features: Vec<String>,
    /// One model per kind of spinner (at least one).
    pub kinds: Vec<KindModel>,
    /// Recommended decision threshold on the probability.
    pub threshold: f64,
    /// How the weights were made (free text).
    #[serde(default)]
    pub recipe: String,
}

/// A logistic model of one kind of spinner's documents against clean ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindModel {
    /// What the spun documents were (free text).
    #[serde(default)]
    pub name: String,
    /// Per-feature mean used for standardising.
    pub mean: Vec<f64>,
    /// Per-feature standard deviation used for standardising.
    pub std: Vec<f64>,
    /// Per-feature weight (on standardised values).
    pub weights: Vec<f64>,
    /// Intercept.
    pub bias: f64,
}

impl KindModel {
    /// The linear term of each standardised feature (for explaining).
    pub fn contributions(&self, f: &Features) -> Vec<f64> {
        f.values
            .iter()
            .enumerate()
            .map(|(i, v)| self.weights[i] * (v - self.mean[i]) / self.std[i])
            .collect()
    }

    /// The log odds of a document with these features.
    pub fn log_odds(&self, f: &Features) -> f64 {
        self.bias + self.contributions(f).iter().sum::<f64>()
    }

    /// The probability of this kind's model alone.
    pub fn probability(&self, f: &Features) -> f64 {
        logistic(self.log_odds(f))
    }
}

/// The weights file's earlier layout: one model at the top.
#[derive(Deserialize)]
struct OneKindFile {
    features: Vec<String>,
    mean: Vec<f64>,
    std: Vec<f64>,
    weights: Vec<f64>,
    bias: f64,
    threshold: f64,
    #[serde(default)]
    recipe: String,
}

const BUILTIN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/score-weights.json"
));

const BUILTIN_NO_SWAPS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/score-weights-noswaps.json"
));

fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl ScoreModel {
    /// The built-in weights.
    ///
    /// # Errors
    /// If the built-in file is malformed (a build problem, tested).
    pub fn builtin() -> Result<ScoreModel> {
        ScoreModel::from_json("built-in score weights", BUILTIN)
    }

    /// The built-in weights for scoring without the swap search, fitted
    /// on the same documents with the swap features left out (they are
    /// constant then, and the full weights would give every document
    /// nearly the same score).
    ///
    /// # Errors
    /// If the built-in file is malformed (a build problem, tested).
    pub fn builtin_no_swaps() -> Result<ScoreModel> {
        ScoreModel::from_json("built-in score weights (no swaps)", BUILTIN_NO_SWAPS)
    }

    /// Weights that ignore every feature (probability 0.5 for any
    /// document): for computing features before any weights exist, as
    /// `unspun calibrate` does.
    pub fn neutral() -> ScoreModel {
        let n = FEATURE_NAMES.len();
        let kind = KindModel {
            name: "neutral".to_string(),
            mean: vec![0.0; n],
            std: vec![1.0; n],
            weights: vec![0.0; n],
            bias: 0.0,
        };
        ScoreModel::from_kinds(vec![kind], "neutral: no weights")
    }

    /// Whether any kind gives the feature `name` a weight (a name that is
    /// not a feature has none).
    pub fn uses_feature(&self, name: &str) -> bool {
        let Some(i) = self.features.iter().position(|f| f == name) else {
            return false;
        };
        self.kinds
            .iter()
            .any(|k| k.weights.get(i).is_some_and(|&w| w != 0.0))
    }

    /// A model of these kinds, with threshold 0.5.
    pub fn from_kinds(kinds: Vec<KindModel>, recipe: &str) -> ScoreModel {
        ScoreModel {
            features: FEATURE_NAMES.iter().map(|s| s.to_string()).collect(),
            kinds,
            threshold: 0.5,
            recipe: recipe.to_string(),
        }
    }

    /// Read weights from JSON text; `name` is used in errors.
    ///
    /// Every value is checked against [`MAX_WEIGHT`], [`MAX_MEAN`] and
    /// [`MIN_STD`].
    ///
    /// # Errors
    /// Malformed JSON, feature names that differ from this version's, or
    /// lengths or values that do not fit.
    pub fn from_json(name: &str, text: &str) -> Result<ScoreModel> {
        let text = crate::text::without_bom(text);
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::format_at(name, e.line() as u64, e.to_string()))?;
        let bad = |e: serde_json::Error| Error::format(name, e.to_string());
        let m: ScoreModel = if value.get("kinds").is_some() {
            serde_json::from_value(value).map_err(bad)?
        } else {
            let one: OneKindFile = serde_json::from_value(value).map_err(bad)?;
            ScoreModel {
                features: one.features,
                kinds: vec![KindModel {
                    name: String::new(),
                    mean: one.mean,
                    std: one.std,
                    weights: one.weights,
                    bias: one.bias,
                }],
                threshold: one.threshold,
                recipe: one.recipe,
            }
        };
        let expected: Vec<String> = FEATURE_NAMES.iter().map(|s| s.to_string()).collect();
        if m.features != expected {
            return Err(Error::format(
                name,
                format!(
                    "features {:?} differ from this version's {:?}",
                    m.features, expected
                ),
            ));
        }
        let n = expected.len();
        if m.kinds.is_empty() {
            return Err(Error::format(name, "no kind of spinner has a model"));
        }
        for k in &m.kinds {
            if k.mean.len() != n || k.std.len() != n || k.weights.len() != n {
                return Err(Error::format(
                    name,
                    format!("mean, std and weights must have {n} values each"),
                ));
            }
            // Bounds far outside any fit (standardised weights are a few
            // units) that keep every term of the log odds finite for
            // finite features, so that no sum meets +inf and -inf (NaN).
            let in_range = k.mean.iter().all(|v| v.abs() <= MAX_MEAN)
                && k.std.iter().all(|&s| (MIN_STD..=MAX_MEAN).contains(&s))
                && k.weights.iter().all(|v| v.abs() <= MAX_WEIGHT)
                && k.bias.abs() <= MAX_WEIGHT;
            if !in_range {
                return Err(Error::format(
                    name,
                    format!(
                        "values must be finite: |mean| at most {MAX_MEAN:e}, std from {MIN_STD:e} \
                         to {MAX_MEAN:e}, |weight| and |bias| at most {MAX_WEIGHT:e}"
                    ),
                ));
            }
        }
        if !(0.0..=1.0).contains(&m.threshold) {
            return Err(Error::format(name, "threshold must be in [0, 1]"));
        }
        Ok(m)
    }

    /// Read weights from a file.
    ///
    /// # Errors
    /// See [`ScoreModel::from_json`]; unreadable file.
    pub fn open(path: &std::path::Path) -> Result<ScoreModel> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        ScoreModel::from_json(&path.display().to_string(), &text)
    }

    /// The log odds of "spun by one of the kinds": the log of the sum of
    /// the kinds' odds.
    pub fn log_odds(&self, f: &Features) -> f64 {
        let z: Vec<f64> = self.kinds.iter().map(|k| k.log_odds(f)).collect();
        let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !top.is_finite() {
            return top;
        }
        top + z.iter().map(|v| (v - top).exp()).sum::<f64>().ln()
    }

    /// The spin probability of a document with these features.
    pub fn probability(&self, f: &Features) -> f64 {
        logistic(self.log_odds(f))
    }
}

/// Fit a logistic model with L2 penalty `l2` (on standardised features) by
/// Newton's method, each weight on the side of zero [`FEATURE_SIGNS`] gives
/// it. `x` is documents x features, `y` is 1 for spun, 0 for clean.
///
/// The sign constraints are met by an active set: fit, and while some
/// weight is on the wrong side, fix the one furthest on the wrong side at
/// zero and fit again.
///
/// # Errors
/// Empty data, mismatched shapes, a single class.
pub fn fit(x: &Array2<f64>, y: &Array1<f64>, l2: f64, name: &str) -> Result<KindModel> {
    let d = FEATURE_NAMES.len();
    let mut free = vec![true; d];
    loop {
        let m = fit_free(x, y, l2, name, &free)?;
        let worst = (0..d)
            .filter(|&j| free[j])
            .map(|j| (j, f64::from(FEATURE_SIGNS[j]) * m.weights[j]))
            .filter(|&(_, signed)| signed < 0.0)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match worst {
            Some((j, _)) => free[j] = false,
            None => return Ok(m),
        }
    }
}

/// [`fit`] without the sign constraints, the weights of features not
/// `free` held at zero.
fn fit_free(
    x: &Array2<f64>,
    y: &Array1<f64>,
    l2: f64,
    name: &str,
    free: &[bool],
) -> Result<KindModel> {
    let (n, d) = x.dim();
    if n == 0 || y.len() != n || d != FEATURE_NAMES.len() {
        return Err(Error::config(
            "calibration data is empty or has the wrong shape",
        ));
    }
    let positives = y.iter().filter(|&&v| v > 0.5).count();
    if positives == 0 || positives == n {
        return Err(Error::config(
            "calibration data needs both spun and clean documents",
        ));
    }
    let mean = x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(d));
    let mut std = x.std_axis(Axis(0), 0.0);
    std.mapv_inplace(|s| if s > 1e-9 { s } else { 1.0 });
    let z = (x - &mean) / &std;
    // Design matrix with a leading column of ones for the bias.
    let mut a = Array2::<f64>::ones((n, d + 1));
    a.slice_mut(ndarray::s![.., 1..]).assign(&z);
    let mut beta = Array1::<f64>::zeros(d + 1);
    for _ in 0..50 {
        let p = a.dot(&beta).mapv(logistic);
        let w = p.mapv(|v| (v * (1.0 - v)).max(1e-9));
        let mut grad = a.t().dot(&(&p - y));
        let mut hess = a.t().dot(&(&a * &w.clone().insert_axis(Axis(1))));
        for j in 1..=d {
            grad[j] += l2 * beta[j];
            hess[[j, j]] += l2;
            if !free[j - 1] {
                // Held at zero: no step along it, and none of its
                // curvature in the others' steps.
                grad[j] = 0.0;
                for k in 0..=d {
                    hess[[j, k]] = 0.0;
                    hess[[k, j]] = 0.0;
                }
                hess[[j, j]] = 1.0;
            }
        }
        let step =
            solve(hess, grad).ok_or_else(|| Error::config("calibration did not converge"))?;
        beta = &beta - &step;
        if step.iter().map(|v| v.abs()).fold(0.0, f64::max) < 1e-8 {
            break;
        }
    }
    Ok(KindModel {
        name: name.to_string(),
        mean: mean.to_vec(),
        std: std.to_vec(),
        weights: beta.slice(ndarray::s![1..]).to_vec(),
        bias: beta[0],
    })
}

/// Solve `m x = b` by Gaussian elimination with partial pivoting.
fn solve(mut m: Array2<f64>, mut b: Array1<f64>) -> Option<Array1<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| m[[i, col]].abs().total_cmp(&m[[j, col]].abs()))?;
        if m[[pivot, col]].abs() < 1e-12 {
            return None;
        }
        if pivot != col {
            for k in 0..n {
                m.swap([col, k], [pivot, k]);
            }
            b.swap(col, pivot);
        }
        for row in col + 1..n {
            let f = m[[row, col]] / m[[col, col]];
            for k in col..n {
                m[[row, k]] -= f * m[[col, k]];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = Array1::<f64>::zeros(n);
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| m[[row, k]] * x[k]).sum();
        x[row] = (b[row] - s) / m[[row, row]];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_weights_load() {
        for m in [ScoreModel::builtin(), ScoreModel::builtin_no_swaps()] {
            let m = m.unwrap();
            assert!(!m.kinds.is_empty());
            for k in &m.kinds {
                assert_eq!(k.weights.len(), FEATURE_NAMES.len());
            }
        }
    }

    /// The weights without swaps lean on what the model sees without the
    /// search: the context gain (fluent text earns more from its context)
    /// carries weight, and the two files differ.
    #[test]
    fn builtin_no_swaps_weights_use_the_context_gain() {
        let (full, fast) = (
            ScoreModel::builtin().unwrap(),
            ScoreModel::builtin_no_swaps().unwrap(),
        );
        assert_ne!(full.kinds, fast.kinds);
        let j = FEATURE_NAMES
            .iter()
            .position(|&n| n == "context_gain_per_word")
            .unwrap();
        for k in &fast.kinds {
            assert!(k.weights[j] < -0.1, "{}: {}", k.name, k.weights[j]);
        }
    }

    #[test]
    fn builtin_weights_never_turn_more_evidence_into_a_lower_score() {
        for m in [ScoreModel::builtin(), ScoreModel::builtin_no_swaps()] {
            never_lower(&m.unwrap());
        }
    }

    fn never_lower(m: &ScoreModel) {
        for k in &m.kinds {
            for (j, w) in k.weights.iter().enumerate() {
                assert!(
                    f64::from(FEATURE_SIGNS[j]) * w >= 0.0,
                    "{} {}: {w}",
                    k.name,
                    FEATURE_NAMES[j]
                );
            }
        }
        // So raising any evidence feature never lowers the probability
        // (the sum of the kinds' odds rises with each of them).
        for k in &m.kinds {
            let mut f = Features {
                values: k.mean.clone(),
                ..Default::default()
            };
            let base = m.probability(&f);
            for j in (0..FEATURE_NAMES.len()).filter(|&j| FEATURE_SIGNS[j] != 0) {
                let before = f.values[j];
                f.values[j] += f64::from(FEATURE_SIGNS[j]) * 3.0 * k.std[j];
                assert!(m.probability(&f) >= base, "{}", FEATURE_NAMES[j]);
                f.values[j] = before;
            }
        }
    }

    fn kind(name: &str, feature: usize, weight: f64, bias: f64) -> KindModel {
        let n = FEATURE_NAMES.len();
        let mut weights = vec![0.0; n];
        weights[feature] = weight;
        KindModel {
            name: name.to_string(),
            mean: vec![0.0; n],
            std: vec![1.0; n],
            weights,
            bias,
        }
    }

    /// Two kinds: the odds add up, so a document that either kind's model
    /// calls spun is spun, and one that neither does is not.
    #[test]
    fn kinds_odds_add_up() {
        let m = ScoreModel::from_kinds(vec![kind("a", 0, 2.0, -1.0), kind("b", 1, 3.0, -2.0)], "t");
        let n = FEATURE_NAMES.len();
        let at = |x0: f64, x1: f64| {
            let mut values = vec![0.0; n];
            values[0] = x0;
            values[1] = x1;
            Features {
                values,
                ..Default::default()
            }
        };
        for (x0, x1) in [(0.0, 0.0), (3.0, 0.0), (0.0, 3.0), (-2.0, 1.0)] {
            let f = at(x0, x1);
            let odds = (2.0 * x0 - 1.0f64).exp() + (3.0 * x1 - 2.0f64).exp();
            let expected = odds / (1.0 + odds);
            assert!((m.probability(&f) - expected).abs() < 1e-12, "{x0} {x1}");
            // Never below either kind alone.
            for k in &m.kinds {
                assert!(m.probability(&f) >= k.probability(&f));
            }
        }
        assert!(m.probability(&at(3.0, 0.0)) > 0.99);
        assert!(m.probability(&at(0.0, 3.0)) > 0.99);
        assert!(m.probability(&at(-3.0, -1.0)) < 0.01);
        // Far out, no overflow.
        assert_eq!(m.probability(&at(1e6, 1e6)), 1.0);
        assert_eq!(m.probability(&at(-1e6, -1e6)), 0.0);
    }

    /// A file of the earlier layout (one model at the top) reads as one
    /// kind and scores as it did.
    #[test]
    fn one_model_files_still_load() {
        let k = kind("", 0, 1.5, -0.5);
        let text = serde_json::json!({
            "features": FEATURE_NAMES,
            "mean": k.mean,
            "std": k.std,
            "weights": k.weights,
            "bias": k.bias,
            "threshold": 0.7,
            "recipe": "old",
        })
        .to_string();
        let m = ScoreModel::from_json("old.json", &text).unwrap();
        assert_eq!(m.kinds, vec![k.clone()]);
        assert_eq!(m.threshold, 0.7);
        // With a byte-order mark before it, as Windows editors save.
        let bom = ScoreModel::from_json("bom.json", &format!("\u{feff}{text}")).unwrap();
        assert_eq!(bom.kinds, m.kinds);
        let mut f = Features {
            values: vec![0.0; FEATURE_NAMES.len()],
            ..Default::default()
        };
        f.values[0] = 1.0;
        assert_eq!(m.probability(&f), k.probability(&f));
    }

    #[test]
    fn fit_separates_a_shifted_feature() {
        let d = FEATURE_NAMES.len();
        let n = 200;
        let mut x = Array2::<f64>::zeros((n, d));
        let mut y = Array1::<f64>::zeros(n);
        for i in 0..n {
            let spun = i % 2 == 0;
            y[i] = if spun { 1.0 } else { 0.0 };
            for j in 0..d {
                // Feature 0 carries the signal; the rest is deterministic noise.
                let noise = ((i * 7 + j * 13) % 17) as f64 / 17.0;
                x[[i, j]] = noise + if j == 0 && spun { 1.5 } else { 0.0 };
            }
        }
        let m = fit(&x, &y, 1.0, "test").unwrap();
        assert!(m.weights[0] > 1.0, "{:?}", m.weights);
        let mut f = Features {
            values: vec![0.5; d],
            ..Default::default()
        };
        f.values[0] = 2.0;
        assert!(m.probability(&f) > 0.9);
        f.values[0] = 0.5;
        assert!(m.probability(&f) < 0.1);
    }

    #[test]
    fn fit_keeps_weights_on_their_side() {
        // Feature 0 (swaps per 1k, more is more spun) is the signal; a
        // copy of it minus the label, which alone would get a negative
        // weight in a free fit (it "explains away" the signal), must not:
        // more evidence may never lower the score.
        let d = FEATURE_NAMES.len();
        let n = 400;
        let mut x = Array2::<f64>::zeros((n, d));
        let mut y = Array1::<f64>::zeros(n);
        for i in 0..n {
            let spun = i % 2 == 0;
            y[i] = if spun { 1.0 } else { 0.0 };
            let signal = ((i * 37) % 101) as f64 / 101.0 + if spun { 0.8 } else { 0.0 };
            for j in 0..d {
                x[[i, j]] = ((i * 7 + j * 13) % 17) as f64 / 17.0;
            }
            x[[i, 0]] = signal;
            // Column 1 (swap gain per 1k, also +1): the signal with the
            // label's part taken out twice over.
            x[[i, 1]] = signal - if spun { 1.6 } else { 0.0 };
        }
        let free = fit_free(&x, &y, 1.0, "test", &vec![true; d]).unwrap();
        assert!(free.weights[1] < -0.5, "{:?}", free.weights);
        let m = fit(&x, &y, 1.0, "test").unwrap();
        for (j, w) in m.weights.iter().enumerate() {
            assert!(
                f64::from(FEATURE_SIGNS[j]) * w >= 0.0,
                "{j}: {:?}",
                m.weights
            );
        }
        assert_eq!(m.weights[1], 0.0);
        assert!(m.weights[0] > 1.0, "{:?}", m.weights);
    }

    #[test]
    fn malformed_weights_are_rejected() {
        assert!(ScoreModel::from_json("w", "{").is_err());
        let mut m = ScoreModel::builtin().unwrap();
        let last = m.kinds.len() - 1;
        m.kinds[last].std[0] = 0.0;
        let text = serde_json::to_string(&m).unwrap();
        let e = ScoreModel::from_json("w.json", &text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("w.json"), "{e}");
        // No kind at all, a kind short of weights, a kind without a bias.
        let good = serde_json::to_value(ScoreModel::builtin().unwrap()).unwrap();
        let mut none = good.clone();
        none["kinds"] = serde_json::json!([]);
        let mut short = good.clone();
        short["kinds"][0]["weights"] = serde_json::json!([1.0]);
        let mut no_bias = good.clone();
        no_bias["kinds"][0].as_object_mut().unwrap().remove("bias");
        // Weights so large that some document's terms would be +inf and
        // -inf, whose sum is NaN (a score of null labelled clean).
        let mut huge = good.clone();
        let n = FEATURE_NAMES.len();
        huge["kinds"][0]["weights"] = serde_json::json!((0..n)
            .map(|i| if i % 2 == 0 { 1e308 } else { -1e308 })
            .collect::<Vec<f64>>());
        let mut tiny_std = good.clone();
        tiny_std["kinds"][0]["std"][3] = serde_json::json!(1e-300);
        let mut far_mean = good.clone();
        far_mean["kinds"][0]["mean"][3] = serde_json::json!(-1e300);
        let mut big_bias = good.clone();
        big_bias["kinds"][0]["bias"] = serde_json::json!(1e7);
        for bad in [none, short, no_bias, huge, tiny_std, far_mean, big_bias] {
            let e = ScoreModel::from_json("k.json", &bad.to_string())
                .unwrap_err()
                .to_string();
            assert!(e.contains("k.json"), "{e}");
        }
        // At the bounds, any finite features give a finite log odds.
        let mut edge = ScoreModel::builtin().unwrap();
        for k in &mut edge.kinds {
            for j in 0..n {
                k.weights[j] = if j % 2 == 0 { MAX_WEIGHT } else { -MAX_WEIGHT };
                k.std[j] = MIN_STD;
                k.mean[j] = if j % 2 == 0 { -MAX_MEAN } else { MAX_MEAN };
            }
        }
        let edge = ScoreModel::from_json("edge", &serde_json::to_string(&edge).unwrap()).unwrap();
        let f = Features {
            values: (0..n)
                .map(|j| if j % 2 == 0 { 1e6 } else { -1e6 })
                .collect(),
            ..Default::default()
        };
        assert!(!edge.log_odds(&f).is_nan());
    }
}
