//! The SARIF 2.1.0 form of diagnostics (`--message-format sarif`): one log with one run, for code-scanning
//! dashboards and editors.
//!
//! The run's tool has a rule per diagnostic code that occurs (sorted by code), and a result per diagnostic: its
//! rule, level, message, the primary location with its label, each secondary label as a related location, and the
//! help line as a fix description. Columns count Unicode characters (`columnKind: unicodeCodePoints`), and
//! `endColumn` is the column just after the span. A warning an `[[allow]]` acknowledges carries an accepted
//! external suppression whose justification is the entry's reason. `tests/it/diagnostics_formats.rs` validates the
//! log against the SARIF 2.1.0 schema.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// The `id` of the OASIS SARIF 2.1.0 schema (errata 01), which the log names as its `$schema`.
pub const SCHEMA_ID: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Characters a URI reference keeps as they are; everything else is percent-encoded.
const URI_KEPT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// A file name as a SARIF artifact URI (a relative reference, percent-encoded).
fn uri(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, URI_KEPT).to_string()
}

/// A region by line and column.
fn region(file: &SourceFile, span: Span) -> Value {
    let (start, end) = (file.loc(span.start), file.loc(span.end));
    json!({"startLine": start.line, "startColumn": start.col, "endLine": end.line, "endColumn": end.col})
}

fn physical_location(files: &[SourceFile], span: Span) -> Value {
    match files.get(span.file) {
        Some(file) => json!({
            "artifactLocation": {"uri": uri(&file.name), "index": span.file},
            "region": region(file, span),
        }),
        // A span always points into one of the run's files (see `json.rs`); keep the result without a place.
        None => json!({"artifactLocation": {"uri": "unknown"}}),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The SARIF log of a run's diagnostics, as pretty JSON.
pub fn render_sarif(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let rule_index: BTreeMap<&str, usize> = {
        let codes: std::collections::BTreeSet<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        codes.into_iter().enumerate().map(|(idx, code)| (code, idx)).collect()
    };
    let rules: Vec<Value> = rule_index
        .keys()
        .map(|code| {
            json!({
                "id": code,
                "name": code,
                "shortDescription": {"text": format!("the generator's `{code}` diagnostic (see generator/src/diagnostics.rs)")},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|diagnostic| {
            let code = diagnostic.code.as_str();
            let mut location = physical_location(files, diagnostic.span);
            let mut primary = json!({"physicalLocation": location.take()});
            if !diagnostic.label.is_empty() {
                primary["message"] = json!({"text": diagnostic.label});
            }
            let related: Vec<Value> = diagnostic
                .secondary
                .iter()
                .enumerate()
                .map(|(idx, label)| {
                    json!({
                        "id": idx,
                        "physicalLocation": physical_location(files, label.span),
                        "message": {"text": label.message},
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": code,
                "ruleIndex": rule_index[code],
                "level": level(diagnostic.severity),
                "message": {"text": diagnostic.message},
                "locations": [primary],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if let (Some(help), Some(file)) = (&diagnostic.help, files.get(diagnostic.span.file)) {
                // SARIF requires a fix to change something; an empty region at the primary location deletes
                // nothing, so the fix is its description: the help line, which says what to change.
                let at = Span::new(diagnostic.span.file, diagnostic.span.start, diagnostic.span.start);
                result["fixes"] = json!([{
                    "description": {"text": help},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&file.name), "index": diagnostic.span.file},
                        "replacements": [{"deletedRegion": region(file, at)}],
                    }],
                }]);
            }
            if let Some(reason) = &diagnostic.allowed {
                result["suppressions"] = json!([{"kind": "external", "status": "accepted", "justification": reason}]);
            }
            result
        })
        .collect();
    let artifacts: Vec<Value> = files.iter().map(|file| json!({"location": {"uri": uri(&file.name)}})).collect();
    let log = json!({
        "$schema": SCHEMA_ID,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "htaiyun-docs-generator",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    });
    // Serializing a JSON value cannot fail.
    let mut out = serde_json::to_string_pretty(&log).expect("a JSON value serializes");
    out.push('\n');
    out
}
