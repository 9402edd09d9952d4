use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports YAML anchors (`&name`), aliases (`*name`) and tags (`!!str`, `!custom`).
    ///
    /// ## Why is this bad?
    /// Sigma rules are plain data; Sigma tools and SIEM converters do not agree on anchors and
    /// tags, and aliases allow "billion laughs" files that expand to gigabytes. sigscope refuses
    /// them so every rule means the same thing everywhere.
    ///
    /// ## Example
    /// ```yaml
    /// selection_a: &common
    ///     Image|endswith: '\rundll32.exe'
    /// selection_b: *common
    /// ```
    ///
    /// ## Use instead
    /// Write the values out, or reference the selection twice in the condition.
    /// ```yaml
    /// selection:
    ///     Image|endswith: '\rundll32.exe'
    /// ```
    pub static UNSUPPORTED_YAML = "SC003", "unsupported-yaml", Error;
}

/// The finding for a YAML feature (`what`: `tag`, `anchor`, `alias`) used at `span`.
pub fn diagnostic(what: &str, span: Range<usize>) -> Diagnostic {
    Diagnostic::new(
        &UNSUPPORTED_YAML,
        span,
        match what {
            "alias" => "YAML aliases are not supported in Sigma rules".to_owned(),
            _ => format!("YAML {what}s are not supported in Sigma rules"),
        },
    )
    .with_help(match what {
        "tag" => "remove the tag; quote the value if it must stay a string",
        _ => "write the values out instead of using anchors and aliases",
    })
}
