//! Text handling: normalisation, tokenisation with character offsets, segmentation.
pub mod normalize;
pub mod segment;
pub mod tokenize;
