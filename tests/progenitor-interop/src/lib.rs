//! The client progenitor generates from `generated-client/openapi-3.0.json` (see `build.rs`), compiled as is.
//! The tests call it against a one-shot loopback listener and pin what it sends and how it reads the answers;
//! the README's "OpenAPI interop" section states the same findings in words.

// The generated code is progenitor's, not ours: lint it as little as we can.
#[allow(clippy::all, missing_docs, unused)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
}

pub use generated::*;

#[cfg(test)]
mod tests;
