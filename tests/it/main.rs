//! Integration tests: one binary, one module per theme.
//!
//! - `cli`: `cargo xtask ir` on bad input exits 1 with a clear first line, never a panic.
//! - `corpus`: every doc of `../shared/corpus` compiles (skipped, and said so, when the corpus is absent).
//! - `multi_doc`: several docs in one run.

mod cli;
mod corpus;
mod multi_doc;
mod xtask;
