//! Reports the table markup damage the reader worked around, and tables the file cuts off.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::parse::markdown::{Section, Table};
use crate::source::{FileId, Span};

/// Reports markup damage the table reader worked around, and truncated tables (an error: the doc is cut off).
pub(super) fn report_table_damage(file_id: FileId, section: &Section, sink: &mut Sink) {
    for part in &section.parts {
        for table in &part.tables {
            let Table::Html(t) = table else { continue };
            for repair in &t.repairs {
                sink.push(
                    Diagnostic::warning(
                        Code::MalformedTableRow,
                        Span::new(file_id, repair.start, repair.end),
                        format!("malformed table markup: {}", repair.message),
                    )
                    .with_label("damaged markup")
                    .with_help(repair.help.clone()),
                );
            }
            if t.truncated {
                sink.push(
                    Diagnostic::error(
                        Code::TruncatedTable,
                        Span::new(file_id, t.start, t.end),
                        "the file ends inside a table",
                    )
                    .with_label("this table is cut off")
                    .with_help("the doc looks truncated; restore its end"),
                );
            } else if !t.closed && t.rows.iter().any(|r| !r.cells.is_empty()) {
                sink.push(
                    Diagnostic::warning(
                        Code::MalformedTable,
                        Span::new(file_id, t.start, t.start + 6),
                        "table has no `</table>`",
                    )
                    .with_label("opened here")
                    .with_help("the table ends at the next heading"),
                );
            }
        }
    }
}
