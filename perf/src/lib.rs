//! Performance harness: the synthetic docs that `cargo xtask synth` writes and the benchmarks read, and a
//! counting allocator for peak-memory figures.
//!
//! The benchmarks themselves are in `benches/` (`cargo bench -p perf`): `generate.rs` times parse+IR, the Rust
//! and OpenAPI emitters and the whole pipeline for `spec/servers.md` and each synthetic size, with peak heap and the
//! scaling exponent; `runtime.rs` times the generated client against a hand-written `reqwest` call on a loopback
//! server, and decoding a 10 000-item page. `cargo xtask bench-compile` (in `xtask/`) times compiling the
//! generated crate against progenitor's. The README's "Performance" section holds the figures.

pub mod heap;
pub mod synth;
