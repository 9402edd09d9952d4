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
    pub static INVALID_ENUM_VALUE = "SC103", "invalid-enum-value", Error;
}
