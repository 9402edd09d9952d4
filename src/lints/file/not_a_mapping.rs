use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a YAML document whose top level is a list or a plain value instead of a mapping
    /// of keys such as `title`, `logsource` and `detection`.
    ///
    /// ## Why is this bad?
    /// A Sigma rule, correlation or filter is always a mapping; anything else is not a rule.
    ///
    /// ## Example
    /// ```yaml
    /// - title: Suspicious Rundll32 Activity
    /// - detection: ...
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Suspicious Rundll32 Activity
    /// detection: ...
    /// ```
    pub static NOT_A_MAPPING = "SC008", "not-a-mapping", Error;
}
