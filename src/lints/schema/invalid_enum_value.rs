use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a value outside the fixed set the specification allows: `level`, `status`,
    /// `related[].type`, the correlation `type`, and similar.
    ///
    /// ## Why is this bad?
    /// A misspelt `level` such as `meduim` is dropped or rejected by converters, so the alert is
    /// raised at the wrong priority or not at all.
    ///
    /// ## Example
    /// ```yaml
    /// level: meduim
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// level: medium
    /// ```
    ///
    /// ## Fix
    /// `--fix` writes the allowed value that differs only by case (`level: High` → `high`),
    /// keeping the quotes. Safe: it is the only value the text can stand for.
    ///
    /// `--fix --unsafe-fixes` also replaces a misspelling with the suggestion (`meduim` →
    /// `medium`). Unsafe: the suggestion is the closest allowed value, not necessarily the one
    /// meant, and the level or status decides how the alert is handled.
    ///
    /// No fix without a suggestion, or for a value that is not a string (a number, `null`).
    pub static INVALID_ENUM_VALUE = "SC103", "invalid-enum-value", Error, fix = Sometimes;
}
