//! Integration tests: one binary, one module per theme.
//!
//! - `auth`: the credentials each operation sends, against its OpenAPI `security` and its doc section.
//! - `cli`: `cargo xtask ir` on bad input exits 1 with a clear first line, never a panic.
//! - `diff`: `cargo xtask diff` on a real edit of `spec/servers.md` (on copies), `git:REV`, `--fail-on`.
//! - `corpus`: every doc of `../shared/corpus` compiles (skipped, and said so, when the corpus is absent).
//! - `multi_doc`: several docs in one run.
//! - `generation`: `cargo xtask gen --out` is all or nothing: killed at any point, the old or the new set.
//! - `client`: the generated client against a loopback mock server.
//! - `compile_fail`: the client's type-level promises (trybuild) and the README's examples.
//! - `openapi`: the OpenAPI documents against typed models and the IR.
//! - `operations`, `prism`: every operation called with valid arguments (against Prism when it runs).
//! - `rustdoc`: what `cargo doc` shows at the generated crate's root (rustdoc's JSON): the API, documented, and
//!   no internal item.
//! - `report`: `cargo xtask report` against the IR's provenance records, and its HTML page in headless Chromium.
//! - `extensions`: `ClientBuilder::http_client`, default headers and hooks.
//! - `standalone`: `generated-client/` and `runtime/` copied out of the workspace build as they are.
//! - `faults`, `retry`, `redirects`, `security`: documented errors, broken answers and numbers, retries and
//!   durations, redirects, secrets, base URLs and request safety.

mod auth;
mod cli;
mod client;
mod compile_fail;
mod corpus;
mod diagnostics_formats;
mod diff;
mod doc_change;
mod extensions;
mod faults;
mod generation;
mod multi_doc;
mod openapi;
mod operations;
mod prism;
mod redirects;
mod report;
mod retry;
mod rustdoc;
mod security;
mod standalone;
mod xtask;
