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
