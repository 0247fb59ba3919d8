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
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(idx, _)| idx + 1));
        SourceFile { name: name.into(), text, line_starts }
    }

    /// The 1-based line and character column of a byte offset.
    pub fn loc(&self, offset: usize) -> Loc {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_idx = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_idx];
        let col = self.text[line_start..offset].chars().count() + 1;
        Loc { line: (line_idx + 1) as u32, col: col as u32 }
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

#[cfg(test)]
mod tests {
    use super::*;

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
