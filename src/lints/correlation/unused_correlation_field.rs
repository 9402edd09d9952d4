use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports `condition.field` in an `event_count`, `temporal` or `temporal_ordered`
    /// correlation.
    ///
    /// ## Why is this bad?
    /// Only the `value_*` types (`value_count`, `value_sum`, `value_avg`, `value_percentile`)
    /// aggregate a field. The other types count events or rules and ignore `field`, so a rule
    /// that says "more than 10 distinct users" with `type: event_count` counts events instead.
    /// It usually means the wrong `type` was chosen. The severity is warning: the rule runs,
    /// but not as written.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         field: TargetUserName
    ///         gte: 10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: value_count
    ///     condition:
    ///         field: TargetUserName
    ///         gte: 10
    /// ```
    pub static UNUSED_CORRELATION_FIELD = "SC706", "unused-correlation-field", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(corr) = &ctx.doc.correlation else {
        return;
    };
    let Some((kind, type_node)) = corr.kind else {
        return;
    };
    if kind.uses_field() {
        return;
    }
    let Some(field) = corr.field() else { return };
    let help = if kind.is_temporal() {
        "remove `field`; a temporal correlation counts the distinct rules that matched".to_owned()
    } else {
        "use `type: value_count` to count distinct values of the field, or remove `field`"
            .to_owned()
    };
    out.push(
        Diagnostic::new(
            &UNUSED_CORRELATION_FIELD,
            field.key.span.clone(),
            format!(
                "`field` is ignored by correlations of type `{}`",
                kind.name()
            ),
        )
        .with_label("has no effect")
        .with_secondary(
            type_node.span.clone(),
            "this type does not aggregate a field",
        )
        .with_help(help),
    );
}
