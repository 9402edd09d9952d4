//! Byte offsets ↔ LSP positions: 0-based lines split at `\n`, `\r\n` and `\r`, and characters
//! counted in UTF-16 code units, as LSP 3.17 requires by default.

use lsp_types::{Position, Range};

/// The line starts of one text, for converting in both directions.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self { text, starts }
    }

    /// The position of a byte offset, clamped to the text and snapped back to a character
    /// boundary so that no span can panic the server.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character = self.text[self.starts[line]..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position; a character past the end of its line is the line's end
    /// and a line past the last is the end of the text, as LSP asks. A position inside a
    /// surrogate pair is the start of its character.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self.line_end(position.line as usize);
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        end
    }

    /// The byte offset where line `line` ends, before its line break.
    pub fn line_end(&self, line: usize) -> usize {
        let next = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = &self.text[self.starts.get(line).copied().unwrap_or(next)..next];
        next - (content.len() - content.trim_end_matches(['\n', '\r']).len())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The span of the word around `offset`, of the characters `is_word` accepts (empty when there
/// is none).
pub(super) fn word_span(
    text: &str,
    offset: usize,
    is_word: impl Fn(char) -> bool,
) -> std::ops::Range<usize> {
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(text.len(), |(i, _)| offset + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_utf16_code_units() {
        let text = "a: é😀x\nb";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or_default();
        // `a: ` is 3, `é` 1 and the emoji 2 code units.
        assert_eq!(index.position(x), Position::new(0, 6));
        assert_eq!(index.offset(Position::new(0, 6)), x);
        assert_eq!(index.position(text.len()), Position::new(1, 1));
    }

    #[test]
    fn every_line_break_of_lsp_starts_a_line() {
        let index = LineIndex::new("a\r\nb\rc\nd");
        assert_eq!(index.position(3), Position::new(1, 0));
        assert_eq!(index.position(5), Position::new(2, 0));
        assert_eq!(index.position(7), Position::new(3, 0));
        assert_eq!(index.line_end(0), 1);
        assert_eq!(index.line_end(1), 4);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\n😀";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(index.offset(Position::new(1, 1)), 3);
        assert_eq!(index.position(4), Position::new(1, 0));
    }
}
