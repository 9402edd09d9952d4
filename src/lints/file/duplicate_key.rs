use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a key that appears twice in the same mapping, pointing at both.
    ///
    /// ## Why is this bad?
    /// YAML forbids it, and tools disagree on what it means: pySigma refuses the file, while
    /// most YAML libraries silently keep the last value, so half of the selection is lost
    /// without a word.
    ///
    /// ## Example
    /// ```yaml
    /// selection:
    ///     Image|endswith: '\cmd.exe'
    ///     Image|endswith: '\powershell.exe'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// selection:
    ///     Image|endswith:
    ///         - '\cmd.exe'
    ///         - '\powershell.exe'
    /// ```
    pub static DUPLICATE_KEY = "SC002", "duplicate-key", Error;
}
