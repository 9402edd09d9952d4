use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::correlation::Op;
use crate::yaml::Entry;

declare_lint! {
    /// ## What it does
    /// Reports a correlation `condition` with more than one comparison, such as `gte: 10`
    /// with `lte: 100`, at the second one.
    ///
    /// ## Why is this bad?
    /// The specification allows a range ("To define a range, you can use the conjunction
    /// 'AND' in the mapping"), and rsigma reads it, but pySigma 2.x refuses to load the whole
    /// file (`SigmaCorrelationConditionError`: "Sigma correlation condition must have exactly
    /// one condition item"), so none of its rules is converted. The severity is warning: the
    /// rule is valid Sigma, but most conversions run through pySigma.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 10
    ///         lte: 100
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 10
    /// ```
    pub static NON_PORTABLE_CORRELATION_RANGE = "SC715", "non-portable-correlation-range", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(entries) = ctx
        .doc
        .correlation
        .as_ref()
        .and_then(|c| c.condition)
        .and_then(|c| c.value.as_mapping())
    else {
        return;
    };
    // pySigma counts the operator keys, whatever their values.
    let ops: Vec<_> = entries
        .iter()
        .filter(|e| e.key.as_str().and_then(Op::parse).is_some())
        .collect();
    let [first, second, ..] = ops[..] else {
        return;
    };
    let text = ctx.text();
    let show = |e: &Entry| {
        text.get(e.key.span.start..e.value.span.end)
            .unwrap_or_default()
            .to_owned()
    };
    let shown: Vec<String> = ops.iter().map(|e| format!("`{}`", show(e))).collect();
    let list = match shown.split_last() {
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let a = show(first);
    out.push(
        Diagnostic::new(
            &NON_PORTABLE_CORRELATION_RANGE,
            second.key.span.clone(),
            format!(
                "correlation condition has {} comparisons, {list}: pySigma refuses a condition with more than one",
                ops.len()
            ),
        )
        .with_label("second comparison")
        .with_secondary(first.key.span.clone(), "first comparison")
        .with_help(format!(
            "keep one comparison (e.g. `{a}`) for the rule to load in pySigma; the range is valid Sigma and loads in rsigma"
        )),
    );
}
