use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;
use crate::yaml::Resolved;

declare_lint! {
    /// ## What it does
    /// Reports a `generate` key where it has no effect or is ambiguous.
    ///
    /// That is: on a detection rule or
    /// a filter (only correlations have `generate`), or on a correlation both at the top level
    /// (where the specification puts it) and inside `correlation:` (where pySigma reads it)
    /// with different values.
    ///
    /// ## Why is this bad?
    /// `generate` decides whether the rules a correlation refers to are also converted into
    /// queries of their own. On a detection rule it is ignored, so the author's intent (usually
    /// "also alert on this rule alone") is silently lost; two different values make the result
    /// depend on the tool. The severity is warning.
    ///
    /// ## Example
    /// ```yaml
    /// title: Single failed login
    /// name: failed_login
    /// generate: true
    /// detection:
    ///     selection:
    ///         EventID: 4625
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// Set it on the correlation that refers to the rule:
    /// ```yaml
    /// title: Many failed logins
    /// generate: true
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_login
    /// ```
    pub static MISPLACED_GENERATE = "SC710", "misplaced-generate", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let top = ctx.doc.meta.generate.entry();
    match ctx.doc.kind {
        Kind::Detection | Kind::Filter => {
            let Some(top) = top else { return };
            let what = if ctx.doc.kind == Kind::Filter {
                "a filter"
            } else {
                "a detection rule"
            };
            out.push(
                Diagnostic::new(
                    &MISPLACED_GENERATE,
                    top.key.span.clone(),
                    format!("`generate` has no effect on {what}"),
                )
                .with_label("ignored")
                .with_help(
                    "set `generate: true` on the correlation that refers to this rule, or remove it",
                ),
            );
        }
        Kind::Correlation => {
            let Some(corr) = &ctx.doc.correlation else {
                return;
            };
            let (Some(top), Some(inner)) = (top, corr.generate) else {
                return;
            };
            let value = |n: &crate::yaml::Node| match n.as_scalar().map(|s| s.resolved) {
                Some(Resolved::Bool(b)) => Some(b),
                _ => None,
            };
            let (Some(a), Some(b)) = (value(&top.value), value(&inner.value)) else {
                return;
            };
            if a == b {
                return;
            }
            out.push(
                Diagnostic::new(
                    &MISPLACED_GENERATE,
                    inner.key.span.clone(),
                    format!(
                        "`generate` is `{b}` inside `correlation` but `{a}` at the top level"
                    ),
                )
                .with_label("pySigma reads this one")
                .with_secondary(top.key.span.clone(), "the specification reads this one")
                .with_help("keep one `generate` (at the top level, as the specification says) or give both the same value"),
            );
        }
    }
}
