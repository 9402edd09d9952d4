use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::correlation::CorrelationType;
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a `value_count` correlation whose counted `field` is also a `group-by` field
    /// (all of them, when `field` is a list).
    ///
    /// ## Why is this bad?
    /// Within a group every event has the same value of a group-by field, so the number of
    /// distinct values in each group is always 1. A threshold above 1 never matches and one at
    /// 1 always does: the correlation does not count what it claims. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: value_count
    ///     group-by:
    ///         - TargetUserName
    ///     condition:
    ///         field: TargetUserName
    ///         gte: 10
    /// ```
    ///
    /// ## Use instead
    /// Count another field per group, e.g. distinct users per source host:
    /// ```yaml
    /// correlation:
    ///     type: value_count
    ///     group-by:
    ///         - IpAddress
    ///     condition:
    ///         field: TargetUserName
    ///         gte: 10
    /// ```
    pub static VALUE_COUNT_FIELD_IN_GROUP_BY = "SC707", "value-count-field-in-group-by", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(corr) = &ctx.doc.correlation else {
        return;
    };
    if corr.kind() != Some(CorrelationType::ValueCount) {
        return;
    }
    let Some(field) = corr.field() else { return };
    let fields: Vec<&Node> = match field.value.as_sequence() {
        Some(items) => items.iter().collect(),
        None => vec![&field.value],
    };
    let group_by = corr.group_by_fields();
    let mut matched = Vec::new();
    for f in &fields {
        let Some(name) = f.as_str() else { return };
        let Some(g) = group_by.iter().find(|g| g.as_str() == Some(name)) else {
            return;
        };
        matched.push((name, *g));
    }
    let Some((name, group)) = matched.first().copied() else {
        return;
    };
    let shown = if matched.len() == 1 {
        format!("`{name}`")
    } else {
        let names: Vec<String> = matched.iter().map(|(n, _)| format!("`{n}`")).collect();
        names.join(", ")
    };
    out.push(
        Diagnostic::new(
            &VALUE_COUNT_FIELD_IN_GROUP_BY,
            field.value.span.clone(),
            format!(
                "`value_count` counts distinct values of {shown}, which is also a `group-by` field"
            ),
        )
        .with_label("always exactly one distinct value per group")
        .with_secondary(group.span.clone(), "groups by the same field")
        .with_help(format!(
            "count a field other than {shown}, or remove it from `group-by`"
        )),
    );
}
