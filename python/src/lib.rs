//! `unspun._unspun`: the Python binding of [`unspun::Detector`].
//!
//! `Detector.score(text)` returns the fields of the CLI score record (all but
//! `id`) as a `dict`; `Detector.score_batch(texts, threads=None)` scores a
//! list on a rayon pool with the GIL released and returns the dicts in input
//! order. Library errors become `ValueError` (malformed file, bad setting) or
//! `OSError` (a file that cannot be read), carrying the library's message.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

/// A library error as a Python exception: `OSError` (with errno, so that a
/// missing file is a `FileNotFoundError`) for I/O, `ValueError` otherwise.
fn py_err(e: unspun::Error) -> PyErr {
    let message = e.to_string();
    match &e {
        unspun::Error::Io { source, .. } => match source.raw_os_error() {
            Some(errno) => PyOSError::new_err((errno, message)),
            None => PyOSError::new_err(message),
        },
        _ => PyValueError::new_err(message),
    }
}

/// A JSON value as the Python object `json.loads` would make of it.
fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Score `texts` through the CLI's own pipeline (the same batching, the
/// same cap on the bytes scored per document, the same warnings) and return
/// each document's record: the CLI score record without `id`, in input
/// order.
///
/// Each text is read exactly as the CLI reads the JSONL line
/// `{"text": ...}` (the library's documents are made by its reader only);
/// encoding and parsing that line costs microseconds beside milliseconds of
/// scoring.
fn records(
    detector: &unspun::Detector,
    pool: Option<&rayon::ThreadPool>,
    texts: Vec<String>,
) -> Vec<Value> {
    use unspun::io::input::{parse_jsonl_line, Document, InputOptions};

    let options = InputOptions::default();
    let docs = texts.into_iter().enumerate().map(|(i, text)| {
        let mut line = Map::new();
        line.insert(options.text_field.clone(), Value::String(text));
        let raw = Value::Object(line).to_string().into_bytes();
        Ok(parse_jsonl_line(raw, "<text>", i as u64 + 1, &options))
    });
    let mut out = Vec::new();
    let sink = |doc: &Document, report: &unspun::Report| {
        let mut value = unspun::io::output::unspun_object(report, doc.problem.as_deref());
        if let (Value::Object(map), Some(w)) = (&mut value, &doc.warning) {
            map.insert("warning".into(), Value::String(w.clone()));
        }
        out.push(value);
        Ok(())
    };
    // Documents made here are never unreadable and the sink never fails.
    let _ = unspun::pipeline::run(docs, detector, pool, |_| {}, |_| {}, sink);
    out
}

/// A Python string as Rust text, and how many lone surrogates in it (a
/// `str` decoded with `surrogateescape`, or cut inside a pair) became
/// U+FFFD. Each becomes exactly one character, so that the record's
/// character offsets still index the caller's string.
fn text_of(s: &Bound<'_, PyString>) -> PyResult<(String, usize)> {
    if let Ok(text) = s.extract::<String>() {
        return Ok((text, 0));
    }
    // UTF-8 with each surrogate written as its own three-byte sequence
    // (ED A0..BF 80..BF), which no valid UTF-8 holds. (Not UTF-16: there
    // two surrogates that make a pair would decode to one character, and
    // the offsets would no longer index the two of the caller's string.)
    let encoded = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let bytes: &[u8] = encoded.extract()?;
    let mut out = String::with_capacity(bytes.len());
    let (mut i, mut replaced) = (0, 0);
    while i < bytes.len() {
        match std::str::from_utf8(&bytes[i..]) {
            Ok(rest) => {
                out.push_str(rest);
                break;
            }
            Err(e) => {
                let good = i + e.valid_up_to();
                out.push_str(std::str::from_utf8(&bytes[i..good]).unwrap_or_default());
                out.push('\u{fffd}');
                replaced += 1;
                // `surrogatepass` writes only surrogates as invalid UTF-8,
                // three bytes each.
                i = (good + 3).min(bytes.len());
            }
        }
    }
    Ok((out, replaced))
}

/// Add a warning to each record whose text had lone surrogates replaced,
/// as the CLI warns of a JSONL line's.
fn note_replaced(values: &mut [Value], replaced: &[usize]) {
    for (value, &n) in values.iter_mut().zip(replaced) {
        if n == 0 {
            continue;
        }
        if let Value::Object(map) = value {
            let note = format!("{n} lone surrogate(s) replaced by U+FFFD");
            let warning = match map.get("warning") {
                Some(Value::String(w)) => format!("{w}; {note}"),
                _ => note,
            };
            map.insert("warning".into(), Value::String(warning));
        }
    }
}

/// Set each evidence's `text` to the caller's own characters at its
/// offsets: where a lone surrogate was scored as U+FFFD, the record's text
/// would not be `original[start:end]`.
fn reslice_evidence(record: &Bound<'_, PyAny>, original: &Bound<'_, PyString>) -> PyResult<()> {
    let Ok(evidence) = record.get_item("evidence") else {
        return Ok(());
    };
    for e in evidence.try_iter()? {
        let e = e?;
        let start: isize = e.get_item("start")?.extract()?;
        let end: isize = e.get_item("end")?.extract()?;
        let slice = pyo3::types::PySlice::new(record.py(), start, end, 1);
        e.set_item("text", original.get_item(slice)?)?;
    }
    Ok(())
}

/// The most threads a call may ask for: more is a mistake (each is an OS
/// thread, and pools are kept for the life of the process).
const MAX_THREADS: usize = 1024;

/// How many pools of different sizes are kept.
const MAX_POOLS: usize = 4;

/// Rayon pools by thread count, made lazily and remade after a `fork()`
/// (Spark and multiprocessing workers fork; a child has none of its
/// parent's threads, so the parent's pools would never run a job).
struct Pools {
    pid: u32,
    by_threads: HashMap<usize, Arc<rayon::ThreadPool>>,
}

static POOLS: Mutex<Option<Pools>> = Mutex::new(None);

fn pool(threads: Option<usize>) -> PyResult<Arc<rayon::ThreadPool>> {
    let threads = match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) if n > MAX_THREADS => {
            return Err(PyValueError::new_err(format!(
                "threads must be at most {MAX_THREADS} (got {n})"
            )))
        }
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut guard = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if guard.as_ref().is_some_and(|p| p.pid != pid) {
        // Forked: the pools' threads are not in this process. Dropping them
        // would signal threads that do not exist; leak them instead.
        if let Some(stale) = guard.take() {
            std::mem::forget(stale);
        }
    }
    let pools = guard.get_or_insert_with(|| Pools {
        pid,
        by_threads: HashMap::new(),
    });
    if let Some(p) = pools.by_threads.get(&threads) {
        return Ok(Arc::clone(p));
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("unspun-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start {threads} threads: {e}")))?;
    let p = Arc::new(p);
    // A few sizes are kept; past that the others are let go (a pool still
    // in use by another call ends with that call).
    if pools.by_threads.len() >= MAX_POOLS {
        pools.by_threads.clear();
    }
    pools.by_threads.insert(threads, Arc::clone(&p));
    Ok(p)
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Scores documents for synonym spinning.
#[pyclass(frozen, name = "Detector", module = "unspun._unspun")]
struct PyDetector {
    detector: unspun::Detector,
    /// Its options, kept so that a pickled detector can be rebuilt.
    settings: unspun::DetectorOptions,
}

#[pymethods]
impl PyDetector {
    #[new]
    #[pyo3(signature = (
        *,
        threshold=None,
        dictionaries=None,
        no_dict=false,
        model=None,
        thesaurus=None,
        weights=None,
        no_swaps=false,
        mt_model=None,
        no_mt=false,
        no_lang_check=false,
        segments=false,
        features=false,
        langid=None,
        no_evidence=false,
        min_weight=0.0,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        threshold: Option<f64>,
        dictionaries: Option<Vec<PathBuf>>,
        no_dict: bool,
        model: Option<PathBuf>,
        thesaurus: Option<PathBuf>,
        weights: Option<PathBuf>,
        no_swaps: bool,
        mt_model: Option<PathBuf>,
        no_mt: bool,
        no_lang_check: bool,
        segments: bool,
        features: bool,
        langid: Option<String>,
        no_evidence: bool,
        min_weight: f64,
    ) -> PyResult<Self> {
        let langid = match langid {
            Some(name) => name.parse().map_err(PyValueError::new_err)?,
            None => unspun::lang::LangId::default(),
        };
        let settings = unspun::DetectorOptions {
            threshold,
            dictionaries: dictionaries.unwrap_or_default(),
            no_dict,
            model,
            thesaurus,
            weights,
            no_swaps,
            mt_model,
            no_mt,
            no_lang_check,
            segments,
            features,
            no_evidence,
            min_weight,
            langid,
            swap: Default::default(),
        };
        let builder = settings.builder();
        let detector = py.detach(|| builder.build()).map_err(py_err)?;
        Ok(PyDetector { detector, settings })
    }

    /// The score at or above which a document is labelled `spun`.
    #[getter]
    fn threshold(&self) -> f64 {
        self.detector.threshold()
    }

    /// Score one document.
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let original = text;
        let (text, replaced) = text_of(original)?;
        // On the calling thread (the GIL released): Python threads calling
        // `score` at once run at once.
        let mut value = py.detach(|| records(&self.detector, None, vec![text]));
        note_replaced(&mut value, &[replaced]);
        let record = match value.first() {
            Some(v) => to_py(py, v)?,
            None => return Err(PyRuntimeError::new_err("no record for the document")),
        };
        if replaced > 0 {
            reslice_evidence(&record, original)?;
        }
        Ok(record)
    }

    /// Score many documents in parallel, without the GIL; results in input
    /// order.
    #[pyo3(signature = (texts, threads=None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        if texts.is_instance_of::<PyString>() {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "score_batch takes a list of strings, not a string (use score)",
            ));
        }
        let mut owned: Vec<String> = Vec::new();
        let mut replaced = Vec::new();
        let mut originals = Vec::new();
        for item in texts.try_iter()? {
            let item = item?;
            let (text, n) = text_of(item.cast::<PyString>()?)?;
            owned.push(text);
            replaced.push(n);
            // Kept only where the evidence must be sliced from it again.
            originals.push((n > 0).then_some(item));
        }
        // One thread is the calling one (several Python threads each
        // asking for one then run at once); more share a pool of that size.
        let pool = match threads {
            Some(1) => None,
            _ => Some(pool(threads)?),
        };
        let detector = &self.detector;
        let mut values = py.detach(|| records(detector, pool.as_deref(), owned));
        note_replaced(&mut values, &replaced);
        let out = PyList::empty(py);
        for (v, original) in values.iter().zip(&originals) {
            let record = to_py(py, v)?;
            if let Some(original) = original {
                reslice_evidence(&record, original.cast::<PyString>()?)?;
            }
            out.append(record)?;
        }
        Ok(out)
    }

    /// Pickle support: a detector is rebuilt from its settings.
    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let s = &self.settings;
        let kwargs = PyDict::new(py);
        kwargs.set_item("threshold", s.threshold)?;
        // Paths go back as the OS gave them (a name that is not UTF-8
        // keeps its bytes), not as display strings.
        let dicts: Vec<&Path> = s.dictionaries.iter().map(PathBuf::as_path).collect();
        kwargs.set_item("dictionaries", dicts)?;
        kwargs.set_item("no_dict", s.no_dict)?;
        kwargs.set_item("model", s.model.as_deref())?;
        kwargs.set_item("thesaurus", s.thesaurus.as_deref())?;
        kwargs.set_item("weights", s.weights.as_deref())?;
        kwargs.set_item("no_swaps", s.no_swaps)?;
        kwargs.set_item("mt_model", s.mt_model.as_deref())?;
        kwargs.set_item("no_mt", s.no_mt)?;
        kwargs.set_item("no_lang_check", s.no_lang_check)?;
        kwargs.set_item("segments", s.segments)?;
        kwargs.set_item("features", s.features)?;
        kwargs.set_item("langid", s.langid.to_string())?;
        kwargs.set_item("no_evidence", s.no_evidence)?;
        kwargs.set_item("min_weight", s.min_weight)?;
        Ok((PyTuple::empty(py), kwargs))
    }

    fn __repr__(&self) -> String {
        let s = &self.settings;
        let py_bool = |b: bool| if b { "True" } else { "False" };
        let py_path = |p: &Option<PathBuf>| match p {
            Some(p) => format!("{:?}", path_str(p)),
            None => "None".to_string(),
        };
        let dicts: Vec<String> = s
            .dictionaries
            .iter()
            .map(|p| format!("{:?}", path_str(p)))
            .collect();
        format!(
            "Detector(threshold={}, dictionaries=[{}], no_dict={}, model={}, thesaurus={}, \
             weights={}, no_swaps={}, mt_model={}, no_mt={}, no_lang_check={}, segments={}, features={}, langid={:?}, no_evidence={}, min_weight={:?})",
            self.detector.threshold(),
            dicts.join(", "),
            py_bool(s.no_dict),
            py_path(&s.model),
            py_path(&s.thesaurus),
            py_path(&s.weights),
            py_bool(s.no_swaps),
            py_path(&s.mt_model),
            py_bool(s.no_mt),
            py_bool(s.no_lang_check),
            py_bool(s.segments),
            py_bool(s.features),
            s.langid.to_string(),
            py_bool(s.no_evidence),
            s.min_weight,
        )
    }
}

#[pymodule]
fn _unspun(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDetector>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The built-in weights' recommended threshold (what `threshold=None`
    // gives).
    let weights = unspun::score::ScoreModel::builtin().map_err(py_err)?;
    m.add("DEFAULT_THRESHOLD", weights.threshold)?;
    Ok(())
}
