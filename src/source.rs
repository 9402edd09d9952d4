//! Source text of one file and byte offset ↔ line/column conversion.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Device and inode numbers of a file read from disk: one file named by two paths is one file.
pub type FileIdentity = (u64, u64);

/// One input file as read from disk. `text` is kept for the whole run so every stage and
/// renderer can borrow from it; nothing reparses.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as the user named it (or as the walk produced it), used in every report.
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Built on first use: most files of a clean pack never need a line number.
    line_starts: OnceLock<Vec<usize>>,
}

/// A 1-based line and a 1-based column counted in characters (what editors and SARIF show).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr_newlines(&self.text).map(|i| i + 1))
                .collect()
        })
    }

    /// Path with `/` separators, stable across platforms for reports.
    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }

    /// Line and character column of a byte offset (clamped to the text, snapped back to a
    /// character boundary so a bad offset can never panic a renderer).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        // A byte order mark is not a column anyone can see.
        let start = if start == 0 && self.text.starts_with('\u{feff}') {
            offset.min(3)
        } else {
            start
        };
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts().get(line).copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

/// Maps saphyr's character indices to byte offsets. Built once per file; O(1) for ASCII text,
/// O(log n) otherwise.
#[derive(Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// Byte offset of every non-ASCII character, with its char index; empty for ASCII files.
    wide: Vec<(usize, usize)>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let wide = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .enumerate()
                .filter(|(_, (_, c))| !c.is_ascii())
                .map(|(ci, (bi, _))| (ci, bi))
                .collect()
        };
        Self { text, wide }
    }

    /// Byte offset of character index `ci`.
    pub fn byte(&self, ci: usize) -> usize {
        if self.wide.is_empty() {
            return ci.min(self.text.len());
        }
        // Characters before the last non-ASCII one at or before `ci` are known; the rest are ASCII.
        let k = self.wide.partition_point(|&(c, _)| c < ci);
        let byte = if k == 0 {
            ci
        } else {
            let (c, b) = self.wide[k - 1];
            let width = self.text[b..].chars().next().map_or(1, char::len_utf8);
            b + width + (ci - c - 1)
        };
        byte.min(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a.yml", "ab\nçé: x\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // `:` follows two 2-byte characters.
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_col(100), LineCol { line: 3, column: 1 });
        // Inside a multi-byte character: snapped back.
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 1 });
        let bom = SourceFile::new("b.yml", "\u{feff}ab: 1\n");
        assert_eq!(bom.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(bom.line_col(5), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn char_index_maps_to_bytes() {
        let text = "a—b✓c";
        let idx = CharIndex::new(text);
        let expected: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        for (ci, b) in expected.iter().enumerate() {
            assert_eq!(idx.byte(ci), *b, "char {ci}");
        }
        assert_eq!(idx.byte(expected.len()), text.len());
        assert_eq!(CharIndex::new("abc").byte(2), 2);
    }
}
