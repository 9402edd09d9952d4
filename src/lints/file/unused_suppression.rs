use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports an inline suppression comment (`# sigscope: ignore[SC301]` or
    /// `# sigscope: ignore-file[SC2]`) that suppresses nothing: no finding of the named codes
    /// is on the line it applies to (or, for `ignore-file`, anywhere in the file). When only
    /// some codes of the list are unused, each unused code is reported.
    ///
    /// ## Why is this bad?
    /// Suppressions rot: the rule is fixed or the lint changes, and the comment stays behind,
    /// ready to hide a real problem that appears on that line later. Codes of lints that are
    /// turned off in this run (by `select`/`ignore` or the profile) are not reported.
    ///
    /// ## Example
    /// ```yaml
    /// title: Suspicious Rundll32 Activity  # sigscope: ignore[SC203]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Suspicious Rundll32 Activity
    /// ```
    pub static UNUSED_SUPPRESSION = "SC010", "unused-suppression", Warning;
}

/// The finding for a whole suppression comment (`comment`, at `span`) that suppresses nothing;
/// `file_wide` for `ignore-file`.
pub fn whole(comment: &str, span: Range<usize>, file_wide: bool) -> Diagnostic {
    let what = if file_wide {
        "in this file"
    } else {
        "on the line it applies to"
    };
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        span,
        format!("suppression `{comment}` suppresses nothing {what}"),
    )
    .with_label("unused suppression")
    .with_help("remove the comment")
}

/// The finding for one code of a suppression's list (at `span`) that suppresses nothing.
pub fn one_code(code: &str, span: Range<usize>) -> Diagnostic {
    Diagnostic::new(
        &UNUSED_SUPPRESSION,
        span,
        format!("`{code}` in this suppression suppresses nothing"),
    )
    .with_label("unused code")
    .with_help(format!("remove `{code}` from the list"))
}
