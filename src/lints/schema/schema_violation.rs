use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a value that breaks the Sigma v2.1 schema in a way none of the more specific
    /// schema lints (SC101–SC106) describes, for example a value that fits none of the allowed
    /// shapes.
    ///
    /// ## Why is this bad?
    /// Sigma tools reject or misread documents that do not follow the specification; SigmaHQ's
    /// CI refuses them.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition: 10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 10
    /// ```
    ///
    /// ## Fix
    /// Only a repeated item of a list (`uniqueItems`) has a fix: `--fix` removes the later copy,
    /// with its line and any comment on that line. Safe: the list means the same without it.
    pub static SCHEMA_VIOLATION = "SC100", "schema-violation", Error, fix = Sometimes;
}
