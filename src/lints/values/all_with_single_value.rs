use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site};
use crate::lints::{Hook, declare_lint};

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
    ///
    /// ## Fix
    /// `--fix` removes `|all` from the key. No fix for the keyword form `'|all': …`, for a key
    /// not written verbatim, or when the key without `|all` is already in the same selection
    /// (the workaround to repeat a field: the key would be there twice), and while the key
    /// also repeats a modifier (`repeated-modifier` fixes that first). Safe: all of one value
    /// is that value, so the rule matches the same events.
    pub static ALL_WITH_SINGLE_VALUE = "SC403", "all-with-single-value", Error, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    // An empty list is `empty-value-list`'s.
    if site.values.len() != 1 {
        return;
    }
    let Some((_, all)) = site.find(|m| m == Mod::All) else {
        return;
    };
    let value = site.values[0];
    // A key that also repeats a modifier is left to `repeated-modifier` first: two removals
    // from one key in the same round could make it repeat another key of the selection.
    let mut seen = std::collections::HashSet::new();
    let repeats = site.chain().any(|(m, _)| !seen.insert(m.canonical()));
    let fix = (!repeats)
        .then(|| site.remove_modifier(cx.text, all))
        .flatten()
        .map(|e| Fix::safe("remove `|all`", vec![e]));
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
        .with_help("remove `|all`, or list every value that must be present")
        .with_fix(fix),
    );
}
