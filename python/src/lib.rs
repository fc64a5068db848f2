//! `unspun._unspun`: the Python binding of [`unspun::Detector`].
//!
//! `Detector.score(text)` returns the fields of the CLI score record (all but
//! `id`) as a `dict`; `Detector.score_batch(texts, threads=None)` scores a
//! list on a rayon pool with the GIL released and returns the dicts in input
//! order. Library errors become `ValueError` (malformed file, bad setting) or
//! `OSError` (a file that cannot be read), carrying the library's message.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString, PyTuple};
use rayon::prelude::*;
use serde_json::Value;

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

/// The record of one document: the CLI score record without `id`.
fn record(detector: &unspun::Detector, text: &str) -> Value {
    unspun::io::output::unspun_object(&detector.score(text), None)
}

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
    pools.by_threads.insert(threads, Arc::clone(&p));
    Ok(p)
}

/// Scores documents for synonym spinning.
#[pyclass(frozen, name = "Detector", module = "unspun._unspun")]
struct PyDetector {
    detector: unspun::Detector,
    threshold: Option<f64>,
    dictionaries: Vec<PathBuf>,
    no_dict: bool,
    no_lang_check: bool,
}

#[pymethods]
impl PyDetector {
    #[new]
    #[pyo3(signature = (*, threshold=None, dictionaries=None, no_dict=false, no_lang_check=false))]
    fn new(
        py: Python<'_>,
        threshold: Option<f64>,
        dictionaries: Option<Vec<PathBuf>>,
        no_dict: bool,
        no_lang_check: bool,
    ) -> PyResult<Self> {
        let dictionaries = dictionaries.unwrap_or_default();
        let mut builder = unspun::DetectorBuilder::new();
        builder
            .builtin_dictionary(!no_dict)
            .check_language(!no_lang_check);
        if let Some(t) = threshold {
            builder.threshold(t);
        }
        for d in &dictionaries {
            builder.dictionary(d);
        }
        let detector = py.detach(|| builder.build()).map_err(py_err)?;
        Ok(PyDetector {
            detector,
            threshold,
            dictionaries,
            no_dict,
            no_lang_check,
        })
    }

    /// The score at or above which a document is labelled `spun`.
    #[getter]
    fn threshold(&self) -> f64 {
        self.detector.threshold()
    }

    /// Score one document.
    fn score<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
        let value = py.detach(|| record(&self.detector, text));
        to_py(py, &value)
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
        for item in texts.try_iter()? {
            owned.push(item?.extract::<String>()?);
        }
        let pool = pool(threads)?;
        let detector = &self.detector;
        let values: Vec<Value> = py.detach(|| {
            pool.install(|| owned.par_iter().map(|t| record(detector, t)).collect())
        });
        let out = PyList::empty(py);
        for v in &values {
            out.append(to_py(py, v)?)?;
        }
        Ok(out)
    }

    /// Pickle support: a detector is rebuilt from its settings.
    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("threshold", self.threshold)?;
        let dicts: Vec<String> = self
            .dictionaries
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        kwargs.set_item("dictionaries", dicts)?;
        kwargs.set_item("no_dict", self.no_dict)?;
        kwargs.set_item("no_lang_check", self.no_lang_check)?;
        Ok((PyTuple::empty(py), kwargs))
    }

    fn __repr__(&self) -> String {
        format!(
            "Detector(threshold={}, dictionaries={:?}, no_dict={}, no_lang_check={})",
            self.detector.threshold(),
            self.dictionaries,
            if self.no_dict { "True" } else { "False" },
            if self.no_lang_check { "True" } else { "False" },
        )
    }
}

#[pymodule]
fn _unspun(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDetector>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_THRESHOLD", unspun::detector::DEFAULT_THRESHOLD)?;
    Ok(())
}
