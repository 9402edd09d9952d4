use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports text that is not valid YAML: unclosed quotes or brackets, bad indentation, tab
    /// characters used for indentation, and unquoted values that start with `*` (YAML reads them
    /// as aliases).
    ///
    /// ## Why is this bad?
    /// No Sigma tool can load the file, so none of its rules is ever deployed. The rest of the
    /// file is not checked until the syntax is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image: *\mimikatz.exe
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image: '*\mimikatz.exe'
    /// ```
    pub static YAML_SYNTAX = "SC001", "yaml-syntax", Error;
}

/// The finding for a syntax error the parser explained with `message` (and `help`).
pub fn diagnostic(span: Range<usize>, message: &str, help: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(&YAML_SYNTAX, span, message);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}
