use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a key the specification requires that is missing: `title`, `logsource` and
    /// `detection` (with its `condition`) in a rule; `correlation` with `type` and `rules` in a
    /// correlation; `filter` with `rules` and `condition` in a filter; `id` and `type` in each
    /// `related` entry.
    ///
    /// ## Why is this bad?
    /// Without them the document cannot be converted or deployed.
    ///
    /// ## Example
    /// ```yaml
    /// title: Whoami Execution
    /// detection:
    ///     selection:
    ///         Image|endswith: '\whoami.exe'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Whoami Execution
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// detection:
    ///     selection:
    ///         Image|endswith: '\whoami.exe'
    ///     condition: selection
    /// ```
    pub static MISSING_REQUIRED_KEY = "SC101", "missing-required-key", Error;
}
