//! Loading a model in unspun's binary format ([`binary`]):
//! every count, offset and index is checked before use, and the lookup
//! tables are built from the trie.

use super::*;

fn floats(bytes: &[u8], at: usize, n: usize, name: &str, what: &str) -> Result<Vec<f32>> {
    let v: Vec<f32> = (0..n).map(|i| f32_at(bytes, at + 4 * i)).collect();
    if v.iter().any(|&x| !is_model_value(x)) {
        return Err(Error::format(
            name,
            format!("{what} holds a value that is not a finite number within ±{MAX_ABS_LOG10}"),
        ));
    }
    Ok(v)
}

fn check_children(
    data: &[u8],
    at: usize,
    n: usize,
    next_len: usize,
    name: &str,
    what: &str,
) -> Result<()> {
    let pointers = (0..=n).map(|i| u32_at(data, at + 4 * i));
    match super::layers::bad_child_pointer(pointers, next_len) {
        Some(i) => Err(Error::format(
            name,
            format!("{what}: child pointer {i} out of order or out of range"),
        )),
        None => Ok(()),
    }
}

/// The passes over every n-gram that only check a model (the built-in
/// one skips them, see [`parse`]): each entry's word and value indices in
/// range, child pointers in order, and each child range sorted by word id
/// (for binary search).
fn check_trie(
    data: &[u8],
    uni_child: usize,
    vocab_len: usize,
    layers: &[LayerView],
    name: &str,
) -> Result<()> {
    let bad = |msg: String| Error::format(name, msg);
    let first_layer = layers.first().map_or(0, |l| l.n);
    check_children(data, uni_child, vocab_len, first_layer, name, "unigram")?;
    for (k, l) in layers.iter().enumerate() {
        let what = format!("layer {}", k + 2);
        let read_index = |base: usize, i: usize| -> usize {
            if l.width == 2 {
                u16_at(data, base + 2 * i) as usize
            } else {
                u32_at(data, base + 4 * i) as usize
            }
        };
        for i in 0..l.n {
            if u32_at(data, l.word + 4 * i) as usize >= vocab_len {
                return Err(bad(format!(
                    "{what}: entry {i} names a word outside the vocabulary"
                )));
            }
            if read_index(l.prob, i) >= l.prob_table.len() {
                return Err(bad(format!(
                    "{what}: entry {i} has a probability index out of range"
                )));
            }
            if !l.is_top && read_index(l.backoff, i) >= l.backoff_table.len() {
                return Err(bad(format!(
                    "{what}: entry {i} has a backoff index out of range"
                )));
            }
        }
        if !l.is_top {
            let next = layers.get(k + 1).map_or(0, |l| l.n);
            check_children(data, l.child, l.n, next, name, &what)?;
        }
    }
    let sorted_range = |lo: usize, hi: usize, l: &LayerView| -> bool {
        (lo + 1..hi).all(|i| u32_at(data, l.word + 4 * (i - 1)) < u32_at(data, l.word + 4 * i))
    };
    if let Some(l0) = layers.first() {
        for i in 0..vocab_len {
            let lo = u32_at(data, uni_child + 4 * i) as usize;
            let hi = u32_at(data, uni_child + 4 * i + 4) as usize;
            if !sorted_range(lo, hi, l0) {
                return Err(bad(format!("layer 2: children of word {i} are not sorted")));
            }
        }
    }
    for (k, pair) in layers.windows(2).enumerate() {
        let (parent, child) = (&pair[0], &pair[1]);
        for i in 0..parent.n {
            let lo = u32_at(data, parent.child + 4 * i) as usize;
            let hi = u32_at(data, parent.child + 4 * i + 4) as usize;
            if !sorted_range(lo, hi, child) {
                return Err(bad(format!(
                    "layer {}: children of entry {i} are not sorted",
                    k + 3
                )));
            }
        }
    }
    Ok(())
}

/// Check the bytes and find every section.
pub(super) fn parse(bytes: Bytes, name: &str) -> Result<Inner> {
    let data = binary::checked_body(bytes.as_slice(), name)?;
    // The built-in model (static bytes, embedded at build time) skips
    // `check_trie`, the passes over every n-gram that only check the file
    // (a sixth of its load time): a test runs them on it (`builtin_passes_every_check`),
    // and what follows indexes with bounds checks, so even a wrong file
    // could only panic, never read out of bounds.
    let check_all = !matches!(bytes, Bytes::Static(_));
    let bad = |msg: String| Error::format(name, msg);
    let mut r = Reader::new(data, name);
    r.take(binary::PREFIX_LEN, "magic and version")?;
    let order = r.u32("order")? as usize;
    if !(1..=MAX_ORDER).contains(&order) {
        return Err(bad(format!("order {order} outside 1..={MAX_ORDER}")));
    }
    let vocab_len = r.u32("vocabulary size")? as usize;
    if vocab_len == 0 {
        return Err(bad("empty vocabulary".into()));
    }
    if vocab_len >= EXTENDED_BIT as usize {
        return Err(bad(format!(
            "vocabulary of {vocab_len} words: more than this engine's limit"
        )));
    }
    r.u32("reserved")?;
    let mut counts = Vec::with_capacity(order - 1);
    for k in 0..order - 1 {
        let n = r.u64("layer size")?;
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n < u32::MAX as usize)
            .ok_or_else(|| bad(format!("layer {} is too large", k + 2)))?;
        counts.push(n);
    }
    let pool_len = usize::try_from(r.u64("string pool size")?)
        .map_err(|_| bad("string pool too large".into()))?;
    let pool = r.take(pool_len, "string pool")?;
    let offsets = r.take_n(vocab_len + 1, 4, "word offsets")?;
    let mut prev = 0usize;
    for i in 0..=vocab_len {
        let o = u32_at(data, offsets + 4 * i) as usize;
        if o < prev || o > pool_len || (i == 0 && o != 0) {
            return Err(bad(format!("word offset {i} out of order or out of range")));
        }
        if i > 0 && std::str::from_utf8(&data[pool + prev..pool + o]).is_err() {
            return Err(bad(format!("word {} is not UTF-8", i - 1)));
        }
        prev = o;
    }
    let word = |id: usize| -> &[u8] {
        let s = u32_at(data, offsets + 4 * id) as usize;
        let e = u32_at(data, offsets + 4 * id + 4) as usize;
        &data[pool + s..pool + e]
    };
    let sorted = r.take_n(vocab_len, 4, "sorted word index")?;
    for i in 0..vocab_len {
        let id = u32_at(data, sorted + 4 * i) as usize;
        if id >= vocab_len {
            return Err(bad(format!(
                "sorted index entry {i} names word {id} of {vocab_len}"
            )));
        }
        if i > 0 {
            let prev = u32_at(data, sorted + 4 * (i - 1)) as usize;
            if word(prev) >= word(id) {
                return Err(bad(format!("sorted word index is not sorted at entry {i}")));
            }
        }
    }
    let uni_prob = r.take_n(vocab_len, 4, "unigram probabilities")?;
    let uni_backoff = r.take_n(vocab_len, 4, "unigram backoffs")?;
    let uni_child = r.take_n(vocab_len + 1, 4, "unigram children")?;
    floats(data, uni_prob, vocab_len, name, "unigram probabilities")?;
    floats(data, uni_backoff, vocab_len, name, "unigram backoffs")?;
    let mut layers: Vec<LayerView> = Vec::with_capacity(order - 1);
    for (k, &n) in counts.iter().enumerate() {
        let what = format!("layer {}", k + 2);
        let is_top = k + 2 == order;
        let n_prob = r.u32("probability table size")? as usize;
        let pt = r.take_n(n_prob, 4, "probability table")?;
        let prob_table = floats(data, pt, n_prob, name, "probability table")?;
        let n_bo = r.u32("backoff table size")? as usize;
        let bt = r.take_n(n_bo, 4, "backoff table")?;
        let backoff_table = floats(data, bt, n_bo, name, "backoff table")?;
        let width = r.u32("index width")? as usize;
        if width != 2 && width != 4 {
            return Err(bad(format!("{what}: index width {width}, expected 2 or 4")));
        }
        let word_off = r.take_n(n, 4, "n-gram words")?;
        let prob = r.take_n(n, width, "n-gram probabilities")?;
        let (backoff, child) = if is_top {
            (0, 0)
        } else {
            let b = r.take_n(n, width, "n-gram backoffs")?;
            let c = r.take_n(n + 1, 4, "n-gram children")?;
            (b, c)
        };
        layers.push(LayerView {
            n,
            word: word_off,
            prob,
            backoff,
            child,
            width,
            prob_table,
            backoff_table,
            is_top,
        });
    }
    if r.pos() != data.len() {
        return Err(bad(format!(
            "{} bytes of trailing garbage",
            data.len() - r.pos()
        )));
    }
    if check_all {
        check_trie(data, uni_child, vocab_len, &layers, name)?;
    }
    let find = |w: &[u8]| {
        (0..vocab_len)
            .find(|&i| word(i) == w)
            .map(|i| i as WordId)
            .unwrap_or(0)
    };
    let bos = find(b"<s>");
    let eos = find(b"</s>");
    let vocab_index = VocabIndex::build(vocab_len, word);
    let mut uni: Vec<Unigram> = (0..vocab_len)
        .map(|i| {
            let backoff = f32_at(data, uni_backoff + 4 * i);
            Unigram {
                prob: f32_at(data, uni_prob + 4 * i),
                backoff,
                is_context: backoff != 0.0,
                is_extended: u32_at(data, uni_child + 4 * i + 4) > u32_at(data, uni_child + 4 * i),
            }
        })
        .collect();
    // The probing tables: the parent of a layer-0 entry is its word's id;
    // of a deeper entry, the id of its parent in the table below.
    let mut tables: Vec<NgramTable> = Vec::with_capacity(layers.len());
    // Per layer: each entry's parent entry (a word id for layer 0).
    let mut parent_of: Vec<Vec<u32>> = Vec::with_capacity(layers.len());
    let mut parent_ids: Vec<u32> = (0..vocab_len as u32).collect();
    for k in 0..layers.len() {
        let ptrs = if k == 0 {
            uni_child
        } else {
            layers[k - 1].child
        };
        let l = &layers[k];
        if l.n as u64 * 3 / 2 >= u64::from(CONTEXT_BIT) {
            return Err(bad(format!("layer {} has too many entries", k + 2)));
        }
        let index = |base: usize, i: usize| -> usize {
            if l.width == 2 {
                u16_at(data, base + 2 * i) as usize
            } else {
                u32_at(data, base + 4 * i) as usize
            }
        };
        let mut table = NgramTable::with_capacity(l.n)
            .map_err(|e| Error::io(format!("memory for {name}"), e))?;
        let word_at = |k: usize, i: usize| u32_at(data, layers[k].word + 4 * i);
        let mut ids = vec![0u32; l.n];
        let mut parents = vec![0u32; l.n];
        for p in 0..parent_ids.len() {
            let lo = u32_at(data, ptrs + 4 * p) as usize;
            let hi = u32_at(data, ptrs + 4 * p + 4) as usize;
            for parent in &mut parents[lo..hi] {
                *parent = p as u32;
            }
        }
        // Insert in batches: touch every home slot of a batch first, so that
        // the cache misses overlap, then insert.
        let mut home = [0usize; BATCH];
        for start in (0..l.n).step_by(BATCH) {
            let end = (start + BATCH).min(l.n);
            for i in start..end {
                let at = table.home(parent_ids[parents[i] as usize], word_at(k, i));
                table.prefetch(at);
                home[i - start] = at;
            }
            for i in start..end {
                let prob = l.prob_table[index(l.prob, i)];
                let backoff = if l.is_top {
                    0.0
                } else {
                    l.backoff_table[index(l.backoff, i)]
                };
                let pid = parent_ids[parents[i] as usize];
                let extended =
                    !l.is_top && u32_at(data, l.child + 4 * i + 4) > u32_at(data, l.child + 4 * i);
                let word = word_at(k, i) | if extended { EXTENDED_BIT } else { 0 };
                ids[i] = table.insert_from(home[i - start], pid, word, prob, backoff);
            }
        }
        // Mark the context of every entry: the n-gram without its newest
        // word. Its words, from the newest: the word at layer 0, then the
        // words at layers 1..=k; looked up level by level, in batches.
        if k == 0 {
            for i in 0..l.n {
                uni[word_at(0, i) as usize].is_context = true;
            }
        } else {
            let mut paths = [[0 as WordId; MAX_ORDER]; BATCH];
            let mut cur = [0u32; BATCH];
            for start in (0..l.n).step_by(BATCH) {
                let end = (start + BATCH).min(l.n);
                for i in start..end {
                    // paths[..][j] = word at layer j (j = 0..=k).
                    let path = &mut paths[i - start];
                    path[k] = word_at(k, i);
                    let mut e = parents[i] as usize;
                    for j in (0..k).rev() {
                        path[j] = word_at(j, e);
                        e = parent_of[j][e] as usize;
                    }
                    cur[i - start] = path[0];
                }
                for j in 0..k {
                    let t = &tables[j];
                    for b in 0..end - start {
                        let at = t.home(cur[b], paths[b][j + 1]);
                        t.prefetch(at);
                        home[b] = at;
                    }
                    for b in 0..end - start {
                        match t.find_from(home[b], cur[b], paths[b][j + 1]) {
                            Some(f) => cur[b] = f.id,
                            None => {
                                return Err(bad(format!(
                                    "layer {}: entry {} has no context n-gram",
                                    k + 2,
                                    start + b
                                )))
                            }
                        }
                    }
                }
                for &id in &cur[..end - start] {
                    tables[k - 1].mark_context(id);
                }
            }
        }
        tables.push(table);
        parent_of.push(parents);
        parent_ids = ids;
    }
    Ok(Inner {
        name: name.to_string(),
        order,
        vocab_len,
        pool,
        offsets,
        uni_prob,
        uni_backoff,
        uni_child,
        layers,
        bos,
        eos,
        vocab_index,
        uni_flags: uni
            .iter()
            .map(|u| {
                (if u.is_context { IS_CONTEXT } else { 0 })
                    | (if u.is_extended { IS_EXTENDED } else { 0 })
            })
            .collect(),
        uni,
        tables,
        bytes,
    })
}
