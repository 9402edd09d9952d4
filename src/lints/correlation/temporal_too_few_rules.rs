use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `temporal` or `temporal_ordered` correlation whose `rules:` list names only one
    /// rule.
    ///
    /// ## Why is this bad?
    /// A temporal correlation matches when events of *several* rules occur close together (in
    /// order, for `temporal_ordered`). With a single rule there is nothing to correlate: the
    /// correlation either never matches what its title promises or degenerates into the rule
    /// itself, and SigmaHQ's validators reject it. The severity is error because the rule does
    /// not do what it claims.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: temporal
    ///     rules:
    ///         - recon_cmd_a
    ///     group-by:
    ///         - ComputerName
    ///     timespan: 5m
    /// ```
    ///
    /// ## Use instead
    /// List every rule whose events must occur together, or use `event_count` to count the
    /// events of one rule:
    /// ```yaml
    /// correlation:
    ///     type: temporal
    ///     rules:
    ///         - recon_cmd_a
    ///         - recon_cmd_b
    ///     group-by:
    ///         - ComputerName
    ///     timespan: 5m
    /// ```
    pub static TEMPORAL_TOO_FEW_RULES = "SC701", "temporal-too-few-rules", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(corr) = &ctx.doc.correlation else {
        return;
    };
    let Some((kind, type_node)) = corr.kind else {
        return;
    };
    if !kind.is_temporal() {
        return;
    }
    let Some(rules) = corr.rules else { return };
    // An empty list is the schema's finding (`minItems`).
    let [only] = rules.value.as_sequence().unwrap_or_default() else {
        return;
    };
    let name = only.as_str().unwrap_or_default();
    out.push(
        Diagnostic::new(
            &TEMPORAL_TOO_FEW_RULES,
            rules.key.span.clone(),
            format!(
                "`{}` correlation lists only one rule, `{name}`",
                kind.name()
            ),
        )
        .with_label("a temporal correlation needs at least two rules")
        .with_secondary(type_node.span.clone(), "correlates events of different rules")
        .with_help(
            "add the other rules whose events must occur together, or use `type: event_count` to count events of this rule",
        ),
    );
}
