use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports YAML nested deeper than 64 levels of mappings and lists.
    ///
    /// ## Why is this bad?
    /// No Sigma rule needs more than a handful of levels; such a file is generated garbage or an
    /// attempt to exhaust a parser's stack. The file is not checked further.
    ///
    /// ## Example
    /// ```yaml
    /// detection: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ ...
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4688
    ///     condition: selection
    /// ```
    pub static NESTING_TOO_DEEP = "SC004", "nesting-too-deep", Error;
}
