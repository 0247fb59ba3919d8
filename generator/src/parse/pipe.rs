//! Markdown pipe tables, read line by line so that every cell keeps its span.
//!
//! pulldown-cmark would pad short rows and drop extra cells without a word, and it merges two tables that touch
//! (the doc family puts an error table straight under a field table). Reading the lines ourselves keeps every cell,
//! and a second delimiter row starts a new table.

use super::cell::{self, CellText};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeTable {
    pub start: usize,
    pub end: usize,
    pub header: Vec<PipeCell>,
    pub rows: Vec<PipeRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeRow {
    pub start: usize,
    pub end: usize,
    pub cells: Vec<PipeCell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeCell {
    pub start: usize,
    pub end: usize,
    pub content: CellText,
}

/// Whether a line looks like a table row: it starts with `|` once trimmed.
pub fn is_pipe_line(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// Whether a line is a delimiter row such as `|:--:|---|`.
pub fn is_delimiter(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.contains('-') && trimmed.contains('|') && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Reads the pipe tables in the lines `[start, end)`: consecutive `|` lines, split at each delimiter row.
/// `lines` are (byte offset of the line start, line text without its newline).
pub fn read_tables(lines: &[(usize, &str)]) -> Vec<PipeTable> {
    let mut tables: Vec<PipeTable> = Vec::new();
    let mut idx = 0;
    while idx < lines.len() {
        let (offset, line) = lines[idx];
        let next_is_delimiter = lines.get(idx + 1).is_some_and(|(_, l)| is_delimiter(l));
        if is_pipe_line(line) && next_is_delimiter {
            let mut table = PipeTable {
                start: offset,
                end: offset + line.len(),
                header: split_cells(offset, line),
                rows: Vec::new(),
            };
            idx += 2;
            while idx < lines.len() && is_pipe_line(lines[idx].1) {
                let (row_offset, row_line) = lines[idx];
                let starts_next_table = lines.get(idx + 1).is_some_and(|(_, l)| is_delimiter(l));
                if starts_next_table || is_delimiter(row_line) {
                    break;
                }
                table.rows.push(PipeRow {
                    start: row_offset,
                    end: row_offset + row_line.len(),
                    cells: split_cells(row_offset, row_line),
                });
                table.end = row_offset + row_line.len();
                idx += 1;
            }
            tables.push(table);
        } else {
            idx += 1;
        }
    }
    tables
}

/// Splits one row into cells on unescaped `|`, dropping the empty edges before the first and after the last pipe.
fn split_cells(offset: usize, line: &str) -> Vec<PipeCell> {
    // The cell edges: every unescaped `|` (bytes: `|` and `\\` are ASCII, so no character is split), with the line
    // start before them when the row has no leading pipe, and the line end after them when it has no trailing one.
    let lead_pipe = line.trim_start().starts_with('|');
    let bytes = line.as_bytes();
    let mut edges: Vec<usize> = Vec::with_capacity(bytes.iter().filter(|&&b| b == b'|').count() + 2);
    if !lead_pipe {
        edges.push(0);
    }
    edges.extend((0..bytes.len()).filter(|&idx| bytes[idx] == b'|' && (idx == 0 || bytes[idx - 1] != b'\\')));
    let n_bounds = edges.len() - usize::from(!lead_pipe);
    let trail_pipe = line.trim_end().ends_with('|') && n_bounds > 1;
    if !trail_pipe {
        edges.push(line.len());
    }
    let mut cells = Vec::with_capacity(edges.len().saturating_sub(1));
    for pair in edges.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let from = if line[from..].starts_with('|') { from + 1 } else { from };
        let raw = &line[from..to];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        cells.push(PipeCell {
            start: offset + from + lead,
            end: offset + from + lead + trimmed.len(),
            content: if trimmed.contains('\\') && trimmed.contains("\\|") {
                cell::decode(&trimmed.replace("\\|", "|"))
            } else {
                cell::decode(trimmed)
            },
        });
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, &str)> {
        let mut offset = 0;
        text.split('\n')
            .map(|l| {
                let at = offset;
                offset += l.len() + 1;
                (at, l)
            })
            .collect()
    }

    #[test]
    fn reads_rows_and_splits_touching_tables() {
        let text =
            "|名称|说明|\n|:--:|:--:|\n|unique|ID|\n|status|message|description|\n|:--:|:--:|:--:|\n|406|x-y|z|\n";
        let tables = read_tables(&lines(text));
        assert_eq!(tables.len(), 2);
        let texts = |cells: &[PipeCell]| cells.iter().map(|c| c.content.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&tables[0].header), ["名称", "说明"]);
        assert_eq!(tables[0].rows.len(), 1);
        assert_eq!(texts(&tables[1].header), ["status", "message", "description"]);
        assert_eq!(texts(&tables[1].rows[0].cells), ["406", "x-y", "z"]);
        let cell = &tables[1].rows[0].cells[1];
        assert_eq!(&text[cell.start..cell.end], "x-y");
    }

    #[test]
    fn keeps_short_rows_short() {
        let text = "|a|b|c|\n|-|-|-|\n|description|是|N/A|\n";
        let tables = read_tables(&lines(text));
        assert_eq!(tables[0].rows[0].cells.len(), 3);
    }
}
