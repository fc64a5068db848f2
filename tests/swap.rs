//! Synonym-swap evidence on spun and clean twins written for this test,
//! with the built-in model and thesaurus and no phrase dictionary.

use unspun::detector::Weighed;
use unspun::{DetectorBuilder, EvidenceKind, Report};

fn detector() -> unspun::Detector {
    let mut b = DetectorBuilder::new();
    b.builtin_dictionary(false);
    b.build().expect("built-in detector")
}

fn swaps(r: &Report) -> Vec<(String, String)> {
    r.evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::Swap)
        .map(|e| {
            (
                e.text.to_lowercase(),
                e.suggestion.clone().unwrap_or_default().to_lowercase(),
            )
        })
        .collect()
}

/// Every evidence span slices the original text (in characters) to its
/// reported words.
fn assert_offsets(text: &str, r: &Report) {
    let chars: Vec<char> = text.chars().collect();
    for e in &r.evidence {
        let slice: String = chars[e.start..e.end].iter().collect();
        assert_eq!(slice, e.text, "{e:?}");
    }
}

#[test]
fn spun_pairs_name_their_originals() {
    let d = detector();
    let spun = "Last month the state lawyer normal met the soccer trainer of the \
                local university to talk about the new season and the players.";
    let analysis = d.analyze(spun);
    let r = &analysis.report;
    assert_offsets(spun, r);
    let found = swaps(r);
    assert!(
        found.contains(&("lawyer normal".into(), "attorney general".into())),
        "{found:?}"
    );
    // "Football manager" is the British name of the same job.
    assert!(
        found.iter().any(|(t, sug)| t == "soccer trainer"
            && (sug == "football coach" || sug == "football manager")),
        "{found:?}"
    );
    // Each swap names its gain in log10 and is weighed by it and by its
    // words' ratios, each least likely window by its log10 and its words'
    // ratios; the analysis keeps what each was weighed by (in text order,
    // as the evidence). Other kinds of evidence have no gain.
    let mut weighed = analysis.weighings.iter();
    for e in &r.evidence {
        if e.kind == EvidenceKind::Phrase {
            continue;
        }
        let w = weighed.next().expect("a weighing for each swap and window");
        assert_eq!((w.start, w.end), (e.start, e.end), "{w:?}");
        assert!((w.weight() - e.weight).abs() < 1e-4, "{w:?} {e:?}");
        assert!(e.weight > 0.0 && e.weight < 1.0, "{e:?}");
        match (e.kind, w.what) {
            (EvidenceKind::Swap, Weighed::Swap { gain }) => {
                let reported = e.gain.expect("a swap's gain");
                assert!(reported > 0.0, "{e:?}");
                assert!((f64::from(gain) - reported).abs() < 0.006, "{w:?} {e:?}");
            }
            (EvidenceKind::Lm, Weighed::Lm { log10 }) => {
                assert!(log10 < unspun::detector::LM_WINDOW_LOG10, "{w:?}");
                assert!(e.gain.is_none(), "{e:?}");
            }
            _ => panic!("{e:?} weighed as {w:?}"),
        }
    }
    assert!(weighed.next().is_none(), "{:?}", analysis.weighings);
    let lawyer = r.evidence.iter().find(|e| e.text == "lawyer normal");
    assert!(lawyer.is_some_and(|e| e.gain.unwrap() > 2.0), "{lawyer:?}");
}

#[test]
fn clean_twin_has_no_swap_where_the_spun_one_does() {
    let d = detector();
    let clean = "Last month the state attorney general met the football coach of \
                 the local university to talk about the new season and the players.";
    let r = d.score(clean);
    assert_offsets(clean, &r);
    let found = swaps(&r);
    assert!(
        !found
            .iter()
            .any(|(t, _)| t.contains("attorney") || t.contains("coach")),
        "{found:?}"
    );
}

#[test]
fn spun_twins_score_above_clean_twins() {
    let d = detector();
    let pairs = [
        (
            "The company said on Monday that its profits rose sharply in the third \
             quarter, helped by strong demand for its new phones in Europe and Asia. \
             Shares of the company closed higher after the report was released.",
            "The corporate stated on Monday that its earnings rose sharply within the \
             3rd quarter, helped via robust call for its new telephones in Europe and \
             Asia. Stocks of the corporate closed upper after the file was once launched.",
        ),
        (
            "Police said the driver was taken to the hospital with serious injuries \
             after the crash on the main road early on Sunday morning. The road was \
             closed for several hours while officers examined the scene.",
            "Police stated the motive force used to be taken to the sanatorium with \
             critical accidents after the crash at the primary street early on Sunday \
             morning. The street was once closed for a number of hours whilst officials \
             tested the scene.",
        ),
    ];
    for (clean, spun) in pairs {
        let (c, s) = (d.score(clean), d.score(spun));
        assert_offsets(spun, &s);
        let (cs, ss) = (c.score.unwrap(), s.score.unwrap());
        assert!(ss > cs, "spun {ss} <= clean {cs}");
    }
}

#[test]
fn ordinary_prose_has_no_high_gain_swap() {
    let d = detector();
    let prose = "The city council voted on Tuesday to build a new library near the \
                 river. The mayor said the project would cost about ten million dollars \
                 and take two years to finish. Many residents welcomed the decision, \
                 but some asked whether the money could be better spent on schools and \
                 roads. The council will hold a public meeting next month to discuss \
                 the plans.";
    let r = d.score(prose);
    assert_offsets(prose, &r);
    let strong: Vec<_> = r
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::Swap && e.weight >= 0.5)
        .collect();
    assert!(strong.is_empty(), "{strong:?}");
    assert!(r.score.unwrap() < 0.5, "{r:?}");
}

/// Texts for the evidence-free checks: two spun twins with adjacent words
/// swapped jointly, their originals, and a paragraph of ordinary prose
/// (all written for these tests).
const WITH_AND_WITHOUT_PAIRS: &[&str] = &[
    "Last month the state lawyer normal met the soccer trainer of the local university \
     to talk about the new season and the players.",
    "Last month the state attorney general met the football coach of the local university \
     to talk about the new season and the players.",
    "The shut member of the marketing campaign said the intercourse wrongdoer had moved \
     to a different town before the particular election was held in the spring.",
    "The baker opened her shop before dawn, as she had every morning for thirty years, \
     and the smell of bread drifted down the empty street while the town slept.",
];

/// Without evidence the search leaves the joint swaps of adjacent words
/// out; every feature but the two swap counts is the same to the bit, and
/// so is the score (the built-in weights give the swap counts no weight).
#[test]
fn no_evidence_gives_the_same_score_and_features_but_the_swap_counts() {
    let build = |evidence: bool| {
        let mut b = DetectorBuilder::new();
        b.builtin_dictionary(false).evidence(evidence);
        b.build().expect("built-in detector")
    };
    let (full, bare) = (build(true), build(false));
    let counts: Vec<usize> = unspun::features::SWAP_COUNT_FEATURES
        .iter()
        .map(|f| {
            unspun::features::FEATURE_NAMES
                .iter()
                .position(|n| n == f)
                .expect("a feature")
        })
        .collect();
    let mut pairs_left_out = 0;
    for text in WITH_AND_WITHOUT_PAIRS {
        let (a, b) = (full.analyze(text), bare.analyze(text));
        assert_eq!(a.report.score, b.report.score, "{text}");
        assert_eq!(a.report.label, b.report.label, "{text}");
        assert!(b.report.evidence.is_empty(), "{:?}", b.report.evidence);
        let (fa, fb) = (a.features.expect("scored"), b.features.expect("scored"));
        for (i, (x, y)) in fa.values.iter().zip(&fb.values).enumerate() {
            if counts.contains(&i) {
                pairs_left_out += usize::from(x != y);
            } else {
                assert_eq!(x.to_bits(), y.to_bits(), "feature {i} of {text}");
            }
        }
    }
    // The spun twins' pairs are swaps with evidence, so the counts moved.
    assert!(pairs_left_out > 0);
}

/// Weights that use the swap counts keep the joint swaps in the search
/// even without evidence, so the score does not change.
#[test]
fn no_evidence_keeps_pairs_when_the_weights_count_swaps() {
    let mut model = unspun::score::ScoreModel::builtin().expect("built-in weights");
    let k = unspun::features::FEATURE_NAMES
        .iter()
        .position(|n| *n == "swaps_per_1k")
        .expect("a feature");
    model.kinds[0].weights[k] = 0.8;
    assert!(model.uses_feature("swaps_per_1k"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights.json");
    std::fs::write(&path, serde_json::to_string(&model).unwrap()).unwrap();
    let build = |evidence: bool| {
        let mut b = DetectorBuilder::new();
        b.builtin_dictionary(false)
            .weights(&path)
            .evidence(evidence);
        b.build().expect("detector with these weights")
    };
    let (full, bare) = (build(true), build(false));
    let text = WITH_AND_WITHOUT_PAIRS[0];
    let (a, b) = (full.analyze(text), bare.analyze(text));
    assert_eq!(a.report.score, b.report.score);
    assert_eq!(a.features.unwrap().values, b.features.unwrap().values);
    assert!(b.report.evidence.is_empty());
}
