//! Emitters: from the IR to output files. Emitting cannot fail on user input: every defect of the doc was
//! reported (and decided) before the IR was built.

pub mod openapi;
pub mod rust;

use crate::ir;
pub use rust::Layout;

/// One generated file: a path relative to the output directory (with `/`), and its full contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub contents: String,
}

/// A file name (or list of names) as generated comments show it: control characters (a line break would end a
/// line comment; TOML allows none in a comment) and the bidirectional-text controls rustc rejects in comments
/// (`text_direction_codepoint_in_comment`) are written as escapes (`\n`, `\u{202e}`); the rest is kept.
pub fn display_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || rust::is_bidi_control(c) || c == '\\' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Every output file for an API, sorted by path. The same IR always gives the same bytes.
pub fn emit(api: &ir::Api, layout: &Layout) -> Vec<OutFile> {
    let mut files = openapi::emit(api);
    files.extend(rust::emit(api, layout));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
