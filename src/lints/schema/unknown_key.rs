use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a key that the specification does not allow where it stands, for example an
    /// unknown key inside `logsource`, a `related` entry or a `correlation`.
    ///
    /// ## Why is this bad?
    /// It is usually a typo (`catgory:`) whose value is then silently ignored, so the rule
    /// matches a different log source than intended.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     catgory: process_creation
    ///     product: windows
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    pub static UNKNOWN_KEY = "SC106", "unknown-key", Error;
}
