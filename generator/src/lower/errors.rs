//! Error tables: one documented error per row, its message kept as written and read as a pattern.

use super::grid::{align, cell_of, roles_for, Grid, Role, TableKind};
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::ir::{ErrorCase, MessagePattern, Provenance};
use crate::source::SourceFile;

pub(super) fn error_rows(file: &SourceFile, grid: &Grid, sink: &mut Sink) -> Vec<ErrorCase> {
    let roles = roles_for(grid, TableKind::Errors);
    let mut out = Vec::new();
    for row in &grid.rows {
        if row.iter().all(|c| c.content.text.is_empty()) {
            continue;
        }
        let aligned = align(file, &roles, row, sink);
        let (Some(status_cell), Some(message_cell)) =
            (cell_of(&aligned, Role::Status), cell_of(&aligned, Role::Message))
        else {
            continue;
        };
        let Ok(status) = status_cell.content.text.trim().parse::<u16>() else {
            sink.push(
                Diagnostic::warning(
                    Code::InvalidErrorStatus,
                    status_cell.span,
                    format!("error status `{}` is not a number", status_cell.content.text),
                )
                .with_label("expected a status such as 406")
                .with_help("the row is skipped")
                .with_error_message(message_cell.content.text.trim()),
            );
            continue;
        };
        // The message exactly as written: take the raw cell text, with only markup removed.
        let raw_message = &file.text[message_cell.span.start..message_cell.span.end];
        let message = if raw_message.contains(['<', '&', '\n']) {
            message_cell.content.text.clone()
        } else {
            raw_message.to_owned()
        };
        out.push(ErrorCase {
            status,
            rust: String::new(),
            pattern: message_pattern(&message),
            message,
            description: cell_of(&aligned, Role::Description).map(|c| c.content.text.clone()).unwrap_or_default(),
            // Named from the message in `check/error_names.rs`, which records a rule or override if one decides.
            provenance: Provenance::Table,
            loc: file.loc(message_cell.span.start),
        });
    }
    out
}

/// `require parameter:A` → prefix `require parameter:`, placeholder `A`. Also `{name}` / `<name>` placeholders.
/// A message written `*` is a placeholder for any message.
pub fn message_pattern(message: &str) -> Option<MessagePattern> {
    let trimmed = message.trim_end();
    if trimmed.trim_start() == "*" {
        return Some(MessagePattern { prefix: String::new(), placeholder: "*".to_owned(), suffix: String::new() });
    }
    if let Some(idx) = trimmed.rfind([':', '：']) {
        let tail = trimmed[idx..].chars().skip(1).collect::<String>();
        let tail_trim = tail.trim();
        if tail_trim.len() == 1 && tail_trim.chars().all(|c| c.is_ascii_uppercase()) {
            let prefix_end = trimmed.len() - tail.len() + (tail.len() - tail.trim_start().len());
            return Some(MessagePattern {
                prefix: trimmed[..prefix_end].to_owned(),
                placeholder: tail_trim.to_owned(),
                suffix: String::new(),
            });
        }
    }
    for (open, close) in [('{', '}'), ('<', '>')] {
        if let (Some(start), Some(end)) = (message.find(open), message.find(close)) {
            let name = &message[start + 1..end.max(start + 1)];
            if end > start + 1 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Some(MessagePattern {
                    prefix: message[..start].to_owned(),
                    placeholder: name.to_owned(),
                    suffix: message[end + 1..].to_owned(),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
