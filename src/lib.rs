//! unspun finds synonym-spun and machine-garbled English in scraped text.
#![deny(missing_docs)]

pub mod checksum;
pub mod detector;
pub mod dict;
pub mod error;
pub mod features;
pub mod io;
pub mod lang;
pub mod lm;
pub mod mt;
pub mod options;
pub mod pipeline;
pub mod report;
pub mod score;
pub mod scored;
pub mod spin;
pub mod swap;
pub mod text;
pub mod thesaurus;

pub use detector::{Detector, DetectorBuilder};
pub use error::{Error, Result};
pub use options::DetectorOptions;
pub use report::{Evidence, EvidenceKind, Label, Report};
