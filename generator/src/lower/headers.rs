//! The method table: the section's method, its headers by kind, and whether the body is JSON.

use super::grid::{Grid, GridCell};
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{Header, HeaderKind, Method, Provenance, Rule};
use crate::source::SourceFile;

/// The method table's method (with where it came from), its headers, and whether the body is JSON.
pub(super) struct MethodTable {
    pub(super) method: Method,
    pub(super) provenance: Provenance,
    pub(super) headers: Vec<Header>,
    pub(super) json_body: bool,
}

pub(super) fn method_and_headers(file: &SourceFile, grid: &Grid, sink: &mut Sink) -> MethodTable {
    let mut method: Option<(Method, Provenance)> = None;
    let mut headers = Vec::new();
    let mut json_body = false;
    let mut label = String::new();
    for row in &grid.rows {
        let is_group_label = |t: &str| t == "method" || t.contains("header") || t.contains("请求头");
        // A `<th>` that is no group label is a header named in the label column itself (`Content-Type`).
        let named_header = row.first().filter(|c| {
            let t = c.content.text.to_lowercase();
            c.is_header && !is_group_label(&t) && is_header_name(&c.content.text)
        });
        if let Some(name_cell) = named_header {
            let description =
                row[1..].iter().map(|c| c.content.text.as_str()).find(|t| !t.is_empty()).unwrap_or("").to_owned();
            label = "header".to_owned();
            push_header(file, name_cell, description, &mut headers, &mut json_body);
            continue;
        }
        let first_is_label = row.first().is_some_and(|c| c.is_header || is_group_label(&c.content.text.to_lowercase()));
        let values: &[GridCell] = if first_is_label {
            label = row[0].content.text.to_lowercase();
            &row[1..]
        } else {
            row
        };
        let Some(value) = values.iter().find(|c| !c.content.text.is_empty()) else {
            continue;
        };
        let description =
            values.iter().skip(1).map(|c| c.content.text.as_str()).find(|t| !t.is_empty()).unwrap_or("").to_owned();
        if label == "method" {
            let word = value.content.text.trim().to_ascii_uppercase();
            method = Some(match word.as_str() {
                "GET" => (Method::Get, Provenance::Table),
                "POST" => (Method::Post, Provenance::Table),
                "PUT" => (Method::Put, Provenance::Table),
                "DELETE" => (Method::Delete, Provenance::Table),
                "PATCH" => (Method::Patch, Provenance::Table),
                _ => {
                    sink.push(
                        Diagnostic::warning(
                            Code::UnknownMethod,
                            value.span,
                            format!("unknown method `{}`", value.content.text),
                        )
                        .with_label("expected GET or POST")
                        .with_help("read as POST"),
                    );
                    (Method::Post, Provenance::rule(Rule::MethodUnknownAsPost))
                }
            });
        } else if label.contains("header") || label.contains("请求头") {
            push_header(file, value, description, &mut headers, &mut json_body);
        }
    }
    // A header table without a `Method` row says nothing of the method.
    let (method, provenance) = method.unwrap_or((Method::Post, Provenance::rule(Rule::MethodMissingAsPost)));
    MethodTable { method, provenance, headers, json_body }
}

/// Whether a label reads like an HTTP header name (`Content-Type`, `X-Request-Id`).
fn is_header_name(text: &str) -> bool {
    let text = text.trim();
    text.contains('-') && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// Classifies a header by its name; a `Content-Type` whose description mentions JSON makes the body JSON.
fn push_header(file: &SourceFile, cell: &GridCell, description: String, headers: &mut Vec<Header>, json: &mut bool) {
    let name = cell.content.text.trim().to_owned();
    let kind = header_kind(&name);
    if kind == HeaderKind::ContentType && description.to_lowercase().contains("json") {
        *json = true;
    }
    headers.push(Header { name, kind, description, loc: file.loc(cell.span.start) });
}

/// What a header carries, told by its name (`HT-ACCESS-TOKEN`, `IMR-SESSION_SECRET`, `Authorization`).
pub(crate) fn header_kind(name: &str) -> HeaderKind {
    let upper = name.trim().to_ascii_uppercase();
    if upper == "AUTHORIZATION" {
        HeaderKind::BasicAuth
    } else if upper == "CONTENT-TYPE" {
        HeaderKind::ContentType
    } else if upper.ends_with("ACCESS-TOKEN") || upper.ends_with("ACCESS_TOKEN") {
        HeaderKind::AccessToken
    } else if upper.ends_with("SESSION-TOKEN") || upper.ends_with("SESSION_TOKEN") {
        HeaderKind::SessionToken
    } else if upper.ends_with("SESSION-SECRET") || upper.ends_with("SESSION_SECRET") {
        HeaderKind::SessionSecret
    } else {
        HeaderKind::Other
    }
}
