//! Autofix: applying the fixes of a file's findings (built by `crate::lints::edit`) until none
//! is left, re-checking the file after each round.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::{FileReport, Report, check_text};

use crate::diagnostics::{Applicability, Diagnostic, Edit, Fix};
use crate::lints::file::unwritable_file::UNWRITABLE_FILE;
use crate::settings::Settings;
use crate::source::SourceFile;

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
/// are left out, and a file named by two paths (a link) is fixed under the first only.
pub fn fix_report(
    report: &Report,
    settings: &Settings,
    options: Options,
    filter: &(dyn Fn(&mut Report) + Sync),
) -> Vec<FixedFile> {
    fix_report_with(report, &|_| settings, options, filter)
}

/// [`fix_report`], file `i` of the report re-checked with `settings_of(i)`, its own settings.
pub fn fix_report_with<'s>(
    report: &Report,
    settings_of: &(dyn Fn(usize) -> &'s Settings + Sync),
    options: Options,
    filter: &(dyn Fn(&mut Report) + Sync),
) -> Vec<FixedFile> {
    let mut seen = std::collections::HashSet::new();
    let files: Vec<(usize, &FileReport)> = report
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.identity.is_none_or(|id| seen.insert(id)))
        .collect();
    files
        .into_par_iter()
        .filter(|(_, f)| {
            f.diagnostics
                .iter()
                .any(|d| d.fix.as_ref().is_some_and(|x| options.applies(x)))
        })
        .filter_map(|(i, f)| {
            fix_text(
                &f.source.path,
                &f.source.text,
                settings_of(i),
                options,
                filter,
            )
        })
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

/// A fixed file that `--fix` could not write back, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritten {
    pub path: PathBuf,
    pub reason: String,
}

/// Writes every fixed file over its original; returns the files written and those that could
/// not be, each left as it was.
pub fn write_fixed(fixed: Vec<FixedFile>) -> (Vec<FixedFile>, Vec<Unwritten>) {
    let results: Vec<(FixedFile, Result<(), String>)> = fixed
        .into_par_iter()
        .map(|f| {
            let result = write_in_place(&f);
            (f, result)
        })
        .collect();
    let mut written = Vec::new();
    let mut unwritten = Vec::new();
    for (f, result) in results {
        match result {
            Ok(()) => written.push(f),
            Err(reason) => unwritten.push(Unwritten {
                path: f.path,
                reason,
            }),
        }
    }
    (written, unwritten)
}

/// Writes the fixed text in place, which keeps the file's permissions, owner and links, but
/// only while the file still holds the text that was fixed: a change made meanwhile (an editor
/// saving) is not overwritten.
fn write_in_place(f: &FixedFile) -> Result<(), String> {
    use std::io::Write;
    let current = std::fs::read(&f.path).map_err(|e| e.to_string())?;
    if current != f.original.as_bytes() {
        return Err(String::from(
            "the file changed on disk after it was checked",
        ));
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&f.path)
        .map_err(|e| e.to_string())?;
    if let Err(e) = file.write_all(f.fixed.as_bytes()) {
        // Truncated and half written (a full disk): put the original text back.
        let restored = std::io::Seek::rewind(&mut file)
            .and_then(|()| file.set_len(0))
            .and_then(|()| file.write_all(f.original.as_bytes()));
        return Err(match restored {
            Ok(()) => format!("{e}; the file was left as it was"),
            Err(_) => format!("{e}; the file may be left incomplete"),
        });
    }
    Ok(())
}

/// Reports each file `--fix` could not write as SC012 in that file's report (a report of its
/// own when the file is no longer in the pack), at the severity the settings give SC012.
pub fn report_unwritten(report: &mut Report, unwritten: &[Unwritten], settings: &Settings) {
    for u in unwritten {
        let mut d = Diagnostic::new(
            &UNWRITABLE_FILE,
            0..0,
            format!("cannot write the fixed file: {}", u.reason),
        )
        .with_help(
            "run `sigscope check --fix` again once the file can be written, or apply the fixes \
             `--diff` shows by hand",
        );
        d.severity = crate::settings::severity_for(&UNWRITABLE_FILE, &settings.severity);
        match report.files.iter_mut().find(|f| f.source.path == u.path) {
            Some(file) => {
                file.diagnostics.push(d);
                file.diagnostics
                    .sort_by(|a, b| (a.span.start, a.lint.code).cmp(&(b.span.start, b.lint.code)));
            }
            None => report.files.push(FileReport {
                source: SourceFile::new(&u.path, ""),
                diagnostics: vec![d],
                docs: Vec::new(),
                identity: None,
            }),
        }
    }
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
