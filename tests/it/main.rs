//! The project's integration tests, in one binary.

mod client;
mod compile_fail;
mod faults;
mod openapi;
mod operations;
mod prism;
mod retry;
mod security;
