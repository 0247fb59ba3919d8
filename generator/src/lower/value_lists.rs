//! Value lists: a sub-section that lists the values of one parameter or field makes that parameter an enum, or
//! gives that response field its values.

use super::enums;
use super::parts::PartKind;
use super::response::FieldRow;
use super::types::{Base, TypeWord};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{EnumOption, Param, Provenance, Type};
use crate::parse::cell::CellText;
use crate::parse::markdown::{Part, Table};
use crate::source::{FileId, SourceFile, Span};

/// A sub-section that lists the values of one parameter or field: `#### volumestatus 说明` followed by
/// `AVAILABLE, ATTACHING, ...;`.
struct ValueList {
    name: String,
    name_span: Span,
    options: Vec<enums::Option_>,
}

/// The value lists of a section: sub-sections whose heading is an ASCII name plus `说明` / `取值` / `可选值`, and
/// whose text (outside tables and code) is a list of two or more values in a notation the description cells use,
/// or simply separated by commas. Sub-sections of prose are not value lists.
fn value_lists(file_id: FileId, file: &SourceFile, parts: &[(PartKind, &Part)]) -> Vec<ValueList> {
    let mut out = Vec::new();
    for (kind, part) in parts {
        let Some(heading) = part.heading.as_ref().filter(|_| *kind == PartKind::Other) else {
            continue;
        };
        let title = heading.text.trim();
        let name_len = title.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(title.len());
        let (name, rest) = title.split_at(name_len);
        let rest = rest.trim().trim_start_matches('的');
        if name.is_empty() || !matches!(rest, "说明" | "取值" | "取值说明" | "可选值" | "值说明") {
            continue;
        }
        let skip = |offset: usize| {
            part.tables.iter().any(|t| match t {
                Table::Html(t) => t.start <= offset && offset < t.end,
                Table::Pipe(t) => t.start <= offset && offset <= t.end,
            }) || part.code_blocks.iter().any(|c| c.start <= offset && offset <= c.end)
        };
        let mut text = String::new();
        let mut line_start = part.start;
        for line in file.text[part.start..part.end].split_inclusive('\n') {
            if !skip(line_start) {
                text.push_str(line.trim());
                text.push('\n');
            }
            line_start += line.len();
        }
        let cell = CellText { text: text.trim().to_owned(), bold: Vec::new() };
        let mut options = enums::options(&cell);
        if options.len() < 2 {
            let values: Vec<&str> =
                cell.text.split([',', '，', '、', ';', '；', '\n']).map(str::trim).filter(|v| !v.is_empty()).collect();
            let all_values = values.iter().all(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            options = if values.len() >= 2 && all_values {
                values.into_iter().map(|v| enums::Option_ { wire: v.to_owned(), description: String::new() }).collect()
            } else {
                Vec::new()
            };
        }
        if options.len() >= 2 {
            let at = heading.text_start;
            out.push(ValueList { name: name.to_owned(), name_span: Span::new(file_id, at, at + name.len()), options });
        }
    }
    out
}

/// Applies the section's value lists: a parameter of that name (any case) without options becomes an enum; otherwise
/// a response field of that name gets the values as its type, and a field the table does not list is added as if the
/// table listed it (so an example that shows it, or elides the result, agrees with it).
pub(super) fn apply_value_lists(
    file_id: FileId,
    file: &SourceFile,
    parts: &[(PartKind, &Part)],
    params: &mut [(Param, Span, CellText)],
    deferred: &mut Vec<(String, Diagnostic)>,
    field_rows: &mut Vec<FieldRow>,
) {
    for list in value_lists(file_id, file, parts) {
        if let Some((param, _, _)) = params.iter_mut().find(|(p, _, _)| p.wire.eq_ignore_ascii_case(&list.name)) {
            let options: Vec<EnumOption> = list
                .options
                .iter()
                .map(|o| EnumOption {
                    wire: o.wire.clone(),
                    rust: String::new(),
                    description: o.description.clone(),
                    provenance: Provenance::Table,
                })
                .collect();
            let slot = match &mut param.ty {
                Type::Array { items } => items.as_mut(),
                other => other,
            };
            if *slot == Type::String {
                // The sub-section is the doc's own list of the values.
                *slot = Type::Enum { name: String::new(), options, provenance: Provenance::Table };
                param.provenance.ty = Provenance::Table;
                let wire = param.wire.clone();
                deferred.retain(|(w, d)| !(*w == wire && d.code == Code::EnumWithoutOptions));
            }
            continue;
        }
        let wires: Vec<String> = list.options.iter().map(|o| o.wire.clone()).collect();
        match field_rows.iter_mut().find(|r| r.wire.eq_ignore_ascii_case(&list.name)) {
            Some(row) => {
                let array = row.type_word.as_ref().is_some_and(|w| w.array);
                if row.type_word.as_ref().is_none_or(|w| w.options.is_empty()) {
                    row.type_word = Some(TypeWord { base: Base::Enum, array, restricted: false, options: wires });
                }
            }
            None => field_rows.push(FieldRow {
                wire: list.name.clone(),
                type_word: Some(TypeWord { base: Base::Enum, array: false, restricted: false, options: wires }),
                type_raw: String::new(),
                required: false,
                required_given: false,
                description: String::new(),
                span: list.name_span,
            }),
        }
    }
}
