use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a key that appears twice in the same mapping, pointing at both. The rest of the
    /// rule is still checked, as if only the first definition were written.
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

/// The finding for `key` defined again at `span`, first defined at `first`.
pub fn diagnostic(key: &str, span: Range<usize>, first: Range<usize>) -> Diagnostic {
    Diagnostic::new(&DUPLICATE_KEY, span, format!("duplicate key `{key}`"))
        .with_label("defined again here")
        .with_secondary(first, "first defined here")
        .with_help("merge the values into one key (a list is an OR), or remove one of them")
}
