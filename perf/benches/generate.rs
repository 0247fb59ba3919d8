//! Generation benchmarks: parse+IR (`generator::compile`), the Rust emitter, the OpenAPI emitter and the whole
//! pipeline, for `spec/servers.md` (with `spec/overrides.toml`) and synthetic docs of 10 to 10 000 sections.
//!
//! `cargo bench -p perf --bench generate` prints divan's table (fastest, slowest, median, mean per input), then a
//! summary measured by this file: the pipeline's median, its peak heap against the input size, and the scaling
//! exponents from 1 000 to 10 000 sections, `log10(t10000 / t1000)` (1.0 is linear).
//! `tables_*` read the hostile table shapes of `perf::synth::table_doc` (nested tables, and one table of many pipe
//! or HTML rows) the way `cargo xtask ir` does (compile and render the diagnostics); with `--bench` and no filter,
//! or a filter of `tables_` only, a second summary times each size against its double in interleaved rounds and
//! prints the time and peak-heap ratios and the exponent `log2(t2n / tn)`.
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

/// Sizes of the table shapes: nested tables, and rows of one long table.
const NESTED: &[usize] = &[2_000, 4_000, 8_000];
const ROWS: &[usize] = &[50_000, 100_000, 200_000];

fn table_specs(shape: perf::synth::TableShape, n: usize) -> Vec<Source> {
    vec![Source::new("tables.md", perf::synth::table_doc(shape, n))]
}

/// What reading a doc costs a user: compile it and render its diagnostics (`cargo xtask ir` without the printing).
fn read(specs: &[Source]) -> (generator::Compiled, String) {
    let compiled = generator::compile(specs, None);
    let rendered = compiled.render_diagnostics();
    (compiled, rendered)
}

#[divan::bench(args = NESTED, max_time = 8)]
fn tables_nested(bencher: Bencher, n: usize) {
    let specs = table_specs(perf::synth::TableShape::Nested, n);
    bencher.bench(|| read(divan::black_box(&specs)));
}

#[divan::bench(args = ROWS, max_time = 8)]
fn tables_pipe_rows(bencher: Bencher, n: usize) {
    let specs = table_specs(perf::synth::TableShape::PipeRows, n);
    bencher.bench(|| read(divan::black_box(&specs)));
}

#[divan::bench(args = ROWS, max_time = 8)]
fn tables_html_rows(bencher: Bencher, n: usize) {
    let specs = table_specs(perf::synth::TableShape::HtmlRows, n);
    bencher.bench(|| read(divan::black_box(&specs)));
}

/// Each table shape at each size against its double, measured in alternating rounds: medians, peak heap, ratios.
fn table_summary() {
    use perf::synth::TableShape;
    println!();
    println!("Table shapes (read = compile + render diagnostics; medians of alternating rounds):");
    println!("| shape | n | time n | time 2n | ratio | exponent | heap n | heap 2n | heap ratio |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let shapes = [
        (TableShape::Nested, "nested tables", &NESTED[..2]),
        (TableShape::PipeRows, "pipe rows", &ROWS[..2]),
        (TableShape::HtmlRows, "HTML rows", &ROWS[..2]),
    ];
    for (shape, label, sizes) in shapes {
        for &n in sizes {
            let (small, large) = (table_specs(shape, n), table_specs(shape, 2 * n));
            let rounds = 7;
            let (mut t_small, mut t_large) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                t_small.push(median_time(1, || read(&small)));
                t_large.push(median_time(1, || read(&large)));
            }
            t_small.sort();
            t_large.sort();
            let (ts, tl) = (t_small[rounds / 2], t_large[rounds / 2]);
            let (_, heap_small) = perf::heap::peak_during(|| read(&small));
            let (_, heap_large) = perf::heap::peak_during(|| read(&large));
            let ratio = tl.as_secs_f64() / ts.as_secs_f64();
            println!(
                "| {label} | {n} | {} | {} | {ratio:.2} | {:.2} | {} | {} | {:.2} |",
                ms(ts),
                ms(tl),
                ratio.log2(),
                mib(heap_small),
                mib(heap_large),
                heap_large as f64 / heap_small as f64
            );
        }
    }
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
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if args.iter().any(|a| a == "--bench") && filters.is_empty() {
        summary();
    }
    if args.iter().any(|a| a == "--bench") && filters.iter().all(|f| f.starts_with("tables_")) {
        table_summary();
    }
}
