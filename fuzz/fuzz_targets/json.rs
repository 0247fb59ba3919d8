//! The pseudo-JSON example reader on arbitrary text (see `json_input` in `src/harness.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| generator_fuzz::json_input(data));
