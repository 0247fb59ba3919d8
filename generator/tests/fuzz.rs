//! The fuzz targets' checks inside `cargo test`: every crash input the fuzzers found (kept under
//! `test_data/fuzz/<target>/`), and bounded property tests of the same two paths.
//!
//! The checks are the fuzz crate's own (`fuzz/src/harness.rs`, included below), so a regression input goes
//! through exactly the function that crashed on it. Run the fuzzers themselves with `bash fuzz/run.sh`.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

#[path = "../../fuzz/src/harness.rs"]
mod harness;

/// The kept crash inputs of one fuzz target, sorted (none when the target has no folder: it never crashed).
fn crash_inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut inputs: Vec<PathBuf> = entries.map(|entry| entry.unwrap().path()).filter(|path| path.is_file()).collect();
    inputs.sort();
    inputs
}

#[test]
fn crash_inputs_stay_fixed() {
    let mut n_inputs = 0;
    for target in ["compile", "json"] {
        let run = if target == "compile" { harness::compile_input } else { harness::json_input };
        for path in crash_inputs(target) {
            let bytes = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| run(&bytes)).is_err() {
                panic!("{} crashes again", path.display());
            }
            n_inputs += 1;
        }
    }
    // The folders hold every crash the fuzzers found so far (see the README's "Reliability" section).
    assert!(n_inputs > 0, "no crash input found under test_data/fuzz/");
}

/// The sections of the real doc (split before each `## ` heading), the raw material of generated docs.
fn spec_sections() -> Vec<String> {
    let text = include_str!("../../spec/servers.md");
    let mut sections = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("## ") && !current.is_empty() {
            sections.push(std::mem::take(&mut current));
        }
        current.push_str(line);
    }
    sections.push(current);
    sections
}

/// Pieces that the doc family's grammar gives meaning to, spliced into docs and examples at random places.
const FRAGMENTS: &[&str] = &[
    "## ",
    "### ",
    "> http://api.htaiyun.com/v1/x/{id}/y",
    "<a name=\"a\"></a>",
    "<table>",
    "</table>",
    "<tr>",
    "</tr",
    "<td>",
    "</td>",
    "<th rowspan=\"2\">",
    "<b>",
    "</b>",
    "<code>",
    "</code>",
    "```",
    "|",
    "|---|",
    "\n",
    "\r\n",
    "...",
    "{",
    "}",
    "[",
    "]",
    ",",
    "，",
    ":",
    "\"",
    "//",
    "é",
    "主机",
    "&lt;Empty&gt;",
    "Yes",
    "long",
    "List<Long>",
    "Option: [A, B]",
    "###错误信息",
    "\u{feff}",
    "\t",
    "0x",
    "-1e999",
    "null",
];

/// A text change: delete a range, or insert a fragment, at a position given as a fraction of the length.
#[derive(Debug, Clone)]
enum Edit {
    Delete { at: f64, len: usize },
    Insert { at: f64, fragment: usize },
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0.0..1.0, 1..200usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (0.0..1.0, 0..FRAGMENTS.len()).prop_map(|(at, fragment)| Edit::Insert { at, fragment }),
    ];
    proptest::collection::vec(edit, 0..6)
}

/// Applies the edits at character boundaries.
fn apply(mut text: String, edits: &[Edit]) -> String {
    let boundary = |text: &str, at: f64| {
        let mut idx = (text.len() as f64 * at) as usize;
        while !text.is_char_boundary(idx) {
            idx -= 1;
        }
        idx
    };
    for edit in edits {
        match edit {
            Edit::Delete { at, len } => {
                let start = boundary(&text, *at);
                let mut end = (start + len).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, "");
            }
            Edit::Insert { at, fragment } => {
                let idx = boundary(&text, *at);
                text.insert_str(idx, FRAGMENTS[*fragment]);
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// One to three sections of the real doc, edited, then the whole `cargo xtask gen` path.
    #[test]
    fn edited_docs_compile_render_and_emit(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..4),
        edits in edits(),
    ) {
        let sections = spec_sections();
        let doc: String = picks.iter().map(|pick| pick.get(&sections).as_str()).collect();
        harness::compile_input(apply(doc, &edits).as_bytes());
    }

    /// Arbitrary text and edited real examples through the example reader.
    #[test]
    fn examples_parse_with_offsets_on_char_boundaries(
        text in "\\PC{0,80}",
        example in prop::sample::select(vec![
            "{\"status\" : 200, \"message\" : \"OK\", \"result\" : {\"unique\" : 1, \"name\" : ...}}",
            "{\n\"maxTotalCores\":80,  VCPU 可用\n\"links\":[]}",
            "[{\"a\":1},...]",
        ]),
        edits in edits(),
    ) {
        harness::json_input(text.as_bytes());
        harness::json_input(apply(example.to_owned(), &edits).as_bytes());
    }
}
