//! The project's integration tests, in one binary.

mod client;
mod compile_fail;
mod openapi;
