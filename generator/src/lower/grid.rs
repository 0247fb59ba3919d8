//! Tables as grids: a table of either syntax flattened to rows of cells, its columns' roles by their headers, what
//! the table is for (method, parameters, fields, errors) by its headers and its part, and rows aligned to the roles.

use super::parts::PartKind;
use super::types;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::parse::cell::CellText;
use crate::parse::markdown::Table;
use crate::source::{FileId, SourceFile, Span};

/// A column's role in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Name,
    Type,
    Required,
    Default,
    Description,
    Status,
    Message,
    Unknown,
}

fn role(header: &str) -> Role {
    let h = header.trim().to_lowercase();
    match h.as_str() {
        "名称" | "参数" | "参数名" | "参数名称" | "字段" | "字段名" | "name" | "field" | "key" => {
            Role::Name
        }
        "类型" | "type" | "数据类型" => Role::Type,
        "是否必须" | "必须" | "必填" | "是否必填" | "required" => Role::Required,
        "默认值" | "default" | "缺省值" => Role::Default,
        "说明" | "描述" | "备注" | "description" | "desc" | "含义" => Role::Description,
        "status" | "状态码" | "code" => Role::Status,
        "message" | "消息" | "错误信息" => Role::Message,
        _ => Role::Unknown,
    }
}

/// A table flattened to rows of cells with spans, whichever syntax it used. Cells borrow their text from the
/// parsed table: a grid is a view, not a copy.
pub(super) struct Grid<'a> {
    /// Header cell texts (empty when the table has no header cells).
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<Vec<GridCell<'a>>>,
    pub(super) span: Span,
}

#[derive(Clone, Copy)]
pub(super) struct GridCell<'a> {
    pub(super) content: &'a CellText,
    pub(super) span: Span,
    /// A `<th>` cell: a row label in the method/header table.
    pub(super) is_header: bool,
}

pub(super) fn grid(file: FileId, table: &Table) -> Grid<'_> {
    match table {
        Table::Html(t) => {
            let mut header = Vec::new();
            let mut rows = Vec::new();
            for row in &t.rows {
                if row.cells.is_empty() {
                    continue;
                }
                // Only the first row can be the header row.
                let is_header_row = header.is_empty()
                    && rows.is_empty()
                    && (row.in_head || row.cells.iter().all(|c| role(&c.content.text) != Role::Unknown))
                    && !row.cells.iter().any(|c| c.is_header && c.rowspan > 1);
                if is_header_row {
                    header = row.cells.iter().map(|c| c.content.text.clone()).collect();
                    continue;
                }
                rows.push(
                    row.cells
                        .iter()
                        .map(|c| GridCell {
                            content: &c.content,
                            span: Span::new(file, c.start, c.end),
                            is_header: c.is_header,
                        })
                        .collect(),
                );
            }
            Grid { header, rows, span: Span::new(file, t.start, t.end) }
        }
        Table::Pipe(t) => Grid {
            header: t.header.iter().map(|c| c.content.text.clone()).collect(),
            rows: t
                .rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| GridCell {
                            content: &c.content,
                            span: Span::new(file, c.start, c.end),
                            is_header: false,
                        })
                        .collect()
                })
                .collect(),
            span: Span::new(file, t.start, t.end),
        },
    }
}

/// What a table is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TableKind {
    Method,
    Params,
    Fields,
    Errors,
    Ignored,
}

pub(super) fn table_kind(grid: &Grid, part: PartKind) -> TableKind {
    let roles: Vec<Role> = grid.header.iter().map(|h| role(h)).collect();
    let first_cell = grid.rows.first().and_then(|r| r.first()).map(|c| c.content.text.to_lowercase());
    if roles.contains(&Role::Status) && roles.contains(&Role::Message) {
        return TableKind::Errors;
    }
    if first_cell.as_deref() == Some("method") || grid.header.first().is_some_and(|h| h.eq_ignore_ascii_case("method"))
    {
        return TableKind::Method;
    }
    match part {
        PartKind::Params => TableKind::Params,
        PartKind::Fields | PartKind::Output | PartKind::Example => TableKind::Fields,
        PartKind::Errors => TableKind::Errors,
        // Under an unknown heading, a table with a name and a default column can only list request parameters:
        // response fields have no defaults.
        PartKind::Preamble | PartKind::Other if roles.contains(&Role::Name) && roles.contains(&Role::Default) => {
            TableKind::Params
        }
        PartKind::Preamble | PartKind::Other => TableKind::Ignored,
    }
}

/// Whether an ignored table looks like a parameter or field table (a name column and a type or required column),
/// which a heading this lowering does not know kept from being read.
pub(super) fn looks_like_item_table(grid: &Grid) -> bool {
    let roles: Vec<Role> = grid.header.iter().map(|h| role(h)).collect();
    roles.contains(&Role::Name) && (roles.contains(&Role::Type) || roles.contains(&Role::Required))
}

/// Column roles for a grid: from its header, or by cell count for tables without one.
pub(super) fn roles_for(grid: &Grid, kind: TableKind) -> Vec<Role> {
    let roles: Vec<Role> = grid.header.iter().map(|h| role(h)).collect();
    if !roles.is_empty() && roles.iter().any(|r| *r != Role::Unknown) {
        return roles;
    }
    let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    use Role::*;
    match (kind, width) {
        (TableKind::Errors, _) => vec![Status, Message, Description],
        (_, 5..) => vec![Name, Type, Required, Default, Description],
        (_, 4) => vec![Name, Type, Required, Description],
        (_, 3) => vec![Name, Type, Description],
        _ => vec![Name, Description],
    }
}

/// Aligns a row's cells to the roles; short and long rows are realigned by content and reported.
pub(super) fn align<'a, 'g>(
    file: &SourceFile,
    roles: &[Role],
    row: &'a [GridCell<'g>],
    sink: &mut Sink,
) -> Vec<(Role, &'a GridCell<'g>)> {
    // A row as wide as the table, as most are, needs no realignment.
    if row.len() == roles.len() {
        return roles.iter().copied().zip(row).collect();
    }
    let mut cells: Vec<Option<&GridCell<'g>>> = row.iter().map(Some).collect();
    let type_idx = roles.iter().position(|r| *r == Role::Type);
    let req_idx = roles.iter().position(|r| *r == Role::Required);
    let default_idx = roles.iter().position(|r| *r == Role::Default);
    let row_span = Span::new(row[0].span.file, row[0].span.start, row[row.len() - 1].span.end);
    if cells.len() < roles.len() {
        // A missing type cell shows as the required value sitting in the type column.
        let (shifted, help) = match (type_idx, req_idx) {
            (Some(t), Some(r))
                if r == t + 1 && row.get(t).is_some_and(|c| types::looks_like_required(&c.content.text)) =>
            {
                cells.insert(t, None);
                ("the type cell is missing", "the type is read as String; the other cells keep their columns")
            }
            _ => ("cells are missing at the end", "missing cells are read as empty"),
        };
        while cells.len() < roles.len() {
            cells.push(None);
        }
        sink.push(
            Diagnostic::warning(Code::MalformedTableRow, row_span, row_width_message(row.len(), roles.len()))
                .with_label(shifted)
                .with_help(help),
        );
    } else if cells.len() > roles.len() {
        // An extra default cell in a table without a default column (`<td>Yes</td><td>N/A</td><td>说明</td>`).
        let extra_is_default = default_idx.is_none()
            && req_idx.is_some_and(|r| row.get(r + 1).is_some_and(|c| types::default_value(&c.content.text).is_none()));
        let (note, help) = if extra_is_default {
            cells.remove(req_idx.unwrap_or(0) + 1);
            ("an extra default cell", "the cell after the required column is ignored; the others keep their columns")
        } else {
            ("extra cells at the end", "the cells past the table's last column are ignored")
        };
        sink.push(
            Diagnostic::warning(Code::MalformedTableRow, row_span, row_width_message(row.len(), roles.len()))
                .with_label(note)
                .with_help(help),
        );
        cells.truncate(roles.len());
        let _ = file;
    }
    roles.iter().copied().zip(cells).filter_map(|(r, c)| c.map(|c| (r, c))).collect()
}

fn row_width_message(cells: usize, columns: usize) -> String {
    let plural = if cells == 1 { "" } else { "s" };
    format!("table row has {cells} cell{plural}, the table has {columns} columns")
}

pub(super) fn cell_of<'a, 'g>(aligned: &[(Role, &'a GridCell<'g>)], role: Role) -> Option<&'a GridCell<'g>> {
    aligned.iter().find(|(r, _)| *r == role).map(|(_, c)| *c)
}

/// `userid(用户ID)` → (`userid`, `用户ID`).
pub(super) fn split_name_note(raw: &str) -> (&str, &str) {
    let trimmed = raw.trim();
    match trimmed.find(['(', '（']) {
        Some(idx) if idx > 0 => (trimmed[..idx].trim(), trimmed[idx..].trim_matches(['(', ')', '（', '）', ' '])),
        _ => (trimmed, ""),
    }
}
