//! Source text of one file, byte offset ↔ line/column conversion, and the escaping that keeps
//! control characters from rule text, paths and arguments out of every output.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;
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

/// Whether a terminal could act on `c`: the C0 controls but tab, line feed and carriage return,
/// DEL, and the C1 controls (U+0080–U+009F; `ESC [` and U+009B both start a control sequence).
pub fn is_terminal_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// The bytes that start an [`is_terminal_control`] character: the C0 controls but tab, LF and
/// CR, DEL, and C2, the first byte of U+0080–U+009F (and of other characters).
static CONTROL_START: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = !matches!(c as u8, b'\t' | b'\n' | b'\r');
        c += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    t
};

/// Byte offset of the first [`is_terminal_control`] character of `text`. Whole pages of the
/// site go through it: a 64-byte chunk is first tested without a branch per byte (which the
/// compiler turns into vector instructions), and only a chunk that may hold such a character
/// is looked at byte by byte.
fn first_control(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let exact = |at: usize| {
        CONTROL_START[usize::from(b[at])]
            && (b[at] != 0xc2 || matches!(b.get(at + 1), Some(0x80..=0x9f)))
    };
    let mut at = 0;
    let mut chunks = b.chunks_exact(64);
    for chunk in &mut chunks {
        let maybe = chunk.iter().fold(0u8, |acc, &x| {
            let c0 = ((x & 0xe0) == 0) & (x != b'\t') & (x != b'\n') & (x != b'\r');
            acc | u8::from(c0 | (x == 0x7f) | (x == 0xc2))
        });
        if maybe != 0
            && let Some(i) = (at..at + 64).find(|&i| exact(i))
        {
            return Some(i);
        }
        at += 64;
    }
    (at..b.len()).find(|&i| exact(i))
}

/// `text` with every [`is_terminal_control`] character written as Rust escapes it (`\u{1b}`),
/// for any text that came from a rule, a path or an argument and is about to be shown: a rule
/// must not be able to clear a terminal or retitle its window. Borrowed when there is none.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let Some(first) = first_control(text) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if is_terminal_control(c) {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with DEL and the C1 controls written as `\u007f`–`\u009f` escapes. serde_json
/// escapes the C0 controls itself but writes these raw; they can only occur inside strings, so
/// the text stays valid JSON (and JavaScript) with the same values.
pub fn escape_json_controls(json: String) -> String {
    // serde_json has escaped the C0 controls: only DEL and C2 can start what is left.
    let b = json.as_bytes();
    let any = memchr::memchr2_iter(0x7f, 0xc2, b)
        .any(|i| b[i] == 0x7f || matches!(b.get(i + 1), Some(0x80..=0x9f)));
    if !any {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_terminal_control(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// One escaped character: its byte range in the original text and in the shown text.
#[derive(Debug, Clone)]
struct Jump {
    original: Range<usize>,
    shown: Range<usize>,
}

/// A text as a snippet shows it, [`escape_controls`] applied, with byte offsets mapped between
/// the two. Without control characters both are the same text and every offset maps to itself.
#[derive(Debug, Clone)]
pub struct ShownText {
    pub original: Arc<str>,
    pub shown: Arc<str>,
    jumps: Arc<[Jump]>,
}

impl ShownText {
    pub fn new(original: Arc<str>) -> Self {
        let (shown, jumps) = match escape_controls(&original) {
            Cow::Borrowed(_) => (original.clone(), Vec::new()),
            Cow::Owned(shown) => {
                let mut jumps = Vec::new();
                let mut delta = 0;
                for (at, c) in original
                    .char_indices()
                    .filter(|(_, c)| is_terminal_control(*c))
                {
                    let len = c.escape_unicode().count();
                    jumps.push(Jump {
                        original: at..at + c.len_utf8(),
                        shown: at + delta..at + delta + len,
                    });
                    delta += len - c.len_utf8();
                }
                (Arc::from(shown), jumps)
            }
        };
        Self {
            original,
            shown,
            jumps: jumps.into(),
        }
    }

    /// Offset in the shown text of byte `offset` of the original.
    pub fn to_shown(&self, offset: usize) -> usize {
        let k = self.jumps.partition_point(|j| j.original.start < offset);
        match k.checked_sub(1).map(|k| &self.jumps[k]) {
            None => offset,
            Some(j) => j.shown.end + offset.saturating_sub(j.original.end),
        }
    }

    /// Offset in the original of byte `offset` of the shown text; inside an escape, the
    /// escaped character's start.
    pub fn to_original(&self, offset: usize) -> usize {
        let k = self.jumps.partition_point(|j| j.shown.start < offset);
        match k.checked_sub(1).map(|k| &self.jumps[k]) {
            None => offset,
            Some(j) if offset < j.shown.end => j.original.start,
            Some(j) => j.original.end + (offset - j.shown.end),
        }
    }

    pub fn span(&self, span: &Range<usize>) -> Range<usize> {
        self.to_shown(span.start)..self.to_shown(span.end)
    }
}

/// A file for a miette snippet: the [`ShownText`] of its text, under a name. Its header
/// (`╭─[file:line:col]`) counts the column in characters of the original text, as every other
/// position sigscope prints does; miette's own `str` source counts bytes, which disagrees on
/// lines with non-ASCII text (or an escaped control character) before the span.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub name: String,
    pub text: ShownText,
}

impl miette::SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let shown = &self.text.shown;
        let inner = shown.as_ref().read_span(span, before, after)?;
        let bytes = inner.column();
        let original = &self.text.original;
        let column = span
            .offset()
            .checked_sub(bytes)
            .map(|start| self.text.to_original(start)..self.text.to_original(span.offset()))
            .and_then(|r| original.get(r))
            .map_or(bytes, |s| s.chars().count());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
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

    #[test]
    fn escapes_what_a_terminal_acts_on() {
        assert_eq!(escape_controls("plain é\t\r\n"), "plain é\t\r\n");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("\u{1b}[2J\u{1b}]0;x\u{7}\0\u{7f}\u{9b}\u{85}\u{a0}"),
            "\\u{1b}[2J\\u{1b}]0;x\\u{7}\\u{0}\\u{7f}\\u{9b}\\u{85}\u{a0}"
        );
        let json = serde_json::to_string("a\u{1b}\u{7f}\u{9b}b\n").unwrap_or_default();
        let escaped = escape_json_controls(json);
        assert_eq!(escaped, r#""a\u001b\u007f\u009bb\n""#);
        let back: String = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back, "a\u{1b}\u{7f}\u{9b}b\n");
    }

    #[test]
    fn first_control_is_found_wherever_it_is() {
        let naive = |t: &str| {
            t.char_indices()
                .find(|(_, c)| is_terminal_control(*c))
                .map(|(i, _)| i)
        };
        let pieces = [
            "a", "\n", "\t", "\r", "é", "\u{1b}", "\u{7f}", "\u{9b}", "\u{a0}", "Â", "\u{85}",
            "xyz",
        ];
        // Every string of up to four pieces, at every offset of an eight-byte word.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for t in &texts {
                for p in pieces {
                    next.push(format!("{t}{p}"));
                }
            }
            texts.extend(next);
        }
        for t in &texts {
            for pad in 0..8 {
                let padded = format!("{}{t}", "-".repeat(pad));
                assert_eq!(first_control(&padded), naive(&padded), "{padded:?}");
            }
        }
    }

    #[test]
    fn shown_text_maps_offsets_both_ways() {
        let text: Arc<str> = Arc::from("a\u{1b}b\u{9b}c\nd");
        let t = ShownText::new(text.clone());
        assert_eq!(&*t.shown, "a\\u{1b}b\\u{9b}c\nd");
        // Every character boundary of the original lands on the same character shown.
        for (at, c) in text.char_indices() {
            let shown = t.to_shown(at);
            assert_eq!(t.to_original(shown), at, "{c:?}");
            let want = if is_terminal_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            };
            assert!(t.shown[shown..].starts_with(&want), "{c:?} at {at}");
        }
        assert_eq!(t.to_shown(text.len()), t.shown.len());
        assert_eq!(t.span(&(1..2)), 1..7);
        // Inside an escape: the escaped character.
        assert_eq!(t.to_original(3), 1);
        let plain = ShownText::new(Arc::from("abc"));
        assert!(Arc::ptr_eq(&plain.original, &plain.shown));
        assert_eq!(plain.span(&(1..3)), 1..3);
    }
}
