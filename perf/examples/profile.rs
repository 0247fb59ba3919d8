//! Runs one generation phase in a loop, for a profiler to sample:
//! `cargo build --release -p perf --example profile`, then
//! `perf record -g target/release/examples/profile PHASE INPUT RUNS` with PHASE one of `compile`, `rust`,
//! `openapi`, `pipeline`, `read` (compile and render the diagnostics, as the `tables_` benchmarks do), and INPUT
//! `servers`, a number of synthetic sections, or a table shape of `perf::synth::table_doc` with its size
//! (`nested-4000`, `pipe-100000`, `html-100000`).

use generator::emit::Layout;

#[global_allocator]
static HEAP: perf::heap::Counting = perf::heap::Counting;
use generator::Source;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let phase = args.first().map_or("pipeline", String::as_str);
    let input = args.get(1).map_or("1000", String::as_str);
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let (specs, overrides) = if input == "servers" {
        (
            vec![Source::new("spec/servers.md", &include_bytes!("../../spec/servers.md")[..])],
            Some(Source::new("spec/overrides.toml", &include_bytes!("../../spec/overrides.toml")[..])),
        )
    } else if let Some((shape, n)) = input.split_once('-') {
        let shape = match shape {
            "nested" => perf::synth::TableShape::Nested,
            "pipe" => perf::synth::TableShape::PipeRows,
            "html" => perf::synth::TableShape::HtmlRows,
            _ => panic!("a table shape is `nested`, `pipe` or `html`"),
        };
        let n: usize = n.parse().expect("a table shape's size is a number");
        (vec![Source::new("tables.md", perf::synth::table_doc(shape, n))], None)
    } else {
        let n: usize = input.parse().expect("INPUT is `servers`, a number or SHAPE-N");
        (vec![Source::new("synthetic.md", perf::synth::doc(n))], None)
    };
    let compiled = generator::compile(&specs, overrides.as_ref());
    let api = compiled.api.as_ref().expect("the input has no errors");
    eprintln!("input and IR: {} MiB live", perf::heap::live() >> 20);
    perf::heap::reset_peak();
    let start = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..runs {
        bytes += match phase {
            "compile" => generator::compile(&specs, overrides.as_ref()).diagnostics.len(),
            "rust" => generator::emit::rust::emit(api, &Layout::Workspace).iter().map(|f| f.contents.len()).sum(),
            "openapi" => generator::emit::openapi::emit(api).iter().map(|f| f.contents.len()).sum(),
            "read" => generator::compile(&specs, overrides.as_ref()).render_diagnostics().len(),
            _ => {
                let compiled = generator::compile(&specs, overrides.as_ref());
                let rendered = compiled.render_diagnostics().len();
                let api = compiled.api.as_ref().expect("the input has no errors");
                rendered
                    + generator::emit::emit(api, &Layout::Workspace).iter().map(|f| f.contents.len()).sum::<usize>()
            }
        };
    }
    eprintln!(
        "{phase} {input}: {:?} per run ({bytes} bytes), peak heap {} MiB",
        start.elapsed() / runs as u32,
        perf::heap::peak() >> 20
    );
}
