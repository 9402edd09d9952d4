use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a `.yml` file in a rule pack that holds no YAML document at all (empty, or only
    /// comments).
    ///
    /// ## Why is this bad?
    /// A rule file that defines no rule is a mistake: a half-written rule, a failed generator
    /// run, or a rule emptied instead of deleted.
    ///
    /// ## Example
    /// ```yaml
    /// # TODO: write this rule
    /// ```
    ///
    /// ## Use instead
    /// Write the rule, or delete the file.
    pub static EMPTY_FILE = "SC007", "empty-file", Error;
}

/// The finding for a file whose only document (at `span`) is empty.
pub fn diagnostic(span: Range<usize>) -> Diagnostic {
    Diagnostic::new(&EMPTY_FILE, span, "file contains no Sigma rule")
        .with_help("write the rule, or delete the file")
}
