//! Decoding one table cell's HTML into text, through scraper (html5ever).
//!
//! Cells hold a little inline HTML: `<br/>` line breaks, `<b>` markers around enum values, entities such as
//! `&lt;Empty&gt;` and `&nbsp;`. html5ever decodes them the way a browser would. Before that, angle-bracket words
//! that are not HTML tags (`List<String>`, `<imageid>`) are escaped, so the parser cannot eat them as tags.

use scraper::{Html, Node};

/// A cell's text, and the bold runs inside it (enum values are marked that way).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CellText {
    /// The text with tags removed: `<br>` and block ends become `\n`, each line trimmed, blank lines dropped.
    pub text: String,
    /// Byte ranges of bold runs within `text`, in order.
    pub bold: Vec<(usize, usize)>,
}

/// Inline tags that the doc family uses inside cells; any other `<word>` is text.
const HTML_TAGS: &[&str] = &[
    "a",
    "b",
    "br",
    "code",
    "div",
    "em",
    "font",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "hr",
    "del",
    "s",
    "small",
    "big",
    "center",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
];

/// Escapes `<` that does not open (or close) a known HTML tag.
pub fn escape_non_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(idx) = rest.find('<') {
        out.push_str(&rest[..idx]);
        let after = &rest[idx + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let is_tag = HTML_TAGS.contains(&name.as_str()) && {
            let next = after.trim_start_matches('/')[name.len()..].chars().next();
            matches!(next, None | Some('>' | '/' | ' ' | '\t' | '\n' | '\r'))
        };
        out.push_str(if is_tag { "<" } else { "&lt;" });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Decodes a cell's inner HTML.
pub fn decode(html: &str) -> CellText {
    if !html.contains(['<', '&']) {
        return from_raw_text(html);
    }
    let fragment = Html::parse_fragment(&escape_non_tags(html));
    let mut builder = Builder::default();
    builder.walk(fragment.root_element().id(), &fragment);
    builder.finish()
}

/// A cell without markup: what [`Builder::text`] and [`Builder::finish`] would make of it, without the byte map
/// that keeps bold runs in place (there are none). Source whitespace (`\n`, `\r`, `\t`, no-break space) is a space,
/// runs of spaces are one, and the ends are trimmed; a cell that needs none of that is copied as it is.
fn from_raw_text(text: &str) -> CellText {
    let is_soft_space = |ch: char| matches!(ch, ' ' | '\n' | '\r' | '\t' | '\u{a0}');
    // One pass over the bytes: a no-break space is the two bytes C2 A0, and only a space after a space collapses.
    let bytes = text.as_bytes();
    let needs_cleaning = text.starts_with(is_soft_space)
        || text.ends_with(is_soft_space)
        || bytes.iter().enumerate().any(|(idx, &byte)| match byte {
            b'\n' | b'\r' | b'\t' => true,
            b' ' => idx > 0 && bytes[idx - 1] == b' ',
            0xA0 => idx > 0 && bytes[idx - 1] == 0xC2,
            _ => false,
        });
    if !needs_cleaning {
        return CellText { text: text.to_owned(), bold: Vec::new() };
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_soft_space).filter(|word| !word.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    CellText { text: out, bold: Vec::new() }
}

#[derive(Default)]
struct Builder {
    raw: String,
    bold: Vec<(usize, usize)>,
}

impl Builder {
    fn walk(&mut self, id: ego_tree::NodeId, html: &Html) {
        let Some(node) = html.tree.get(id) else {
            return;
        };
        for child in node.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(element) => {
                    let name = element.name();
                    match name {
                        "br" => self.raw.push('\n'),
                        "b" | "strong" => {
                            let start = self.raw.len();
                            self.walk(child.id(), html);
                            self.bold.push((start, self.raw.len()));
                        }
                        "p" | "div" | "li" | "tr" => {
                            self.raw.push('\n');
                            self.walk(child.id(), html);
                            self.raw.push('\n');
                        }
                        _ => self.walk(child.id(), html),
                    }
                }
                _ => {}
            }
        }
    }

    fn text(&mut self, text: &str) {
        // Newlines in the source are soft: a browser shows them as spaces.
        for ch in text.chars() {
            self.raw.push(match ch {
                '\n' | '\r' | '\t' | '\u{a0}' => ' ',
                other => other,
            });
        }
    }

    /// Trims every line and collapses runs of spaces, keeping the bold ranges pointing at the same characters.
    fn finish(self) -> CellText {
        let mut text = String::with_capacity(self.raw.len());
        let mut map = vec![0usize; self.raw.len() + 1];
        let mut pending_space = false;
        let mut pending_newline = false;
        for (idx, ch) in self.raw.char_indices() {
            map[idx] = text.len();
            match ch {
                '\n' => {
                    pending_newline = !text.is_empty();
                    pending_space = false;
                }
                ' ' => pending_space = !text.is_empty() && !pending_newline,
                _ => {
                    if pending_newline {
                        text.push('\n');
                    } else if pending_space {
                        text.push(' ');
                    }
                    pending_newline = false;
                    pending_space = false;
                    map[idx] = text.len();
                    text.push(ch);
                }
            }
            let filled = text.len();
            for slot in &mut map[idx + 1..idx + ch.len_utf8()] {
                *slot = filled;
            }
        }
        map[self.raw.len()] = text.len();
        let bold = self
            .bold
            .into_iter()
            .map(|(start, end)| (map[start], map[end].max(map[start])))
            .map(|(start, end)| {
                // A bold run ends where its last visible character ends, not after a trailing space.
                let trimmed = text[start..end].trim_end().len();
                (start, start + trimmed)
            })
            .filter(|(start, end)| end > start)
            .collect();
        CellText { text, bold }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_breaks_bold_and_entities() {
        let cell = decode("重启动作，两选项：<br/><b>SOFT</b>软重启；<br/><b>HARD</b>硬重启；");
        assert_eq!(cell.text, "重启动作，两选项：\nSOFT软重启；\nHARD硬重启；");
        let bold: Vec<&str> = cell.bold.iter().map(|&(s, e)| &cell.text[s..e]).collect();
        assert_eq!(bold, ["SOFT", "HARD"]);
        assert_eq!(decode("&lt;Empty&gt;").text, "<Empty>");
    }

    #[test]
    fn keeps_generic_types_and_placeholders() {
        assert_eq!(decode("List<String>").text, "List<String>");
        assert_eq!(decode("Map<String, List<Long>> <b>x</b>").text, "Map<String, List<Long>> x");
    }

    #[test]
    fn source_newlines_are_spaces_and_runs_collapse() {
        assert_eq!(decode("  a\n\tb  <br>\n c ").text, "a b\nc");
    }

    #[test]
    fn cells_without_markup_read_as_the_builder_reads_them() {
        // The plain-text path must give what the builder gives the same text (it skips html5ever and the byte map).
        let cases = [
            "",
            " ",
            "a",
            "param1",
            " a",
            "a ",
            "a  b",
            "a\nb",
            "a\r\nb",
            "\ta\t",
            "a\u{a0}b",
            "\u{a0}",
            "第1个参数",
            "a \u{3000} b",
            "  多  个  空格  ",
            "x\u{a0}\u{a0} y",
        ];
        for case in cases {
            let mut builder = Builder::default();
            builder.text(case);
            assert_eq!(from_raw_text(case), builder.finish(), "{case:?}");
        }
    }
}
