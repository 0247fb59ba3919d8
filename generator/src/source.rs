//! Source files and byte spans: the only location types of the generator.
//!
//! Every phase points into the original text with a [`Span`] (a byte range into one [`SourceFile`]).
//! The IR stores the human form ([`crate::ir::Loc`], line and column), computed here.

use crate::ir::Loc;

/// Identifies a source file within one generator run (its index in the list the caller passed).
pub type FileId = usize;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start, end: end.max(start) }
    }
}

/// One input text and its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name diagnostics print (a path relative to the project root, with `/`).
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// `chars_before[k]`: how many characters start before byte `k * CHECKPOINT`. A column is then counted from
    /// the nearest checkpoint, not from the line start: on a file that is one long line, counting from the line
    /// start for every diagnostic made rendering quadratic.
    chars_before: Vec<usize>,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 128;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(byte: &u8) -> bool {
    (byte & 0xC0) != 0x80
}

impl SourceFile {
    /// A file's text and its line index. Line breaks are `\n`, `\r\n` and a lone `\r`: the caller passes text whose
    /// lone `\r`s are already `\n`s (see [`normalize_line_breaks`]), so that every phase sees the same lines.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(idx, _)| idx + 1));
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(CHECKPOINT) {
            chars_before.push(count);
            count += block.iter().filter(|b| starts_char(b)).count();
        }
        chars_before.push(count);
        SourceFile { name: name.into(), text, line_starts, chars_before }
    }

    /// How many characters start before byte `offset`.
    fn chars_until(&self, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let from = block * CHECKPOINT;
        self.chars_before[block] + self.text.as_bytes()[from..offset].iter().filter(|b| starts_char(b)).count()
    }

    /// The 1-based line and character column of a byte offset.
    pub fn loc(&self, offset: usize) -> Loc {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_idx = self.line_index(offset);
        let line_start = self.line_starts[line_idx];
        // Near the line start (most offsets), counting the few bytes between is cheaper than two checkpoint counts.
        let chars = if offset - line_start <= CHECKPOINT {
            self.text.as_bytes()[line_start..offset].iter().filter(|b| starts_char(b)).count()
        } else {
            self.chars_until(offset) - self.chars_until(line_start)
        };
        let col = chars + 1;
        Loc { line: (line_idx + 1) as u32, col: col as u32 }
    }

    /// The 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The byte range of 0-based line `line_idx`, with its line break.
    pub fn line_range(&self, line_idx: usize) -> std::ops::Range<usize> {
        let start = self.line_starts.get(line_idx).copied().unwrap_or(self.text.len());
        let end = self.line_starts.get(line_idx + 1).copied().unwrap_or(self.text.len());
        start..end
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// A doc's text with every lone `\r` (one not followed by `\n`) made a `\n`: old Mac line endings are line breaks,
/// as `\r\n` already is. Both are one byte, so every byte offset (and every span) stays the same.
pub fn normalize_line_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |idx: usize| bytes[idx] == b'\r' && bytes.get(idx + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let out: Vec<u8> = (0..bytes.len()).map(|idx| if lone(idx) { b'\n' } else { bytes[idx] }).collect();
    // Only ASCII `\r` bytes were replaced, by ASCII `\n`: the bytes are still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).expect("replacing one ASCII byte by another keeps UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_cr_is_a_line_break() {
        assert_eq!(normalize_line_breaks("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(matches!(normalize_line_breaks("a\r\nb\n"), std::borrow::Cow::Borrowed(_)));
        let file = SourceFile::new("a.md", normalize_line_breaks("# t\r## s\rx").into_owned());
        assert_eq!(file.loc(4), Loc { line: 2, col: 1 });
        assert_eq!(file.loc(9), Loc { line: 3, col: 1 });
    }

    #[test]
    fn columns_on_a_long_line_count_characters() {
        let text = format!("{}主{}x", "a".repeat(3000), "b".repeat(2000));
        let file = SourceFile::new("a.md", text.clone());
        let x = text.find('x').unwrap();
        assert_eq!(file.loc(x), Loc { line: 1, col: 5002 });
        assert_eq!(file.loc(3000), Loc { line: 1, col: 3001 });
        assert_eq!(file.loc(3003), Loc { line: 1, col: 3002 });
    }

    #[test]
    fn loc_counts_characters_not_bytes() {
        let file = SourceFile::new("a.md", "ab\n主机x\n");
        assert_eq!(file.loc(0), Loc { line: 1, col: 1 });
        assert_eq!(file.loc(3), Loc { line: 2, col: 1 });
        assert_eq!(file.loc(9), Loc { line: 2, col: 3 });
        assert_eq!(file.loc(10), Loc { line: 2, col: 4 });
        assert_eq!(file.loc(11), Loc { line: 3, col: 1 });
    }
}
