use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::values::{Cx, Mod, Site};

declare_lint! {
    /// ## What it does
    /// Reports the `all` modifier on a single value, written as a scalar or as a list of one
    /// item: `CommandLine|contains|all: 'whoami'`.
    ///
    /// ## Why is this bad?
    /// The specification forbids it: "Single item values are not allowed to have an `all`
    /// modifier as some back-ends cannot support it." It is usually left over from a list
    /// that lost its other values, or a workaround to repeat a field in one selection. The
    /// SigmaHQ validator `sigmahq_invalid_all_modifier` flags it as high severity. The
    /// severity is error: the specification calls the rule invalid.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains|all: 'whoami'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'whoami'
    ///     condition: selection
    /// ```
    pub static ALL_WITH_SINGLE_VALUE = "SC403", "all-with-single-value", Error;
}

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    // An empty list is `empty-value-list`'s.
    if site.values.len() != 1 {
        return;
    }
    let Some((_, all)) = site.find(|m| m == Mod::All) else {
        return;
    };
    let value = site.values[0];
    out.push(
        Diagnostic::new(
            &ALL_WITH_SINGLE_VALUE,
            all.span.clone(),
            format!("`all` on a single value in `{}`", site.key_text()),
        )
        .with_label("`all` needs two or more values")
        .with_secondary(
            cx.span(value),
            format!("the only value: `{}`", cx.show(value)),
        )
        .with_help("remove `|all`, or list every value that must be present"),
    );
}
