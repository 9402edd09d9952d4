use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::yaml::MAX_DEPTH;

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

/// The finding for nesting deeper than [`MAX_DEPTH`], at `span`.
pub fn diagnostic(span: Range<usize>) -> Diagnostic {
    Diagnostic::new(
        &NESTING_TOO_DEEP,
        span,
        format!("YAML is nested deeper than {MAX_DEPTH} levels; the file was not checked further"),
    )
    .with_help("Sigma rules need only a few levels of nesting")
}
