use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a rule file whose name does not follow SigmaHQ's
    /// convention: lowercase letters, digits and underscores, at least one underscore, 10 to 90
    /// characters before the extension, and the extension `.yml`. This is what SigmaHQ's
    /// `sigmahq_filename_convention` validator and the `test_file_names` repository test
    /// enforce. Reported once per file, on the first key of its first document.
    ///
    /// ## Why is this bad?
    /// SigmaHQ's CI rejects the file, and names that differ only in case or separators
    /// (`Proc-Creation.yaml`, `proc_creation.yml`) make duplicates hard to see and break on
    /// case-insensitive file systems. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```text
    /// rules/windows/process_creation/Proc-Creation-Certutil.yaml
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// rules/windows/process_creation/proc_creation_win_certutil_download.yml
    /// ```
    pub static UNCONVENTIONAL_FILE_NAME = "SC230", "unconventional-file-name", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Shortest and longest file name without the `.yml` extension.
const MIN_STEM: usize = 10;
const MAX_STEM: usize = 90;

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    if !is_first_document(ctx) {
        return;
    }
    let Some(name) = file_name(&ctx.source.path) else {
        return;
    };
    let Some(problem) = problem(name) else {
        return;
    };
    out.push(
        Diagnostic::new(
            &UNCONVENTIONAL_FILE_NAME,
            anchor(ctx),
            format!("file name `{name}` does not follow SigmaHQ's convention: {problem}"),
        )
        .with_help(format!(
            "rename the file to `{}`: lowercase letters, digits and `_`, {MIN_STEM} to {MAX_STEM} characters, ending in `.yml`",
            suggestion(name)
        )),
    );
}

/// What is wrong with `name`, or `None` when it follows the convention.
fn problem(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    if ext != "yml" {
        return Some(format!("the extension is `.{ext}`, not `.yml`"));
    }
    if let Some(bad) = stem
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Some(if bad.is_uppercase() {
            format!("it contains the uppercase letter `{bad}`")
        } else {
            format!("it contains `{bad}`")
        });
    }
    if !stem.contains('_') {
        return Some(String::from("it has no `_` between words"));
    }
    let len = stem.chars().count();
    if len < MIN_STEM {
        return Some(format!(
            "it has {len} characters before `.yml`, fewer than {MIN_STEM}"
        ));
    }
    if len > MAX_STEM {
        return Some(format!(
            "it has {len} characters before `.yml`, more than {MAX_STEM}"
        ));
    }
    None
}

/// `name` rewritten to the convention's alphabet (length is left to the author).
fn suggestion(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut out = String::with_capacity(stem.len() + 4);
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    format!("{trimmed}.yml")
}

/// The file name of `path`, when it is valid UTF-8.
pub(crate) fn file_name(path: &Path) -> Option<&str> {
    path.file_name()?.to_str()
}

/// Whether the document is the first of its file: everything before it is blank lines,
/// comments, directives and `---`. File-level findings are reported once, on this document.
pub(crate) fn is_first_document(ctx: &DocContext<'_>) -> bool {
    let before = ctx
        .text()
        .get(..ctx.doc.root.span.start)
        .unwrap_or_default();
    // Backwards, so that a later document stops at the end of the one before it.
    before.lines().rev().all(|line| {
        let t = line.trim();
        t.is_empty() || t.starts_with('#') || t.starts_with('%') || t.starts_with("---")
    })
}

/// Whether a `---` document marker follows the document's start. Linear in the file; call it
/// for the first document only.
pub(crate) fn has_later_document(ctx: &DocContext<'_>) -> bool {
    ctx.text()
        .get(ctx.doc.root.span.start..)
        .is_some_and(|rest| rest.lines().any(|l| l.starts_with("---")))
}

/// Where a file-level finding points: the first key of the document (usually `title`).
pub(crate) fn anchor(ctx: &DocContext<'_>) -> std::ops::Range<usize> {
    ctx.doc
        .root
        .as_mapping()
        .and_then(|m| m.first())
        .map_or_else(|| ctx.doc.root.span.clone(), |e| e.key.span.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(problem("proc_creation_win_certutil.yml"), None);
        assert!(problem("Proc_creation_win.yml").is_some());
        assert!(problem("proc_creation_win.yaml").is_some());
        assert!(problem("proccreation.yml").is_some());
        assert!(problem("a_b.yml").is_some());
        assert!(problem(&format!("{}_x.yml", "a".repeat(89))).is_some());
        assert_eq!(problem(&format!("{}_x.yml", "a".repeat(88))), None);
        assert_eq!(
            suggestion("Proc-Creation Win.yaml"),
            "proc_creation_win.yml"
        );
    }
}
