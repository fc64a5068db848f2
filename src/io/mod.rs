//! Reading inputs and writing outputs.
pub mod input;
pub mod output;
mod warc;
