//! Autofix: applying the fixes of a file's findings (built by `crate::lints::edit`) until none
//! is left, re-checking the file after each round.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::{Report, check_text};

use crate::diagnostics::{Applicability, Diagnostic, Edit, Fix};
use crate::settings::Settings;

/// Fixing stops after this many rounds; each round re-checks the file, so a fix that makes
/// another one possible (a tag lower-cased, then found to be a duplicate) is applied too.
const MAX_ROUNDS: usize = 10;

/// Which fixes `--fix` applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also apply fixes that change what a rule matches (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

impl Options {
    pub fn applies(self, fix: &Fix) -> bool {
        fix.applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// A file whose text the fixes changed.
#[derive(Debug, Clone)]
pub struct FixedFile {
    pub path: PathBuf,
    pub original: String,
    pub fixed: String,
    /// How many findings were fixed, per lint code.
    pub fixed_codes: BTreeMap<&'static str, usize>,
}

impl FixedFile {
    pub fn count(&self) -> usize {
        self.fixed_codes.values().sum()
    }

    /// A unified diff of the change, with `a/` and `b/` paths as `git diff` writes them.
    pub fn unified_diff(&self) -> String {
        let path = self.path.to_string_lossy().replace('\\', "/");
        let path = path.trim_start_matches("./").trim_start_matches('/');
        similar::TextDiff::from_lines(&self.original, &self.fixed)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string()
    }
}

/// Fixes every file of `report` that has a finding with an applicable fix, in parallel.
/// `filter` is applied to each re-check exactly as to the run's own report (a baseline), so
/// only findings the run reports are fixed. Files come back in report order; unchanged files
/// are left out.
pub fn fix_report(
    report: &Report,
    settings: &Settings,
    options: Options,
    filter: &(dyn Fn(&mut Report) + Sync),
) -> Vec<FixedFile> {
    report
        .files
        .par_iter()
        .filter(|f| {
            f.diagnostics
                .iter()
                .any(|d| d.fix.as_ref().is_some_and(|x| options.applies(x)))
        })
        .filter_map(|f| fix_text(&f.source.path, &f.source.text, settings, options, filter))
        .collect()
}

/// Applies the fixes of one file's findings, re-checking after each round; `None` when nothing
/// changed.
pub fn fix_text(
    path: &Path,
    text: &str,
    settings: &Settings,
    options: Options,
    filter: &(dyn Fn(&mut Report) + Sync),
) -> Option<FixedFile> {
    let mut current = text.to_owned();
    let mut fixed_codes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let mut report = check_text(path, current.clone().into_bytes(), settings);
        filter(&mut report);
        let diagnostics: Vec<&Diagnostic> = report
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.fix.as_ref().is_some_and(|x| options.applies(x)))
            .collect();
        if diagnostics.is_empty() {
            break;
        }
        let (next, applied) = apply(&current, &diagnostics);
        if next == current {
            break;
        }
        for d in applied {
            *fixed_codes.entry(d.code()).or_default() += 1;
        }
        current = next;
    }
    (current != text).then(|| FixedFile {
        path: path.to_path_buf(),
        original: text.to_owned(),
        fixed: current,
        fixed_codes,
    })
}

/// Applies the fixes of `diagnostics` that do not overlap an earlier one (by position) and
/// returns the new text with the diagnostics whose fix went in. A fix identical to one already
/// applied (two lints reporting the same repeated tag) counts as applied too.
pub fn apply<'d>(text: &str, diagnostics: &[&'d Diagnostic]) -> (String, Vec<&'d Diagnostic>) {
    let mut order: Vec<&Diagnostic> = diagnostics
        .iter()
        .copied()
        .filter(|d| d.fix.as_ref().is_some_and(|f| valid(text, f)))
        .collect();
    order.sort_by_key(|d| {
        let f = d.fix.as_ref().map(first_start).unwrap_or_default();
        (f, d.span.start, d.lint.code)
    });
    let mut taken: Vec<&Fix> = Vec::new();
    let mut edits: BTreeMap<usize, &Edit> = BTreeMap::new();
    let mut applied = Vec::new();
    for d in order {
        let Some(fix) = &d.fix else { continue };
        if taken.iter().any(|t| t.edits == fix.edits) {
            applied.push(d);
            continue;
        }
        if fix.edits.iter().any(|e| overlaps(&edits, e)) || self_overlapping(fix) {
            continue;
        }
        for e in &fix.edits {
            edits.insert(e.span.start, e);
        }
        taken.push(fix);
        applied.push(d);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits.values() {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.content);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

fn first_start(fix: &Fix) -> usize {
    fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0)
}

/// Spans inside the text and on character boundaries; a fix that is not is never applied.
fn valid(text: &str, fix: &Fix) -> bool {
    !fix.edits.is_empty()
        && fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        })
}

/// Two edits conflict when their ranges overlap, or when both insert at the same place (their
/// order would be arbitrary). Ranges that only touch do not conflict.
fn conflicts(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

fn overlaps(edits: &BTreeMap<usize, &Edit>, e: &Edit) -> bool {
    let before = edits.range(..=e.span.start).next_back();
    let after = edits.range(e.span.start..).next();
    before
        .into_iter()
        .chain(after)
        .any(|(_, x)| conflicts(&x.span, &e.span))
}

fn self_overlapping(fix: &Fix) -> bool {
    let mut spans: Vec<&Range<usize>> = fix.edits.iter().map(|e| &e.span).collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans.windows(2).any(|w| conflicts(w[0], w[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::file::yaml_syntax::YAML_SYNTAX;

    fn diag(at: usize, edits: Vec<Edit>) -> Diagnostic {
        Diagnostic::new(&YAML_SYNTAX, at..at, "x").with_fix(Fix::safe("x", edits))
    }

    fn edit(span: Range<usize>, content: &str) -> Edit {
        Edit {
            span,
            content: content.into(),
        }
    }

    #[test]
    fn applies_non_overlapping_fixes_in_order() {
        let a = diag(0, vec![edit(0..1, "A")]);
        let b = diag(2, vec![edit(2..4, "")]);
        let c = diag(3, vec![edit(3..5, "Z")]);
        let same = diag(9, vec![edit(2..4, "")]);
        let (out, applied) = apply("abcdef", &[&c, &b, &a, &same]);
        assert_eq!(out, "Abef");
        assert_eq!(applied.len(), 3);
        let insert_twice = [
            diag(0, vec![edit(1..1, "x")]),
            diag(0, vec![edit(1..1, "y")]),
        ];
        let (out, _) = apply("ab", &[&insert_twice[0], &insert_twice[1]]);
        assert_eq!(out, "axb");
        let bad = diag(0, vec![edit(5..9, "")]);
        assert_eq!(apply("ab", &[&bad]).0, "ab");
    }
}
