//! The JSON form of diagnostics: one object per diagnostic, one per line (`--message-format json`).
//!
//! Each object has `code`, `level` (`error`, `warning` or `note`), `message`, the primary location (`file`, `line`,
//! `column`, `end_line`, `end_column`), `labels` (the primary label first, then the secondary ones, each with the
//! same location fields, its `text` and whether it is `primary`), `help` (or `null`) and `allowed` (true for a
//! warning an `[[allow]]` acknowledges; such a warning is listed here although the text form hides it).
//! Lines and columns are 1-based and count characters; `end_column` is the column just after the span, as in
//! rustc's JSON. Other tools (`cargo xtask diff`, `report`) read diagnostics through [`diagnostic_value`].

use serde_json::{json, Value};

use super::{severity_word, Diagnostic};
use crate::source::{SourceFile, Span};

/// The location fields of a span: `file`, `line`, `column`, `end_line`, `end_column`.
fn location(files: &[SourceFile], span: Span) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    match files.get(span.file) {
        Some(file) => {
            let (start, end) = (file.loc(span.start), file.loc(span.end));
            out.insert("file".into(), json!(file.name));
            out.insert("line".into(), json!(start.line));
            out.insert("column".into(), json!(start.col));
            out.insert("end_line".into(), json!(end.line));
            out.insert("end_column".into(), json!(end.col));
        }
        // A span always points into one of the run's files; a missing one would be a bug of ours, and the
        // diagnostic is still worth more with its message than dropped.
        None => {
            for key in ["file", "line", "column", "end_line", "end_column"] {
                out.insert(key.into(), Value::Null);
            }
        }
    }
    out
}

/// One diagnostic as a JSON object.
pub fn diagnostic_value(files: &[SourceFile], diagnostic: &Diagnostic) -> Value {
    let mut labels = Vec::new();
    let mut primary = location(files, diagnostic.span);
    primary.insert("text".into(), json!(diagnostic.label));
    primary.insert("primary".into(), json!(true));
    labels.push(Value::Object(primary));
    for label in &diagnostic.secondary {
        let mut secondary = location(files, label.span);
        secondary.insert("text".into(), json!(label.message));
        secondary.insert("primary".into(), json!(false));
        labels.push(Value::Object(secondary));
    }
    let mut out = serde_json::Map::new();
    out.insert("code".into(), json!(diagnostic.code.as_str()));
    out.insert("level".into(), json!(severity_word(diagnostic.severity)));
    out.insert("message".into(), json!(diagnostic.message));
    out.extend(location(files, diagnostic.span));
    out.insert("labels".into(), Value::Array(labels));
    out.insert("help".into(), json!(diagnostic.help));
    out.insert("allowed".into(), json!(diagnostic.allowed.is_some()));
    Value::Object(out)
}

/// Every diagnostic as one line of JSON, in the order given.
pub fn render_json_lines(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic_value(files, diagnostic).to_string());
        out.push('\n');
    }
    out
}
