//! `unspun calibrate`: fit the score weights on clean and spun documents.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::cli::DetectorArgs;
use crate::features::FEATURE_NAMES;
use crate::io::input::{expand_paths, DocumentReader, InputOptions};
use crate::score::ScoreModel;

/// `unspun calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Clean documents (JSONL or text files); repeatable.
    #[arg(long, required = true, num_args = 1..)]
    pub clean: Vec<PathBuf>,
    /// Spun documents (JSONL or text files); repeatable.
    #[arg(long, required = true, num_args = 1..)]
    pub spun: Vec<PathBuf>,
    /// Each --spun file holds one kind of spinner's documents: each kind
    /// gets its own model, clean against that kind, and a document's odds
    /// of being spun are the sum of the kinds' odds. Give the kinds equal
    /// numbers of documents. Without it, all spun files are one kind.
    #[arg(long)]
    pub kind_per_file: bool,
    /// Where to write the weights (JSON).
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// L2 penalty on the standardised weights.
    #[arg(long, default_value_t = 1.0)]
    pub l2: f64,
    /// The threshold is set so that at most this share of the clean
    /// calibration documents scores at or above it.
    #[arg(long, default_value_t = 0.01)]
    pub target_fpr: f64,
    /// Free text recorded in the weights file.
    #[arg(long, default_value = "")]
    pub recipe: String,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Scoring components (the weights are for this configuration).
    #[command(flatten)]
    pub detector: DetectorArgs,
}

/// The texts of the documents in `paths`; a document that could not be
/// read is reported, left out and counted in `unread`. A file that cannot
/// be opened stops the run: weights fitted without it would not be the
/// ones asked for.
fn texts(paths: &[PathBuf], unread: &mut usize) -> anyhow::Result<Vec<String>> {
    let files = expand_paths(paths)?;
    let mut out = Vec::new();
    for doc in DocumentReader::new(files, InputOptions::default()) {
        let doc = doc?;
        match &doc.problem {
            Some(p) => {
                eprintln!("unspun: {}: {p}", doc.location);
                *unread += 1;
            }
            None => out.push(doc.text),
        }
    }
    Ok(out)
}

/// Area under the ROC curve of `scores` for labels `y` (1 = positive).
pub fn roc_auc(scores: &[f64], y: &[f64]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut pos) = (0.0, 0.0);
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let avg_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            if y[k] > 0.5 {
                rank_sum += avg_rank;
                pos += 1.0;
            }
        }
        i = j + 1;
    }
    let neg = scores.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg).max(1.0)
}

/// Run `unspun calibrate`.
pub fn run(args: &CalibrateArgs) -> anyhow::Result<ExitCode> {
    let mut builder = args.detector.builder();
    builder.check_language(false).neutral_weights();
    let detector = builder.build()?;
    let pool = crate::cli::pool(args.threads)?;
    let mut unread = 0;
    let clean = texts(&args.clean, &mut unread)?;
    let groups: Vec<Vec<PathBuf>> = if args.kind_per_file {
        args.spun.iter().map(|p| vec![p.clone()]).collect()
    } else {
        vec![args.spun.clone()]
    };
    let spun: Vec<Vec<String>> = groups
        .iter()
        .map(|paths| texts(paths, &mut unread))
        .collect::<anyhow::Result<_>>()?;
    // The kinds' odds add up to those of "spun" only when each kind had
    // the same share of the spun documents.
    let (fewest, most) = spun.iter().fold((usize::MAX, 0), |(lo, hi), ts| {
        (lo.min(ts.len()), hi.max(ts.len()))
    });
    if spun.len() > 1 && most > fewest + fewest / 10 {
        eprintln!(
            "unspun: warning: the kinds of spinner have {fewest} to {most} documents; \
             the score adds their odds as if they had the same number"
        );
    }
    // Kind 0 is clean; kind k > 0 the k-th group of spun files.
    let all: Vec<(&String, usize)> = clean
        .iter()
        .map(|t| (t, 0))
        .chain(
            spun.iter()
                .enumerate()
                .flat_map(|(k, ts)| ts.iter().map(move |t| (t, k + 1))),
        )
        .collect();
    let rows: Vec<Option<(Vec<f64>, usize)>> = pool.install(|| {
        all.par_iter()
            .map(|(t, kind)| detector.analyze(t).features.map(|f| (f.values, *kind)))
            .collect()
    });
    let rows: Vec<(Vec<f64>, usize)> = rows.into_iter().flatten().collect();
    anyhow::ensure!(!rows.is_empty(), "no document could be scored");
    let mut kinds = Vec::new();
    for (k, paths) in groups.iter().enumerate() {
        let of_kind: Vec<&(Vec<f64>, usize)> = rows
            .iter()
            .filter(|(_, kind)| *kind == 0 || *kind == k + 1)
            .collect();
        let (x, y) = design(&of_kind);
        let name = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        kinds.push(crate::score::fit(&x, &y, args.l2, &name)?);
    }
    let mut model = ScoreModel::from_kinds(kinds, &args.recipe);
    let yv: Vec<f64> = rows.iter().map(|(_, k)| f64::from(*k > 0)).collect();
    let probs: Vec<f64> = rows
        .iter()
        .map(|(f, _)| {
            model.probability(&crate::features::Features {
                values: f.clone(),
                ..Default::default()
            })
        })
        .collect();
    let mut clean_probs: Vec<f64> = probs
        .iter()
        .zip(yv.iter())
        .filter(|(_, &l)| l < 0.5)
        .map(|(p, _)| *p)
        .collect();
    clean_probs.sort_by(f64::total_cmp);
    let k = ((clean_probs.len() as f64) * (1.0 - args.target_fpr)).ceil() as usize;
    let threshold = clean_probs
        .get(k.min(clean_probs.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.5);
    model.threshold = ((threshold * 1e4).ceil() / 1e4).clamp(0.0, 1.0);
    let auc = roc_auc(&probs, &yv);
    let tpr = probs
        .iter()
        .zip(&yv)
        .filter(|(p, &l)| l > 0.5 && **p >= model.threshold)
        .count() as f64
        / yv.iter().filter(|&&l| l > 0.5).count().max(1) as f64;
    std::fs::write(&args.output, serde_json::to_string_pretty(&model)? + "\n")
        .map_err(|e| crate::Error::io(&args.output, e))?;
    eprintln!(
        "calibrate: {} clean + {} spun documents ({} kinds) scored, {} used; fit AUC {:.4}, threshold {:.4} (clean above it: {:.1}%), TPR there {:.3}",
        clean.len(),
        spun.iter().map(Vec::len).sum::<usize>(),
        spun.len(),
        rows.len(),
        auc,
        model.threshold,
        args.target_fpr * 100.0,
        tpr
    );
    for k in &model.kinds {
        eprintln!("  kind: {}", k.name);
        for (name, w) in FEATURE_NAMES.iter().zip(&k.weights) {
            eprintln!("    {name:<26} {w:+.3}");
        }
    }
    // Exit 1, as `score` does, when some input could not be read (the
    // weights are written, fitted on the rest).
    Ok(if unread > 0 {
        eprintln!("calibrate: {unread} documents could not be read and were left out");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The feature matrix and labels (1 for a spun kind) of these rows.
fn design(rows: &[&(Vec<f64>, usize)]) -> (Array2<f64>, Array1<f64>) {
    let d = FEATURE_NAMES.len();
    let mut x = Array2::<f64>::zeros((rows.len(), d));
    let mut y = Array1::<f64>::zeros(rows.len());
    for (i, (f, kind)) in rows.iter().enumerate() {
        for j in 0..d {
            x[[i, j]] = f[j];
        }
        y[i] = f64::from(*kind > 0);
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::roc_auc;

    #[test]
    fn auc_of_perfect_random_and_tied_scores() {
        assert_eq!(roc_auc(&[0.1, 0.2, 0.8, 0.9], &[0.0, 0.0, 1.0, 1.0]), 1.0);
        assert_eq!(roc_auc(&[0.9, 0.8, 0.2, 0.1], &[0.0, 0.0, 1.0, 1.0]), 0.0);
        assert_eq!(roc_auc(&[0.5, 0.5], &[0.0, 1.0]), 0.5);
    }
}
