//! Field tables: the rows that describe the result's fields, merged with the example in `examples.rs`.

use super::grid::{align, cell_of, roles_for, split_name_note, Grid, Role, TableKind};
use super::response::FieldRow;
use super::types::{self, Required};
use crate::diagnostics::Sink;
use crate::source::SourceFile;

pub(super) fn field_table_rows(file: &SourceFile, grid: &Grid, sink: &mut Sink) -> Vec<FieldRow> {
    let roles = roles_for(grid, TableKind::Fields);
    let mut out: Vec<FieldRow> = Vec::new();
    // The names read so far: a set, so that a long table is read in n log n.
    let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for row in &grid.rows {
        if row.iter().all(|c| c.content.text.is_empty()) {
            continue;
        }
        let aligned = align(file, &roles, row, sink);
        let Some(name_cell) = cell_of(&aligned, Role::Name) else {
            continue;
        };
        let (wire, note) = split_name_note(&name_cell.content.text);
        let (wire, note) = (wire.to_owned(), note.to_owned());
        if wire.is_empty() || !seen.insert(wire.clone()) {
            continue;
        }
        let type_raw = cell_of(&aligned, Role::Type).map(|c| c.content.text.clone()).unwrap_or_default();
        let type_word = (!type_raw.is_empty()).then(|| types::type_word(&type_raw));
        let required_cell = cell_of(&aligned, Role::Required);
        let required = required_cell.is_some_and(|c| types::required(&c.content.text) == Required::Yes);
        let mut description = cell_of(&aligned, Role::Description).map(|c| c.content.text.clone()).unwrap_or_default();
        if !note.is_empty() {
            description = if description.is_empty() { note } else { format!("{note}\n{description}") };
        }
        out.push(FieldRow {
            wire,
            type_word,
            type_raw,
            required,
            required_given: required_cell.is_some(),
            description,
            span: name_cell.span,
        });
    }
    out
}
