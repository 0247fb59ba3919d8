//! Typed client for the htaiyun cloud platform, generated from `spec/*.md` by `cargo xtask gen`.
//!
//! The generated modules land here as the client emitter grows; for now the crate carries the
//! OpenAPI documents beside it and no code.
#![deny(missing_docs)]
