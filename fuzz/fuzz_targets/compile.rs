//! The whole doc → IR → output path on arbitrary bytes (see `compile_input` in `src/harness.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| generator_fuzz::compile_input(data));
