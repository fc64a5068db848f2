//! One module per subcommand.
pub mod calibrate;
pub mod dict;
pub mod explain;
pub mod filter;
pub mod lm;
pub mod score;
pub mod spin;
pub mod thesaurus;

use std::io::Write;

/// Where a run's problems are reported: `unspun: FILE:LINE: what`, on
/// stderr, unless quiet.
pub struct Messages {
    /// Don't print warnings about documents (file errors are still printed).
    pub quiet: bool,
}

impl Messages {
    /// Report a file that could not be read at all.
    pub fn file_error(&self, e: &crate::Error) {
        let _ = writeln!(std::io::stderr(), "unspun: {e}");
    }

    /// Report a document with a read problem or a warning.
    pub fn document(&self, doc: &crate::io::input::Document) {
        if self.quiet {
            return;
        }
        let what = doc
            .problem
            .as_deref()
            .or(doc.warning.as_deref())
            .unwrap_or("");
        let _ = writeln!(std::io::stderr(), "unspun: {}: {}", doc.location, what);
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
