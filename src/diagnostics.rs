//! Our diagnostic type: what every stage produces and every renderer consumes.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::lint::{Lint, Severity};

/// A secondary place that explains the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the text of [`Label::path`]'s file, or of the diagnostic's own file.
    pub span: Range<usize>,
    /// Most labels say one of a few fixed phrases: borrowed, not allocated for each.
    pub message: Cow<'static, str>,
    /// The file the span is in when it is not the diagnostic's own file (pack-wide lints label
    /// every file involved); `None` is the same file. Shared: a pack-wide finding labels the
    /// same few files over and over.
    pub path: Option<Arc<Path>>,
}

/// One finding in one file. Spans are byte ranges into that file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub lint: &'static Lint,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    /// Text shown under the primary span; the message is used when absent.
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    /// The edit that resolves the finding, when there is one (`sigscope check --fix`).
    pub fix: Option<Fix>,
}

/// Whether `--fix` applies a fix on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps what the rule matches, or only changes metadata to what it plainly meant.
    Safe,
    /// Changes what the rule matches, or guesses what was meant (`status: tset` → `test`), or
    /// renames what other tools read; applied only with `--unsafe-fixes`.
    Unsafe,
}

/// One replacement of a byte range of the file (an empty range inserts, empty content deletes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub content: String,
}

/// A set of edits that together resolve one finding; applied all or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, imperative: "replace with `2025-01-02`".
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            message: message.into(),
            edits,
            applicability: Applicability::Safe,
        }
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            message: message.into(),
            edits,
            applicability: Applicability::Unsafe,
        }
    }
}

impl Diagnostic {
    /// A diagnostic at the lint's default severity.
    pub fn new(lint: &'static Lint, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            lint,
            severity: lint.default_severity,
            message: message.into(),
            span,
            label: None,
            secondary: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn code(&self) -> &'static str {
        self.lint.code
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn with_secondary(
        mut self,
        span: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
            path: None,
        });
        self
    }

    /// A label in another file (`path`); `span` is a byte range of that file's text.
    #[must_use]
    pub fn with_secondary_in(
        mut self,
        path: impl Into<Arc<Path>>,
        span: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
            path: Some(path.into()),
        });
        self
    }

    /// Attaches a fix; `None` (no safe edit could be built here) leaves the diagnostic as is.
    #[must_use]
    pub fn with_fix(mut self, fix: impl Into<Option<Fix>>) -> Self {
        self.fix = fix.into();
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Edit distance counting an adjacent transposition as one edit (`hihg` → `high` is 1).
pub fn edit_distance(a: &str, b: &str) -> usize {
    // Keys and words are short ASCII: compare bytes, with the rows on the stack.
    if a.is_ascii() && b.is_ascii() {
        return osa(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa(&a, &b)
}

/// Optimal string alignment distance, keeping the three rows the recurrence reads.
fn osa<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    const STACK: usize = 64;
    let w = b.len() + 1;
    let mut stack = [0usize; 3 * STACK];
    let mut heap = Vec::new();
    let d: &mut [usize] = if w <= STACK {
        &mut stack[..3 * w]
    } else {
        heap.resize(3 * w, 0);
        &mut heap
    };
    let at = |i: usize, j: usize| (i % 3) * w + j;
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[at(i, 0)] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[at(i - 1, j)] + 1)
                .min(d[at(i, j - 1)] + 1)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[at(i - 2, j - 2)] + 1);
            }
            d[at(i, j)] = v;
        }
    }
    d[at(a.len(), b.len())]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(1) || lower == c.to_lowercase())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let levels = ["informational", "low", "medium", "high", "critical"];
        assert_eq!(did_you_mean("meduim", levels), Some("medium"));
        assert_eq!(did_you_mean("hihg", levels), Some("high"));
        assert_eq!(did_you_mean("HIGH", levels), Some("high"));
        assert_eq!(did_you_mean("banana", levels), None);
        assert_eq!(edit_distance("contians", "contains"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    /// The full matrix, as the distance was first written: the rolling rows must agree.
    fn full_matrix(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let w = b.len() + 1;
        let mut d = vec![0usize; (a.len() + 1) * w];
        for i in 0..=a.len() {
            d[i * w] = i;
        }
        for (j, cell) in d.iter_mut().enumerate().take(w) {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                d[i * w + j] = v;
            }
        }
        d[a.len() * w + b.len()]
    }

    #[test]
    fn rolling_rows_agree_with_the_full_matrix() {
        let long = "x".repeat(70) + "ab";
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "ca",
            "abcdef",
            "azced",
            "logsource",
            "logsoruce",
            "falsepositives",
            "falspositives",
            "détection",
            "detection",
            "ßtraße",
            "strasse",
            long.as_str(),
            "xxba",
        ];
        for a in words {
            for b in words {
                assert_eq!(edit_distance(a, b), full_matrix(a, b), "{a:?} {b:?}");
            }
        }
    }
}
