use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a `# sigscope:` comment that is not a valid suppression: an unknown directive,
    /// a missing or empty code list, or a code that is no lint's code or group prefix.
    ///
    /// ## Why is this bad?
    /// A suppression with a typo suppresses nothing, silently: the finding it was meant to
    /// silence is still reported and the comment misleads the next reader.
    ///
    /// ## Example
    /// ```yaml
    /// # sigscope: ignore SC301
    /// condition: selection or filter
    /// # sigscope: ignore[SC9999]
    /// level: high
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # sigscope: ignore[SC301]
    /// condition: selection or filter
    /// ```
    pub static MALFORMED_SUPPRESSION = "SC011", "malformed-suppression", Warning;
}
