//! The library's one error type.
//!
//! Every fallible operation in the library returns [`Result`]. Messages name
//! the file (and the line or byte offset where there is one) and say what is
//! wrong, so that a user can fix the input without reading the source.

use std::fmt;
use std::path::{Path, PathBuf};

/// A specialised `Result` for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (or `-` for standard input, or a resource name such as
    /// `built-in model`).
    pub source: String,
    /// 1-based line number, when the input is line oriented.
    pub line: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.source, line),
            None => write!(f, "{}", self.source),
        }
    }
}

/// The error type of every fallible function in `unspun`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file that could not be read or written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file handed to us (model, dictionary, thesaurus, input document)
    /// is malformed, truncated or corrupt.
    #[error("{location}: {message}")]
    Format {
        /// Where the problem is.
        location: Location,
        /// What is wrong, and where possible what was expected.
        message: String,
    },
    /// A setting or combination of settings cannot work.
    #[error("{0}")]
    Config(String),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A malformed input at `source` (no line).
    pub fn format(source: impl fmt::Display, message: impl Into<String>) -> Error {
        Error::Format {
            location: Location {
                source: source.to_string(),
                line: None,
            },
            message: message.into(),
        }
    }

    /// A malformed input at `source`, line `line` (1-based).
    pub fn format_at(source: impl fmt::Display, line: u64, message: impl Into<String>) -> Error {
        Error::Format {
            location: Location {
                source: source.to_string(),
                line: Some(line),
            },
            message: message.into(),
        }
    }

    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Error {
        Error::Config(message.into())
    }
}
