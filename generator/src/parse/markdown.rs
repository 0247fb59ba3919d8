//! The Markdown layer: splits a doc into sections and parts, with byte spans, knowing nothing of the API.
//!
//! pulldown-cmark finds the ATX headings, block quotes and fenced code blocks. Two things it cannot see are added
//! line by line, as the doc family needs them: a bare `<a name="...">Title</a>` line starts a section, and
//! `###错误信息` (no space after the hashes) is a sub-heading. Example blocks are `<code>` ... `</code>` regions taken
//! raw from the text (a blank line inside one would end pulldown-cmark's HTML block), and nothing inside them is
//! read as structure. Tables are bounded by the next heading, not by `</table>`.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html::{self, HtmlTable};
use super::pipe::{self, PipeTable};

/// A heading line, a bare anchor line, or a pseudo-heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6; a bare anchor line counts as a section heading (2).
    pub level: u8,
    /// Whether the line is a bare `<a name>` with no `#`.
    pub bare_anchor: bool,
    /// Byte range of the whole line (without its newline).
    pub start: usize,
    pub end: usize,
    /// The anchor name and the byte offset of its first character.
    pub anchor: Option<(String, usize)>,
    /// The visible title text (tags removed, trimmed) and the byte offset where it starts.
    pub text: String,
    pub text_start: usize,
}

/// A URL line in a section's preamble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlLine {
    pub url: String,
    pub start: usize,
    pub end: usize,
}

/// An example block: the raw text between `<code>` and `</code>` (or of a fenced block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Table {
    Html(HtmlTable),
    Pipe(PipeTable),
}

impl Table {
    pub fn start(&self) -> usize {
        match self {
            Table::Html(t) => t.start,
            Table::Pipe(t) => t.start,
        }
    }
}

/// The text between two headings of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `None` for the preamble (between the section title and its first sub-heading).
    pub heading: Option<Heading>,
    pub start: usize,
    pub end: usize,
    pub tables: Vec<Table>,
    pub code_blocks: Vec<CodeBlock>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: Heading,
    pub start: usize,
    pub end: usize,
    pub urls: Vec<UrlLine>,
    /// The preamble first, then one part per sub-heading.
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocTree {
    /// The H1, if the doc has one before its first section.
    pub title: Option<Heading>,
    /// Prose between the H1 and the first section, trimmed.
    pub intro: String,
    pub sections: Vec<Section>,
}

/// Splits a doc into sections. `text` is the whole file; spans are byte offsets into it.
pub fn parse(text: &str) -> DocTree {
    let body_start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let code_regions = code_regions(text);
    let in_code = |offset: usize| in_sorted_ranges(&code_regions, offset);

    let mut headings = Vec::new();
    let mut quote_ranges = Vec::new();
    let mut fenced = Vec::new();
    let parser = Parser::new_ext(&text[body_start..], Options::empty()).into_offset_iter();
    let mut fence_start = None;
    for (event, range) in parser {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, .. })
                if text[range.start..].starts_with('#') && !in_code(range.start) =>
            {
                let line_end = text[range.start..].find('\n').map_or(text.len(), |i| range.start + i);
                headings.push(heading_line(text, range.start, line_end, level as u8, false));
            }
            Event::Start(Tag::BlockQuote(_)) => quote_ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => fence_start = Some(range),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(range) = fence_start.take() {
                    if text[range.start..].trim_start().starts_with(['`', '~']) && !in_code(range.start) {
                        fenced.push(fenced_content(text, range.start, range.end));
                    }
                }
            }
            _ => {}
        }
    }
    // Block quotes can nest; their union answers "is this line quoted" the same way, with a binary search.
    let quote_ranges = union_of_ranges(quote_ranges);
    let fenced_ranges: Vec<std::ops::Range<usize>> = fenced.iter().map(|f| f.start..f.end).collect();
    // pulldown-cmark reports headings in document order, so their starts are sorted.
    let cmark_heading_starts: Vec<usize> = headings.iter().map(|h: &Heading| h.start).collect();
    // Lines pulldown-cmark does not read as headings but this doc family means as such.
    let mut line_start = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let end = start + content.len();
        if in_code(start) || in_sorted_ranges(&fenced_ranges, start) {
            continue;
        }
        if cmark_heading_starts.binary_search(&start).is_ok() {
            continue;
        }
        let trimmed = content.trim_start();
        let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
        // `###错误信息` has no space, and a heading right under `</table>` is swallowed by the HTML block.
        if (1..=6).contains(&hashes) && content.starts_with('#') {
            if !trimmed[hashes..].trim().is_empty() {
                headings.push(heading_line(text, start, end, hashes as u8, false));
            }
        } else if is_bare_anchor_line(content) {
            headings.push(heading_line(text, start, end, 2, true));
        }
    }
    headings.sort_by_key(|h| h.start);

    let mut title = None;
    let mut sections: Vec<Section> = Vec::new();
    let section_starts: Vec<usize> = headings.iter().filter(|h| h.level <= 2).map(|h| h.start).collect();
    let first_section = headings.iter().find(|h| h.level == 2).map_or(text.len(), |h| h.start);
    for (idx, heading) in headings.iter().enumerate() {
        if heading.level == 1 {
            if title.is_none() && heading.start < first_section {
                title = Some(heading.clone());
            }
            continue;
        }
        if heading.level != 2 {
            continue;
        }
        let next_section = section_starts.partition_point(|&s| s <= heading.start);
        let end = section_starts.get(next_section).copied().unwrap_or(text.len());
        let subs: Vec<&Heading> =
            headings[idx + 1..].iter().take_while(|h| h.start < end).filter(|h| h.level > 2).collect();
        sections.push(section(text, heading.clone(), end, &subs, &code_regions, &fenced, &quote_ranges));
    }
    let intro_start = title.as_ref().map_or(body_start, |t: &Heading| (t.end + 1).min(text.len()));
    let intro = text[intro_start.min(first_section)..first_section].trim().to_owned();
    DocTree { title, intro, sections }
}

/// Whether `offset` lies in one of `ranges`, which are sorted by start and do not overlap.
/// Per-line lookups use this: a linear scan of every code region for every line is quadratic in the doc's size.
fn in_sorted_ranges(ranges: &[std::ops::Range<usize>], offset: usize) -> bool {
    let after = ranges.partition_point(|r| r.start <= offset);
    after > 0 && offset < ranges[after - 1].end
}

/// The ranges of `ranges` that start in `start..end`, for ranges sorted by start.
fn starting_in<T>(ranges: &[T], start: usize, end: usize, range_start: impl Fn(&T) -> usize) -> &[T] {
    let lo = ranges.partition_point(|r| range_start(r) < start);
    let hi = ranges.partition_point(|r| range_start(r) < end);
    &ranges[lo..hi.max(lo)]
}

/// Sorted, non-overlapping ranges covering exactly the offsets `ranges` cover.
fn union_of_ranges(mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// A line that is an `<a name="...">` anchor; indented by a tab or four spaces, it is code in prose, not a section.
fn is_bare_anchor_line(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let trimmed = line.trim_start_matches(' ');
    indent < 4 && trimmed.starts_with("<a ") && trimmed.contains("name=")
}

/// The content range of a fenced code block (without the fence lines).
fn fenced_content(text: &str, start: usize, end: usize) -> CodeBlock {
    let first_newline = text[start..end].find('\n').map_or(end, |i| start + i + 1);
    let body = &text[first_newline..end];
    let trimmed_end = body.trim_end();
    let last_line = trimmed_end.rfind('\n').map_or(0, |i| i + 1);
    let content_end =
        if trimmed_end[last_line..].trim_start().starts_with(['`', '~']) { first_newline + last_line } else { end };
    CodeBlock { start: first_newline, end: content_end.max(first_newline) }
}

/// The `<code>` ... `</code>` regions of the text (outer ones only; nested `<code>` stays inside).
/// An unclosed `<code>` runs to the next heading-looking line or the end of the text.
pub fn code_regions(text: &str) -> Vec<std::ops::Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut regions = Vec::new();
    let mut pos = 0;
    while let Some(idx) = lower[pos..].find("<code") {
        let open = pos + idx;
        let Some(gt) = lower[open..].find('>') else {
            break;
        };
        let content_start = open + gt + 1;
        let mut depth = 1;
        let mut scan = content_start;
        let mut content_end = None;
        while depth > 0 {
            let next_open = lower[scan..].find("<code").map(|i| scan + i);
            let next_close = lower[scan..].find("</code>").map(|i| scan + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    scan = o + 5;
                }
                (_, Some(c)) => {
                    depth -= 1;
                    scan = c + 7;
                    if depth == 0 {
                        content_end = Some(c);
                    }
                }
                (_, None) => break,
            }
        }
        let (end, next) = match content_end {
            Some(c) => (c, c + 7),
            None => {
                let stop = text[content_start..]
                    .match_indices('\n')
                    .map(|(i, _)| content_start + i + 1)
                    .find(|&line| text[line..].starts_with('#'))
                    .unwrap_or(text.len());
                (stop, stop)
            }
        };
        regions.push(content_start..end);
        pos = next.max(content_start);
    }
    regions
}

/// Parses a heading line: hashes, an optional `<a name="...">`, the title text.
fn heading_line(text: &str, start: usize, end: usize, level: u8, bare_anchor: bool) -> Heading {
    let line = &text[start..end];
    let after_hashes = line.trim_start().trim_start_matches('#');
    let mut offset = start + (line.len() - after_hashes.len());
    let mut anchor = None;
    let mut visible = String::new();
    let mut visible_start = None;
    let mut rest = after_hashes;
    // Walk the line: tags are skipped (the anchor's name is kept), text is visible.
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let tag_end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..tag_end];
            if anchor.is_none() && tag.to_ascii_lowercase().starts_with("<a ") {
                anchor = anchor_name(tag).filter(|(name, _)| !name.is_empty()).map(|(name, idx)| (name, offset + idx));
            }
            rest = &rest[tag_end..];
            offset += tag_end;
        } else {
            let text_end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..text_end];
            if visible_start.is_none() && !chunk.trim().is_empty() {
                visible_start = Some(offset + (chunk.len() - chunk.trim_start().len()));
            }
            visible.push_str(chunk);
            rest = &rest[text_end..];
            offset += text_end;
        }
    }
    let text_value = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    Heading { level, bare_anchor, start, end, anchor, text: text_value, text_start: visible_start.unwrap_or(start) }
}

/// `name="x"` (or `id=`, or unquoted) inside an `<a ...>` tag, with the value's offset within the tag.
fn anchor_name(tag: &str) -> Option<(String, usize)> {
    let lower = tag.to_ascii_lowercase();
    let key = lower.find("name=").map(|i| i + 5).or_else(|| lower.find("id=").map(|i| i + 3))?;
    let rest = &tag[key..];
    let (value_start, value) = match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let inner = &rest[1..];
            let close = inner.find(q).unwrap_or(inner.len());
            (key + 1, &inner[..close])
        }
        _ => {
            let close = rest.find([' ', '>', '\t']).unwrap_or(rest.len());
            (key, &rest[..close])
        }
    };
    Some((value.trim().to_owned(), value_start + (value.len() - value.trim_start().len())))
}

fn section(
    text: &str,
    heading: Heading,
    end: usize,
    subs: &[&Heading],
    code_regions: &[std::ops::Range<usize>],
    fenced: &[CodeBlock],
    quote_ranges: &[std::ops::Range<usize>],
) -> Section {
    let start = heading.start;
    let body_start = (heading.end + 1).min(end);
    let mut bounds: Vec<(Option<Heading>, usize, usize)> = Vec::new();
    let mut part_start = body_start;
    let mut part_heading = None;
    for sub in subs {
        bounds.push((part_heading.take(), part_start, sub.start));
        part_heading = Some((*sub).clone());
        part_start = (sub.end + 1).min(end);
    }
    bounds.push((part_heading, part_start, end));

    let parts: Vec<Part> =
        bounds.into_iter().map(|(heading, start, end)| part(text, heading, start, end, code_regions, fenced)).collect();
    // URL lines come first: a URL in the prose after the header table (a workflow step) is not one of the section's.
    let preamble = &parts[0];
    let urls_end = preamble
        .tables
        .iter()
        .map(Table::start)
        .chain(preamble.code_blocks.iter().map(|c| c.start))
        .fold(preamble.end, usize::min);
    let urls = url_lines(text, body_start, urls_end, code_regions, quote_ranges);
    Section { heading, start, end, urls, parts }
}

/// URL lines: `> http://...` (also several in one quote), `<http://...>`, or a bare `http://...` line; `ws://` and
/// `wss://` too, so that a WebSocket section is recognised as one. A tab-indented line is prose rendered as code.
fn url_lines(
    text: &str,
    start: usize,
    end: usize,
    code_regions: &[std::ops::Range<usize>],
    quote_ranges: &[std::ops::Range<usize>],
) -> Vec<UrlLine> {
    let mut urls = Vec::new();
    let mut line_start = start;
    for line in text[start..end].split_inclusive('\n') {
        let this = line_start;
        line_start += line.len();
        if in_sorted_ranges(code_regions, this) {
            continue;
        }
        let in_quote = in_sorted_ranges(quote_ranges, this);
        if !in_quote && (line.starts_with('\t') || line.starts_with("    ")) {
            continue;
        }
        let mut content = line.trim_end_matches(['\n', '\r']);
        let mut offset = this;
        let stripped = content.trim_start();
        offset += content.len() - stripped.len();
        content = stripped;
        if in_quote || content.starts_with('>') {
            let unquoted = content.trim_start_matches(['>', ' ', '\t']);
            offset += content.len() - unquoted.len();
            content = unquoted;
        }
        let (url, url_offset) = if let Some(inner) = content.strip_prefix('<') {
            let close = inner.rfind('>').unwrap_or(inner.len());
            (&inner[..close], offset + 1)
        } else {
            (content, offset)
        };
        let url = url.trim_end();
        let lower = url.to_ascii_lowercase();
        let scheme = ["http://", "https://", "ws://", "wss://"].iter().any(|s| lower.starts_with(s));
        if scheme && !url.contains(char::is_whitespace) {
            urls.push(UrlLine { url: url.to_owned(), start: url_offset, end: url_offset + url.len() });
        }
    }
    urls
}

fn part(
    text: &str,
    heading: Option<Heading>,
    start: usize,
    end: usize,
    code_regions: &[std::ops::Range<usize>],
    fenced: &[CodeBlock],
) -> Part {
    let mut code_blocks: Vec<CodeBlock> = starting_in(code_regions, start, end, |r| r.start)
        .iter()
        .map(|r| CodeBlock { start: r.start, end: r.end.min(end) })
        .collect();
    code_blocks.extend(starting_in(fenced, start, end, |f| f.start).iter().cloned());
    code_blocks.sort_by_key(|c| c.start);
    // Binary searches, not scans: a part with thousands of tables or code blocks is read in n log n.
    let code_ranges: Vec<std::ops::Range<usize>> = code_blocks.iter().map(|c| c.start..c.end).collect();
    let in_code = |offset: usize| in_sorted_ranges(&code_ranges, offset);

    let mut tables = Vec::new();
    let mut pos = start;
    while let Some((table_start, _damaged)) = html::find_table_start(text, pos, end) {
        if in_code(table_start) {
            pos = table_start + 5;
            continue;
        }
        let table = html::read_table(text, table_start, end);
        pos = table.end.max(table_start + 5);
        tables.push(Table::Html(table));
    }
    // The tables were found in order and do not overlap.
    let html_ranges: Vec<std::ops::Range<usize>> = tables
        .iter()
        .filter_map(|t| match t {
            Table::Html(t) => Some(t.start..t.end),
            Table::Pipe(_) => None,
        })
        .collect();
    let mut lines = Vec::new();
    let mut line_start = start;
    for line in text[start..end].split_inclusive('\n') {
        let this = line_start;
        line_start += line.len();
        let inside_html = in_sorted_ranges(&html_ranges, this);
        if !inside_html && !in_code(this) {
            lines.push((this, line.trim_end_matches(['\n', '\r'])));
        }
    }
    tables.extend(pipe::read_tables(&lines).into_iter().map(Table::Pipe));
    tables.sort_by_key(Table::start);
    Part { heading, start, end, tables, code_blocks }
}

#[cfg(test)]
mod tests;
