use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports `Unknown` or `Unlikely` in a `falsepositives` list that also names concrete
    /// false positives.
    ///
    /// ## Why is this bad?
    /// `Unknown` means no false positives are known and `Unlikely` that none are expected;
    /// next to a real entry both are contradicted by the list itself. It is usually left over
    /// from a template, and tools that treat `Unknown` as "not assessed" mislabel the rule. The
    /// detection is unaffected, so this is info.
    ///
    /// ## Example
    /// ```yaml
    /// falsepositives:
    ///     - Unknown
    ///     - Software installers that register a Run key
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// falsepositives:
    ///     - Software installers that register a Run key
    /// ```
    pub static CONTRADICTORY_FALSEPOSITIVES = "SC215", "contradictory-falsepositives", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Entries that are not concrete false positives; `likely` and the vague ones (SC214) too.
const NOT_CONCRETE: &[&str] = &[
    "unknown", "unlikely", "likely", "none", "n/a", "na", "nothing", "no", "-", "--", "?", "tbd",
    "todo", "null", "nil",
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let items = ctx.doc.meta.falsepositives.items();
    if items.len() < 2 {
        return;
    }
    let folded = |n: &crate::yaml::Node| {
        string_value(n).map(|s| s.trim().trim_end_matches('.').to_lowercase())
    };
    let concrete = items
        .iter()
        .any(|n| folded(n).is_some_and(|f| !f.is_empty() && !NOT_CONCRETE.contains(&f.as_str())));
    if !concrete {
        return;
    }
    for node in items {
        let Some(f) = folded(node) else { continue };
        if f != "unknown" && f != "unlikely" {
            continue;
        }
        let word = string_value(node).unwrap_or_default().trim();
        let meaning = if f == "unknown" {
            "says none are known"
        } else {
            "says none are expected"
        };
        out.push(
            Diagnostic::new(
                &CONTRADICTORY_FALSEPOSITIVES,
                node.span.clone(),
                format!("`{word}` {meaning}, but the list names false positives"),
            )
            .with_help(format!(
                "remove `{word}`; the other entries already describe the false positives"
            )),
        );
    }
}
