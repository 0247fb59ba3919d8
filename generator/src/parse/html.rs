//! The tolerant `<table>` reader: rows and cells with their source spans.
//!
//! The doc's tables are damaged in ways a browser forgives differently than we need: `</tr<tr>` (which html5ever
//! reads as a bogus end tag, merging two rows), a missing `</table>`, `/tbody>` without its `<`. This reader only
//! finds the structure (rows, cells, `rowspan`/`colspan`) and where each cell is; each cell's content is decoded by
//! html5ever in [`super::cell`]. A table ends at its `</table>` or at the section's next heading, whichever is first.

use super::cell::{self, CellText};

/// A table as the reader found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTable {
    /// Byte offset of the table start and end.
    pub start: usize,
    pub end: usize,
    pub rows: Vec<HtmlRow>,
    /// Whether the table had its `</table>`.
    pub closed: bool,
    /// Markup damage the reader worked around, in document order.
    pub repairs: Vec<Repair>,
    /// Set when the input ended inside a cell or a row.
    pub truncated: bool,
}

/// One piece of damaged markup and how the reader read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Byte range of the damaged markup.
    pub start: usize,
    pub end: usize,
    /// What is wrong, lowercase.
    pub message: String,
    /// How the reader read it (the rule it applied).
    pub help: String,
}

impl Repair {
    fn new(start: usize, end: usize, message: impl Into<String>, help: impl Into<String>) -> Repair {
        Repair { start, end: end.max(start + 1), message: message.into(), help: help.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlRow {
    pub start: usize,
    /// Whether the row sits in `<thead>`.
    pub in_head: bool,
    pub cells: Vec<HtmlCell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlCell {
    /// Byte range of the cell's inner HTML.
    pub start: usize,
    pub end: usize,
    /// `<th>` rather than `<td>`.
    pub is_header: bool,
    pub rowspan: u32,
    pub colspan: u32,
    pub content: CellText,
}

/// A tag the reader cares about. It borrows from the text: a table of 100 000 rows reads a million tags.
struct Tag<'a> {
    start: usize,
    /// Offset after the tag (after `>`, or where a damaged tag stops).
    end: usize,
    /// The lowercase name, one of [`STRUCTURAL_TAGS`].
    name: &'static str,
    closing: bool,
    attrs: &'a str,
}

/// The tags that make a table's structure; every other tag is cell content.
const STRUCTURAL_TAGS: [&str; 6] = ["table", "thead", "tbody", "tr", "td", "th"];

/// Finds the start of a table at or after `from` and before `limit`: `<table`, or `table ` with attributes when
/// the `<` is missing. Returns the offset and whether the start was damaged.
pub fn find_table_start(text: &str, from: usize, limit: usize) -> Option<(usize, bool)> {
    let hay = &text[from..limit];
    let mut search = 0;
    while let Some(idx) = hay[search..].find("table") {
        let at = search + idx;
        let before = hay[..at].chars().next_back();
        let after = hay[at + 5..].chars().next();
        let word_ends = matches!(after, Some(' ' | '>' | '\t' | '\n'));
        if before == Some('<') && word_ends {
            return Some((from + at - 1, false));
        }
        // `table border="0" ...>` at a line start: the `<` was lost.
        let line_start = before.is_none() || before == Some('\n');
        if line_start && word_ends && hay[at..].lines().next().is_some_and(|l| l.contains('=') && l.contains('>')) {
            return Some((from + at, true));
        }
        search = at + 5;
    }
    None
}

/// Reads the table starting at `start` (as found by [`find_table_start`]); it ends at `</table>` or `limit`.
/// A start without its `<` (`table border="0">`) is recorded as a repair.
pub fn read_table(text: &str, start: usize, limit: usize) -> HtmlTable {
    let mut table =
        HtmlTable { start, end: limit, rows: Vec::new(), closed: false, repairs: Vec::new(), truncated: false };
    if text[start..].starts_with("table") {
        table.repairs.push(Repair::new(
            start,
            start + 5,
            "`table` has lost its `<`",
            "read as `<table`: the line opens a table",
        ));
    }
    let mut in_head = false;
    let mut open_cell: Option<(usize, Tag)> = None;
    let mut row_open = false;
    let mut pos = start;
    let mut first = true;
    while pos < limit {
        let Some(tag) = next_tag(text, pos, limit, &mut table.repairs) else {
            break;
        };
        // Between structural tags, outside any cell, only whitespace belongs; a lone `<` is damage.
        if open_cell.is_none() {
            let between = &text[pos..tag.start];
            let stray = between.trim();
            if !stray.is_empty() && stray.chars().all(|c| matches!(c, '<' | '>')) {
                let at = pos + (between.len() - between.trim_start().len());
                table.repairs.push(Repair::new(
                    at,
                    at + stray.len(),
                    format!("stray `{stray}` between table tags"),
                    "ignored: it belongs to no tag",
                ));
            }
        }
        pos = tag.end;
        let opens_table = tag.name == "table" && !tag.closing;
        if std::mem::replace(&mut first, false) && opens_table {
            continue;
        }
        let is_cell = tag.name == "td" || tag.name == "th";
        // `next_tag` only returns structural tags, so any tag ends an open cell.
        if let Some((content_start, open)) = open_cell.take() {
            let closes_it = is_cell && tag.closing;
            if !closes_it {
                table.repairs.push(Repair::new(
                    open.start,
                    open.end,
                    format!("`<{}>` is not closed", open.name),
                    "the cell ends where the next tag starts",
                ));
            }
            push_cell(text, &mut table, content_start, tag.start, &open, in_head);
            if closes_it {
                continue;
            }
        }
        match (tag.name, tag.closing) {
            ("table", true) => {
                table.closed = true;
                table.end = tag.end;
                return table;
            }
            ("table", false) => {
                table.repairs.push(Repair::new(
                    tag.start,
                    tag.end,
                    "a second `<table>` opens inside the table",
                    "ignored: the rows belong to the first table",
                ));
            }
            ("thead", closing) => in_head = !closing,
            ("tbody", _) => in_head = false,
            ("tr", false) => {
                table.rows.push(HtmlRow { start: tag.start, in_head, cells: Vec::new() });
                row_open = true;
            }
            ("tr", true) => row_open = false,
            ("td" | "th", false) => {
                if !row_open {
                    // A cell outside any row starts one.
                    table.rows.push(HtmlRow { start: tag.start, in_head, cells: Vec::new() });
                    row_open = true;
                }
                open_cell = Some((tag.end, tag));
            }
            _ => {}
        }
    }
    if let Some((content_start, open)) = open_cell.take() {
        table.truncated = limit >= text.len();
        if table.truncated {
            // The input stops inside this cell: the row is cut off, and reading it would guess at its content.
            table.rows.pop();
        } else {
            table.repairs.push(Repair::new(
                open.start,
                open.end,
                format!("`<{}>` is not closed", open.name),
                "the cell ends at the next heading",
            ));
            push_cell(text, &mut table, content_start, limit, &open, in_head);
        }
    } else if row_open && limit >= text.len() {
        table.truncated = true;
        table.rows.pop();
    }
    table
}

fn push_cell(text: &str, table: &mut HtmlTable, start: usize, end: usize, open: &Tag, in_head: bool) {
    let inner = &text[start..end];
    let row_missing = table.rows.is_empty();
    if row_missing {
        table.rows.push(HtmlRow { start: open.start, in_head, cells: Vec::new() });
    }
    let rowspan = attr_number(open.attrs, "rowspan").unwrap_or(1);
    let colspan = attr_number(open.attrs, "colspan").unwrap_or(1);
    // The row exists: it was pushed when the cell opened or just above.
    let row = table.rows.last_mut().expect("a row was pushed before the cell");
    row.cells.push(HtmlCell {
        start,
        end,
        is_header: open.name == "th",
        rowspan,
        colspan,
        content: cell::decode(inner),
    });
}

/// Reads an attribute's number, quoted or not: `rowspan="3"`, `rowspan=3`.
fn attr_number(attrs: &str, name: &str) -> Option<u32> {
    // Most cells have no attribute at all: nothing to look for without an `=`.
    if !attrs.contains('=') {
        return None;
    }
    let lower = attrs.to_ascii_lowercase();
    let idx = lower.find(name)?;
    let rest = lower[idx + name.len()..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// The next structural tag (`table`, `thead`, `tbody`, `tr`, `td`, `th`, opening or closing) at or after `pos`.
/// A tag cut short by another `<` (`</tr<tr>`) ends there, and the damage is recorded.
fn next_tag<'a>(text: &'a str, mut pos: usize, limit: usize, repairs: &mut Vec<Repair>) -> Option<Tag<'a>> {
    let bytes = text.as_bytes();
    while pos < limit {
        // Byte searches: `<`, `/` and the ASCII letters of a tag name never occur inside a multi-byte character.
        let idx = bytes[pos..limit].iter().position(|&b| b == b'<' || b == b'/')? + pos;
        let (closing, name_start, tag_start) = if bytes[idx] == b'<' {
            if bytes.get(idx + 1) == Some(&b'/') {
                (true, idx + 2, idx)
            } else {
                (false, idx + 1, idx)
            }
        } else {
            // `/tbody>` with its `<` lost: only a closing tag of ours directly followed by `>` counts.
            (true, idx + 1, idx)
        };
        let name_end =
            bytes[name_start..limit].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(limit, |i| i + name_start);
        let written = &text[name_start..name_end];
        let Some(name) = STRUCTURAL_TAGS.into_iter().find(|known| known.eq_ignore_ascii_case(written)) else {
            pos = idx + 1;
            continue;
        };
        if bytes[idx] == b'/' {
            if bytes.get(name_end) != Some(&b'>') || (idx > 0 && bytes[idx - 1] == b'<') {
                pos = idx + 1;
                continue;
            }
            repairs.push(Repair::new(
                idx,
                name_end + 1,
                format!("`/{name}>` has lost its `<`"),
                format!("read as `</{name}>`"),
            ));
            return Some(Tag { start: idx, end: name_end + 1, name, closing: true, attrs: "" });
        }
        let next_char = text[name_end..limit].chars().next();
        if !matches!(next_char, None | Some('>' | ' ' | '\t' | '\n' | '\r' | '/' | '<')) {
            pos = idx + 1;
            continue;
        }
        // The tag ends at `>`, or is cut short by a `<` before it.
        let rest = &text[name_end..limit];
        let gt = rest.find('>');
        let lt = rest.find('<');
        let (attrs_end, end, damaged) = match (gt, lt) {
            (Some(g), Some(l)) if l < g => (name_end + l, name_end + l, true),
            (Some(g), _) => (name_end + g, name_end + g + 1, false),
            (None, Some(l)) => (name_end + l, name_end + l, true),
            (None, None) => (limit, limit, true),
        };
        if damaged {
            let slash = if closing { "/" } else { "" };
            repairs.push(Repair::new(
                tag_start,
                attrs_end,
                format!("`<{slash}{name}` is missing its `>`"),
                format!("read as `<{slash}{name}>`: the tag ends where the next one starts"),
            ));
        }
        return Some(Tag { start: tag_start, end, name, closing, attrs: &text[name_end..attrs_end] });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(table: &HtmlTable) -> Vec<Vec<String>> {
        table.rows.iter().map(|r| r.cells.iter().map(|c| c.content.text.clone()).collect()).collect()
    }

    #[test]
    fn reads_header_table_with_rowspan() {
        let text = "<table>\n<tr><th>Method</th><td>POST</td><td></td></tr>\n<tr><th rowspan=\"2\">H</th><td>A</td></tr>\n<tr><td>B</td></tr>\n</table>\nrest";
        let table = read_table(text, 0, text.len());
        assert!(table.closed);
        assert_eq!(rows(&table), [vec!["Method", "POST", ""], vec!["H", "A"], vec!["B"]]);
        assert_eq!(table.rows[1].cells[0].rowspan, 2);
        assert!(table.rows[0].cells[0].is_header);
        assert!(table.repairs.is_empty());
        assert_eq!(&text[table.end..], "\nrest");
    }

    #[test]
    fn splits_rows_at_damaged_close_tag() {
        let text = "<table><tbody><tr><td>406</td><td>a</td>\n</tr<tr>\n<td>500</td><td>b</td>\n</tr></tbody></table>";
        let table = read_table(text, 0, text.len());
        assert_eq!(rows(&table), [vec!["406", "a"], vec!["500", "b"]]);
        assert_eq!(table.repairs.len(), 1);
        assert_eq!(table.repairs[0].message, "`</tr` is missing its `>`");
        assert_eq!(&text[table.repairs[0].start..table.repairs[0].end], "</tr");
    }

    #[test]
    fn unclosed_table_stops_at_limit() {
        let text =
            "<table><thead><tr>\n</tr></thead>\n<tbody><tr><td>ip</td><td>String</td></tr></tbody>\n\n### 输出数据\n";
        let limit = text.find("###").unwrap();
        let table = read_table(text, 0, limit);
        assert!(!table.closed);
        assert!(!table.truncated);
        assert_eq!(rows(&table), [vec![], vec!["ip", "String"]]);
        assert!(table.rows[0].in_head);
    }

    #[test]
    fn truncated_table_at_end_of_input() {
        let text = "<table><tr><td>ip</td><td>Str";
        let table = read_table(text, 0, text.len());
        assert!(table.truncated);
    }

    #[test]
    fn finds_table_start_without_lt() {
        let text = "x\ntable border=\"0\">\n<tr><td>a</td></tr></table>";
        assert_eq!(find_table_start(text, 0, text.len()), Some((2, true)));
        let table = read_table(text, 2, text.len());
        assert_eq!(rows(&table), [vec!["a"]]);
    }

    #[test]
    fn lost_lt_on_closing_tbody_and_unquoted_rowspan() {
        let text = "<table><tr><th rowspan=3>H</th><td>A</td></tr>/tbody></table>";
        let table = read_table(text, 0, text.len());
        assert_eq!(table.rows[0].cells[0].rowspan, 3);
        assert!(table.closed);
        assert_eq!(table.repairs.len(), 1);
    }
}
