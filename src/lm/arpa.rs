//! ARPA text import and export.
//!
//! The ARPA format (SRILM, KenLM): a `\data\` section with `ngram N=COUNT`
//! lines, then one `\N-grams:` section per order with lines
//! `log10prob<TAB>w1 ... wN[<TAB>log10backoff]`, then `\end\`.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use super::layers::{Codebook, Layer, Layers};
use super::UNK_LOG10;
use crate::error::{Error, Result};

struct Gram {
    key: Vec<u32>, // reversed ids: predicted word first
    prob: f32,
    backoff: f32,
}

fn parse_f32(s: &str, name: &str, line: u64, what: &str) -> Result<f32> {
    let v: f32 = s
        .parse()
        .map_err(|_| Error::format_at(name, line, format!("{what} {s:?} is not a number")))?;
    let is_probability = what == "probability";
    // -inf (written, or a number too small for an f32) is a probability
    // of zero: ARPA writers give such n-grams (`<s>`) -99 instead, and so
    // does this reader, so that no score becomes infinite. So is any
    // probability below -MAX_ABS_LOG10 (a sum of such values could
    // overflow).
    if is_probability && v < -super::MAX_ABS_LOG10 {
        return Ok(NEVER_LOG10);
    }
    if !v.is_finite() || v > 0.0 && is_probability {
        return Err(Error::format_at(
            name,
            line,
            format!("{what} {s:?} is not a finite log10 probability"),
        ));
    }
    if !super::is_model_value(v) {
        return Err(Error::format_at(
            name,
            line,
            format!(
                "{what} {s:?} is beyond ±{}: not a log10 backoff a model holds",
                super::MAX_ABS_LOG10
            ),
        ));
    }
    Ok(v)
}

/// The log10 probability ARPA files give what is never predicted (`<s>`).
const NEVER_LOG10: f32 = -99.0;

/// Read an ARPA model.
///
/// # Errors
/// Malformed lines (with their line number), counts that do not match,
/// n-grams whose words or suffixes are missing.
pub fn read(reader: impl BufRead, name: &str) -> Result<Layers> {
    let mut declared: Vec<usize> = Vec::new();
    let mut grams: Vec<Vec<Gram>> = Vec::new();
    let mut vocab: Vec<String> = vec!["<unk>".to_string()];
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut uni: Vec<(f32, f32)> = vec![(UNK_LOG10, 0.0)];
    let mut has_unk = false;
    let mut section = 0usize; // 0 = before data, usize::MAX = data header, n = n-grams
    let mut in_data = false;
    let mut ended = false;
    for (i, line) in reader.lines().enumerate() {
        let lineno = i as u64 + 1;
        let line = line.map_err(|e| Error::format_at(name, lineno, format!("read failed: {e}")))?;
        let t = crate::text::without_bom(&line).trim();
        if t.is_empty() {
            continue;
        }
        if t == "\\data\\" {
            in_data = true;
            continue;
        }
        if t == "\\end\\" {
            ended = true;
            break;
        }
        if let Some(rest) = t.strip_prefix('\\').and_then(|r| r.strip_suffix("-grams:")) {
            let n: usize = rest
                .parse()
                .map_err(|_| Error::format_at(name, lineno, format!("bad section header {t:?}")))?;
            if n == 0 || n > declared.len() || n != section + 1 {
                return Err(Error::format_at(
                    name,
                    lineno,
                    format!("unexpected section {t:?}"),
                ));
            }
            section = n;
            in_data = false;
            continue;
        }
        if in_data {
            let rest = t.strip_prefix("ngram ").ok_or_else(|| {
                Error::format_at(
                    name,
                    lineno,
                    format!("expected \"ngram N=COUNT\", found {t:?}"),
                )
            })?;
            let (n, c) = rest
                .split_once('=')
                .ok_or_else(|| Error::format_at(name, lineno, "expected \"ngram N=COUNT\""))?;
            let n: usize = n
                .trim()
                .parse()
                .map_err(|_| Error::format_at(name, lineno, "bad n-gram order"))?;
            let c: usize = c
                .trim()
                .parse()
                .map_err(|_| Error::format_at(name, lineno, "bad n-gram count"))?;
            if n != declared.len() + 1 || n > super::MAX_ORDER {
                return Err(Error::format_at(
                    name,
                    lineno,
                    format!("orders must run 1..={}", super::MAX_ORDER),
                ));
            }
            declared.push(c);
            grams.push(Vec::new());
            continue;
        }
        if section == 0 {
            continue; // text before \data\ is ignored, as KenLM does
        }
        let n = section;
        let fields: Vec<&str> = t.split('\t').collect();
        let (prob_s, words_s, bo_s) = match fields.len() {
            2 => (fields[0], fields[1], None),
            3 => (fields[0], fields[1], Some(fields[2])),
            _ => {
                // Some writers separate with spaces only.
                let parts: Vec<&str> = t.split_whitespace().collect();
                if parts.len() == n + 1 {
                    (parts[0], "", None)
                } else if parts.len() == n + 2 {
                    (parts[0], "", Some(parts[n + 1]))
                } else {
                    return Err(Error::format_at(
                        name,
                        lineno,
                        format!("expected log10 prob, {n} words and an optional backoff"),
                    ));
                }
            }
        };
        let words: Vec<&str> = if words_s.is_empty() {
            t.split_whitespace().skip(1).take(n).collect()
        } else {
            words_s.split(' ').filter(|w| !w.is_empty()).collect()
        };
        if words.len() != n {
            return Err(Error::format_at(
                name,
                lineno,
                format!("expected {n} words, found {}", words.len()),
            ));
        }
        let prob = parse_f32(prob_s, name, lineno, "probability")?;
        let backoff = match bo_s {
            Some(b) => parse_f32(b, name, lineno, "backoff")?,
            None => 0.0,
        };
        if n == 1 {
            let w = words[0];
            if w == "<unk>" {
                has_unk = true;
                uni[0] = (prob, backoff);
                ids.insert(w.to_string(), 0);
                continue;
            }
            if ids.contains_key(w) {
                return Err(Error::format_at(
                    name,
                    lineno,
                    format!("word {w:?} listed twice"),
                ));
            }
            ids.insert(w.to_string(), vocab.len() as u32);
            vocab.push(w.to_string());
            uni.push((prob, backoff));
        } else {
            let mut key = Vec::with_capacity(n);
            for w in words.iter().rev() {
                match ids.get(*w) {
                    Some(&id) => key.push(id),
                    None => {
                        return Err(Error::format_at(
                            name,
                            lineno,
                            format!("word {w:?} is not among the 1-grams"),
                        ))
                    }
                }
            }
            grams[n - 1].push(Gram { key, prob, backoff });
        }
    }
    if !ended {
        return Err(Error::format(name, "truncated: no \\end\\ line"));
    }
    if declared.is_empty() {
        return Err(Error::format(name, "no \\data\\ section"));
    }
    let unigrams = vocab.len() - usize::from(!has_unk);
    if unigrams != declared[0] {
        return Err(Error::format(
            name,
            format!("header says {} 1-grams, found {unigrams}", declared[0]),
        ));
    }
    for (k, g) in grams.iter().enumerate().skip(1) {
        if g.len() != declared[k] {
            return Err(Error::format(
                name,
                format!(
                    "header says {} {}-grams, found {}",
                    declared[k],
                    k + 1,
                    g.len()
                ),
            ));
        }
    }
    build(vocab, uni, grams, name)
}

fn build(
    vocab: Vec<String>,
    uni: Vec<(f32, f32)>,
    mut grams: Vec<Vec<Gram>>,
    name: &str,
) -> Result<Layers> {
    let order = grams.len();
    let mut layers = Layers {
        uni_prob: uni.iter().map(|u| u.0).collect(),
        uni_backoff: uni.iter().map(|u| u.1).collect(),
        uni_child: Vec::new(),
        vocab,
        layers: Vec::new(),
    };
    for g in grams.iter_mut().skip(1) {
        g.sort_by(|a, b| a.key.cmp(&b.key));
        if let Some(w) = g.windows(2).find(|w| w[0].key == w[1].key) {
            return Err(Error::format(
                name,
                format!("n-gram {:?} listed twice", w[0].key),
            ));
        }
    }
    // Children of unigrams: the bigrams, grouped by their predicted word.
    let v = layers.vocab.len();
    let child_ptrs = |parents: usize,
                      parent_key: &dyn Fn(usize) -> Vec<u32>,
                      kids: &[Gram],
                      what: usize|
     -> Result<Vec<u32>> {
        let mut ptrs = Vec::with_capacity(parents + 1);
        let mut j = 0usize;
        for p in 0..parents {
            ptrs.push(j as u32);
            let pk = parent_key(p);
            while j < kids.len() && kids[j].key[..pk.len()] == pk[..] {
                j += 1;
            }
        }
        if j != kids.len() {
            return Err(Error::format(
                name,
                format!(
                    "a {what}-gram's shorter suffix is missing from the model (id path {:?})",
                    kids[j].key
                ),
            ));
        }
        ptrs.push(j as u32);
        Ok(ptrs)
    };
    let bigrams: &[Gram] = grams.get(1).map(|g| &g[..]).unwrap_or(&[]);
    layers.uni_child = child_ptrs(v, &|p| vec![p as u32], bigrams, 2)?;
    for k in 1..order {
        let g = &grams[k];
        let is_top = k + 1 == order;
        let mut probs = Codebook::default();
        let mut backoffs = Codebook::default();
        let mut layer = Layer {
            word: g.iter().map(|x| x.key[k]).collect(),
            prob: g.iter().map(|x| probs.code(x.prob)).collect(),
            ..Layer::default()
        };
        if !is_top {
            layer.backoff = g.iter().map(|x| backoffs.code(x.backoff)).collect();
            let kids = &grams[k + 1];
            layer.child = child_ptrs(g.len(), &|p| g[p].key.clone(), kids, k + 2)?;
        }
        layer.prob_table = probs.into_values();
        layer.backoff_table = backoffs.into_values();
        layers.layers.push(layer);
    }
    Ok(layers)
}

/// Write `layers` as ARPA text.
///
/// # Errors
/// Write errors.
pub fn write(layers: &Layers, w: impl Write) -> Result<()> {
    let mut w = std::io::BufWriter::new(w);
    let io = |e| Error::io("ARPA output", e);
    let order = layers.order();
    let counts: Vec<usize> = std::iter::once(layers.vocab.len())
        .chain(layers.layers.iter().map(|l| l.word.len()))
        .collect();
    writeln!(w, "\\data\\").map_err(io)?;
    for (k, c) in counts.iter().enumerate() {
        writeln!(w, "ngram {}={}", k + 1, c).map_err(io)?;
    }
    writeln!(w, "\n\\1-grams:").map_err(io)?;
    for (i, word) in layers.vocab.iter().enumerate() {
        if order > 1 {
            writeln!(
                w,
                "{}\t{}\t{}",
                layers.uni_prob[i], word, layers.uni_backoff[i]
            )
            .map_err(io)?;
        } else {
            writeln!(w, "{}\t{}", layers.uni_prob[i], word).map_err(io)?;
        }
    }
    // Walk each layer, keeping the reversed path of every entry's parent.
    let mut parent_paths: Vec<Vec<u32>> = (0..layers.vocab.len() as u32).map(|i| vec![i]).collect();
    let mut parent_child = layers.uni_child.clone();
    for (k, l) in layers.layers.iter().enumerate() {
        writeln!(w, "\n\\{}-grams:", k + 2).map_err(io)?;
        let mut paths = Vec::with_capacity(if l.child.is_empty() { 0 } else { l.word.len() });
        for p in 0..parent_paths.len() {
            for i in parent_child[p] as usize..parent_child[p + 1] as usize {
                let mut path = parent_paths[p].clone();
                path.push(l.word[i]);
                let text: Vec<&str> = path
                    .iter()
                    .rev()
                    .map(|&id| layers.vocab[id as usize].as_str())
                    .collect();
                let prob = l.prob_table[l.prob[i] as usize];
                if l.child.is_empty() {
                    writeln!(w, "{}\t{}", prob, text.join(" ")).map_err(io)?;
                } else {
                    let bo = l.backoff_table[l.backoff[i] as usize];
                    writeln!(w, "{}\t{}\t{}", prob, text.join(" "), bo).map_err(io)?;
                    paths.push(path);
                }
            }
        }
        parent_paths = paths;
        parent_child = l.child.clone();
    }
    writeln!(w, "\n\\end\\").map_err(io)?;
    w.flush().map_err(io)
}
