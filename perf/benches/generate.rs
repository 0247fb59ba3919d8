//! Generation benchmarks: parse+IR (`generator::compile`), the Rust emitter, the OpenAPI emitter and the whole
//! pipeline, for `spec/servers.md` (with `spec/overrides.toml`) and synthetic docs of 10 to 10 000 sections.
//!
//! `cargo bench -p perf --bench generate` prints divan's table (fastest, slowest, median, mean per input), then a
//! summary measured by this file: the pipeline's median, its peak heap against the input size, and the scaling
//! exponents from 1 000 to 10 000 sections, `log10(t10000 / t1000)` (1.0 is linear).
//! Heap is counted by `perf::heap::Counting`, installed below for the whole binary (one relaxed atomic add per
//! allocation, for the divan timings too).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use divan::Bencher;
use generator::emit::Layout;
use generator::{ir, Source};

#[global_allocator]
static HEAP: perf::heap::Counting = perf::heap::Counting;

/// The inputs, in the order of `PREPARED`.
const INPUTS: &[&str] = &["servers.md", "synth-10", "synth-100", "synth-1000", "synth-10000"];

/// An input doc and its IR, built once per process.
struct Prepared {
    specs: Vec<Source>,
    overrides: Option<Source>,
    api: ir::Api,
    input_bytes: usize,
}

fn prepared(input: &str) -> &'static Prepared {
    static PREPARED: [OnceLock<Prepared>; 5] = [const { OnceLock::new() }; 5];
    let idx = INPUTS.iter().position(|i| *i == input).expect("inputs come from INPUTS");
    PREPARED[idx].get_or_init(|| {
        let (specs, overrides) = match input.strip_prefix("synth-") {
            Some(n) => {
                let n: usize = n.parse().expect("synth-N names a number");
                (vec![Source::new(format!("synthetic-{n}.md"), perf::synth::doc(n))], None)
            }
            None => (
                vec![Source::new("spec/servers.md", &include_bytes!("../../spec/servers.md")[..])],
                Some(Source::new("spec/overrides.toml", &include_bytes!("../../spec/overrides.toml")[..])),
            ),
        };
        let compiled = generator::compile(&specs, overrides.as_ref());
        if compiled.has_errors() {
            panic!("{input} has errors:\n{}", compiled.render_diagnostics());
        }
        let api = compiled.api.expect("checked above");
        let input_bytes = specs.iter().chain(overrides.iter()).map(|s| s.bytes.len()).sum();
        Prepared { specs, overrides, api, input_bytes }
    })
}

/// What `cargo xtask gen` does between reading and writing files: compile, render the diagnostics, emit.
fn pipeline(specs: &[Source], overrides: Option<&Source>) -> (usize, Vec<generator::emit::OutFile>) {
    let compiled = generator::compile(specs, overrides);
    let rendered = compiled.render_diagnostics();
    let api = compiled.api.as_ref().expect("prepared inputs have no errors");
    (rendered.len(), generator::emit::emit(api, &Layout::Workspace))
}

#[divan::bench(args = INPUTS, max_time = 8)]
fn parse_and_ir(bencher: Bencher, input: &str) {
    let prepared = prepared(input);
    bencher.bench(|| generator::compile(divan::black_box(&prepared.specs), prepared.overrides.as_ref()));
}

#[divan::bench(args = INPUTS, max_time = 8)]
fn emit_rust(bencher: Bencher, input: &str) {
    let prepared = prepared(input);
    bencher.bench(|| generator::emit::rust::emit(divan::black_box(&prepared.api), &Layout::Workspace));
}

#[divan::bench(args = INPUTS, max_time = 8)]
fn emit_openapi(bencher: Bencher, input: &str) {
    let prepared = prepared(input);
    bencher.bench(|| generator::emit::openapi::emit(divan::black_box(&prepared.api)));
}

#[divan::bench(args = INPUTS, max_time = 8)]
fn whole_pipeline(bencher: Bencher, input: &str) {
    let prepared = prepared(input);
    bencher.bench(|| pipeline(divan::black_box(&prepared.specs), prepared.overrides.as_ref()));
}

/// The median of `runs` timed calls.
fn median_time<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let out = work();
            let elapsed = start.elapsed();
            drop(divan::black_box(out));
            elapsed
        })
        .collect();
    samples.sort();
    samples[runs / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Phase medians of one input: parse+IR, Rust, OpenAPI, whole pipeline.
fn phase_medians(input: &str, runs: usize) -> [Duration; 4] {
    let p = prepared(input);
    [
        median_time(runs, || generator::compile(&p.specs, p.overrides.as_ref())),
        median_time(runs, || generator::emit::rust::emit(&p.api, &Layout::Workspace)),
        median_time(runs, || generator::emit::openapi::emit(&p.api)),
        median_time(runs, || pipeline(&p.specs, p.overrides.as_ref())),
    ]
}

fn summary() {
    println!();
    println!("Summary (this file's own measurements, medians):");
    println!("| input | input size | whole pipeline | peak heap (pipeline) | peak / input |");
    println!("|---|---|---|---|---|");
    let mut medians = Vec::new();
    for input in INPUTS {
        let p = prepared(input);
        let runs = if p.input_bytes > 10_000_000 {
            5
        } else if p.input_bytes > 1_000_000 {
            9
        } else {
            31
        };
        let times = phase_medians(input, runs);
        let (_, peak) = perf::heap::peak_during(|| pipeline(&p.specs, p.overrides.as_ref()));
        println!(
            "| {input} | {} | {} | {} | {:.1}x |",
            mib(p.input_bytes),
            ms(times[3]),
            mib(peak),
            peak as f64 / p.input_bytes as f64
        );
        medians.push((*input, times));
    }
    let of = |name: &str| medians.iter().find(|(i, _)| *i == name).map(|(_, t)| *t).expect("measured above");
    let (small, large) = (of("synth-1000"), of("synth-10000"));
    println!();
    println!("Scaling from 1 000 to 10 000 sections, log10(t10000 / t1000):");
    println!("| phase | 1 000 | 10 000 | exponent |");
    println!("|---|---|---|---|");
    for (idx, phase) in ["parse+IR", "Rust emission", "OpenAPI emission", "whole pipeline"].iter().enumerate() {
        let exponent = (large[idx].as_secs_f64() / small[idx].as_secs_f64()).log10();
        println!("| {phase} | {} | {} | {exponent:.2} |", ms(small[idx]), ms(large[idx]));
    }
    println!();
    let servers = of("servers.md")[3];
    println!(
        "Goals: servers.md pipeline < 5 ms: {} ({})",
        if servers < Duration::from_millis(5) { "met" } else { "missed" },
        ms(servers)
    );
    println!(
        "       10 000 sections < 2 s: {} ({})",
        if large[3] < Duration::from_secs(2) { "met" } else { "missed" },
        ms(large[3])
    );
}

fn main() {
    // Every synthetic size must compile without errors (prepared() panics otherwise), in test mode too.
    for input in INPUTS {
        prepared(input);
    }
    divan::main();
    // `cargo bench` passes `--bench`; the summary is skipped in test mode and when a filter picks benchmarks.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--bench") && args.iter().all(|a| a.starts_with('-')) {
        summary();
    }
}
