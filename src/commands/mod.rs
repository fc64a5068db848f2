//! One module per subcommand.
pub mod calibrate;
pub mod dict;
pub mod explain;
pub mod filter;
pub mod lm;
pub mod score;
pub mod spin;
mod stats;
pub mod tag;
pub mod thesaurus;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The progress bar being drawn, if any: messages are printed above it.
static ACTIVE_BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Print one line on stderr, above the progress bar when there is one.
fn eprint_line(line: &str) {
    let bar = ACTIVE_BAR.lock().ok().and_then(|b| b.clone());
    let print = || {
        let _ = writeln!(std::io::stderr(), "{line}");
    };
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}

/// A progress bar on stderr, in bytes of input read (before
/// decompression). Drawn only when stderr is a terminal, the total input
/// size is known (every input is a regular file, not stdin) and the run is
/// not `--quiet`; otherwise it does nothing.
pub struct Progress {
    bar: Option<(ProgressBar, Arc<AtomicU64>)>,
}

impl Progress {
    /// A progress bar for reading `files`.
    pub fn new(files: &[PathBuf], quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let Some(total) = crate::io::input::input_size(files) else {
            return Progress { bar: None };
        };
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        // Redraw (elapsed time, rate) while a batch is being scored: the bar
        // moves as documents are done.
        bar.enable_steady_tick(std::time::Duration::from_millis(250));
        if let Ok(style) = ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {binary_bytes}/{binary_total_bytes} \
             {binary_bytes_per_sec} ETA {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        if let Ok(mut active) = ACTIVE_BAR.lock() {
            *active = Some(bar.clone());
        }
        Progress {
            bar: Some((bar, Arc::new(AtomicU64::new(0)))),
        }
    }

    /// The counter the input reader adds bytes to, when a bar is drawn.
    pub fn counter(&self) -> Option<Arc<AtomicU64>> {
        self.bar.as_ref().map(|(_, c)| c.clone())
    }

    /// Move the bar to the input bytes read up to `doc`, once `doc` is
    /// done.
    pub fn done(&self, doc: &crate::io::input::Document) {
        if let Some((bar, _)) = &self.bar {
            bar.set_position(doc.input_offset);
        }
    }

    /// Remove the bar.
    pub fn finish(&self) {
        if let Some((bar, _)) = &self.bar {
            bar.finish_and_clear();
            if let Ok(mut active) = ACTIVE_BAR.lock() {
                *active = None;
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A reader of the documents in `files`, feeding `progress`.
pub fn reader(
    files: Vec<PathBuf>,
    options: crate::io::input::InputOptions,
    progress: &Progress,
) -> crate::io::input::DocumentReader {
    let reader = crate::io::input::DocumentReader::new(files, options);
    match progress.counter() {
        Some(counter) => reader.with_progress(counter),
        None => reader,
    }
}

/// Where a run's problems are reported: `unspun: FILE:LINE: what`, on
/// stderr, unless quiet.
pub struct Messages {
    /// Don't print warnings about documents (file errors are still printed).
    pub quiet: bool,
}

impl Messages {
    /// Report a file that could not be read at all.
    pub fn file_error(&self, e: &crate::Error) {
        eprint_line(&format!("unspun: {e}"));
    }

    /// Report a document with a read problem or a warning (when quiet, only
    /// a file that broke while being read).
    pub fn document(&self, doc: &crate::io::input::Document) {
        if self.quiet && !doc.is_read_failure {
            return;
        }
        let what = doc
            .problem
            .as_deref()
            .or(doc.warning.as_deref())
            .unwrap_or("");
        eprint_line(&format!("unspun: {}: {}", doc.location, what));
    }
}

/// Open the output: a file, or stdout.
pub fn output(path: Option<&std::path::Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::fs::File::create(p).map_err(|e| crate::Error::io(p, e))?,
        )),
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout().lock(),
        )),
    })
}

/// The exit code of a run that got to its end: 1 when some input could not
/// be read (a file, or a document labelled `error`), else 0.
pub fn exit_code(counts: &crate::pipeline::RunCounts) -> std::process::ExitCode {
    if counts.errors > 0 || counts.failed_files > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}
