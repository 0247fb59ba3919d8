//! Integration tests: one binary, one module per theme.
//!
//! - `cli`: `cargo xtask ir` on bad input exits 1 with a clear first line, never a panic.
//! - `corpus`: every doc of `../shared/corpus` compiles (skipped, and said so, when the corpus is absent).
//! - `multi_doc`: several docs in one run.
//! - `generation`: `cargo xtask gen --out` is all or nothing: killed at any point, the old or the new set.
//! - `client`: the generated client against a loopback mock server.
//! - `compile_fail`: the client's type-level promises (trybuild) and the README's examples.
//! - `openapi`: the OpenAPI documents against typed models and the IR.
//! - `operations`, `prism`: every operation called with valid arguments (against Prism when it runs).
//! - `faults`, `retry`, `security`: documented errors, broken answers, retries, secrets and request safety.

mod cli;
mod client;
mod compile_fail;
mod corpus;
mod faults;
mod generation;
mod multi_doc;
mod openapi;
mod operations;
mod prism;
mod retry;
mod security;
mod xtask;
