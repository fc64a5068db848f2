//! unspun finds synonym-spun and machine-garbled English in scraped text.
#![deny(missing_docs)]

pub mod detector;
pub mod dict;
pub mod error;
pub mod io;
pub mod lang;
pub mod lm;
pub mod pipeline;
pub mod report;
pub mod text;
pub mod thesaurus;

pub use detector::{Detector, DetectorBuilder};
pub use error::{Error, Result};
pub use report::{Evidence, EvidenceKind, Label, Report};
