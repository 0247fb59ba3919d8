//! The client's type-level promises, checked by trybuild: a call missing a required parameter, passing a string
//! for an enum or a string for a number does not compile. The README's examples must compile.

use std::path::Path;

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/compile_fail/*.rs");
    cases.pass("ui/pass/*.rs");
    // Every ```rust block of the README, as written, is a pass case.
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/readme-examples");
    std::fs::create_dir_all(&dir).unwrap();
    let blocks = rust_blocks(&readme);
    assert!(!blocks.is_empty(), "the README has no rust example");
    for (idx, block) in blocks.iter().enumerate() {
        let file = dir.join(format!("readme_{idx}.rs"));
        std::fs::write(&file, block).unwrap();
        cases.pass(file);
    }
}

/// The contents of the ```rust fenced blocks of a Markdown text.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim() == "```rust" => current = Some(String::new()),
            Some(block) if line.trim() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}
