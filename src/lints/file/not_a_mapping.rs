use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::yaml::Node;

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

/// The finding for a document whose root is not a mapping.
pub fn diagnostic(root: &Node) -> Diagnostic {
    Diagnostic::new(
        &NOT_A_MAPPING,
        root.span.clone(),
        format!(
            "a Sigma document must be a mapping of keys, found {}",
            root.type_name()
        ),
    )
    .with_help("start the document with `title:`, `logsource:` and `detection:`")
}
