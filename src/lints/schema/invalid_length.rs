use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a value too long or too short for the specification: a `title` over 256
    /// characters, an empty list where at least one item is required (`rules` of a correlation,
    /// `references`), an empty string.
    ///
    /// ## Why is this bad?
    /// SIEMs truncate long titles, and an empty required list makes the document meaningless.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_logon
    /// ```
    pub static INVALID_LENGTH = "SC105", "invalid-length", Error;
}
