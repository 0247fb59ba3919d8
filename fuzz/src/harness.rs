//! What the fuzz targets run on each input, shared with the regression tests.
//!
//! `generator/tests/fuzz.rs` includes this file with `#[path]`, so a crash input kept as a regression test goes
//! through exactly the function the fuzzer found it with. Both functions panic on any broken invariant: a panic is
//! what libFuzzer reports as a crash.

use generator::emit::{self, Layout};
use generator::parse::json;
use generator::Source;

/// Separates a doc from an overrides file in one fuzz input (the seeds put `spec/overrides.toml` after it).
pub const OVERRIDES_SEPARATOR: &[u8] = b"\n%%%% overrides.toml\n";

/// The whole path `cargo xtask gen` runs: compile (parse → lower → check), render the diagnostics, and when there
/// is an IR, check that every Rust name in it passes the naming checks (so the crate `gen` would write compiles as
/// far as names go), serialize it and emit every output file (the Rust emitter parses each file it writes).
pub fn compile_input(data: &[u8]) {
    let (doc, overrides) = match find(data, OVERRIDES_SEPARATOR) {
        Some(at) => (&data[..at], Some(Source::new("overrides.toml", &data[at + OVERRIDES_SEPARATOR.len()..]))),
        None => (data, None),
    };
    let compiled = generator::compile(&[Source::new("fuzz.md", doc)], overrides.as_ref());
    // Every span points into its file, at character boundaries: anything may slice the text with it.
    for diagnostic in &compiled.diagnostics {
        for span in std::iter::once(&diagnostic.span).chain(diagnostic.secondary.iter().map(|label| &label.span)) {
            let text = &compiled.files[span.file].text;
            let on_boundaries = text.is_char_boundary(span.start) && text.is_char_boundary(span.end);
            assert!(
                span.start <= span.end && span.end <= text.len() && on_boundaries,
                "{:?} has the span {}..{} in a text of {} bytes",
                diagnostic.code,
                span.start,
                span.end,
                text.len()
            );
        }
    }
    let rendered = compiled.render_diagnostics();
    assert_eq!(compiled.diagnostics.is_empty(), rendered.is_empty(), "every diagnostic renders");
    let Some(api) = &compiled.api else { return };
    let broken = generator::naming::verify(api);
    assert!(broken.is_empty(), "`gen` would accept names that break the naming rules: {broken:#?}");
    serde_json::to_string(api).expect("the IR serializes");
    for file in emit::emit(api, &Layout::Workspace) {
        if file.path.ends_with(".json") {
            if let Err(err) = serde_json::from_str::<serde_json::Value>(&file.contents) {
                panic!("{} is not JSON: {err}", file.path);
            }
        }
    }
}

/// The example reader: it never fails, and every offset it reports (repairs, values, keys) points at a character
/// boundary inside the text, since the generator turns them into spans.
pub fn json_input(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = json::parse(&text);
    for problem in &parsed.problems {
        assert_offset(&text, problem.offset);
    }
    if let Some(node) = &parsed.value {
        check_node(&text, node);
        node.to_json();
    } else {
        let blank = text.chars().all(|c| c.is_whitespace() || c == '\u{feff}');
        assert!(blank, "only a blank example has no value");
    }
}

fn check_node(text: &str, node: &json::JNode) {
    assert_offset(text, node.offset);
    match &node.value {
        json::JValue::Array(items) => items.iter().for_each(|item| check_node(text, item)),
        json::JValue::Object(members) => {
            for member in members {
                assert_offset(text, member.key_offset);
                check_node(text, &member.value);
            }
        }
        _ => {}
    }
}

fn assert_offset(text: &str, offset: usize) {
    assert!(offset <= text.len() && text.is_char_boundary(offset), "offset {offset} in a text of {} bytes", text.len());
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}
