use crate::diagnostics::Diagnostic;
use crate::lints::correlation::Accepted;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::correlation::CorrelationType;

declare_lint! {
    /// ## What it does
    /// Reports a correlation `condition` that every group of events satisfies, so it filters
    /// nothing.
    ///
    /// That is: a count compared with zero or less (`gte: 0`, `gt: -1`, `neq: 0`), or a
    /// `temporal` upper bound at or above the number of its rules with no lower bound
    /// (`lte: 3` with three rules).
    ///
    /// `gte: 1` is not reported: it is a common, deliberate way to raise one alert per group
    /// and time window.
    ///
    /// ## Why is this bad?
    /// The threshold is the point of an `event_count`, `value_count` or `temporal` correlation.
    /// A condition that always holds turns the correlation into "any event of the referenced
    /// rules", which floods the queue; it is almost always a typo or a placeholder. The
    /// severity is warning because the rule still works, just not as a correlation.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 10
    /// ```
    pub static ALWAYS_TRUE_CORRELATION_CONDITION = "SC703", "always-true-correlation-condition", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(corr) = &ctx.doc.correlation else {
        return;
    };
    let Some(a) = Accepted::of(corr) else { return };
    if !a.kind.counts() || a.eqs().next().is_some() {
        return;
    }
    let (dmin, dmax) = a.domain;
    // A lower bound admitting zero; `gte: 1` on an event count is deliberate, not vacuous.
    let lower_vacuous = a.lower.is_none_or(|l| l.value <= 0.0);
    let upper_vacuous = a.upper.is_none_or(|u| dmax.is_finite() && u.value >= dmax);
    let neq_vacuous = a
        .neqs()
        .all(|n| n.value < dmin || n.value > dmax || n.value.fract() != 0.0);
    if !(lower_vacuous && upper_vacuous && neq_vacuous) {
        return;
    }
    let text = ctx.text();
    let minimum = match a.kind {
        CorrelationType::EventCount => "a group holds at least one event",
        CorrelationType::ValueCount => "a count is never negative",
        _ => "a group has at least one matching rule",
    };
    let (t, why) = match (a.lower, a.upper, a.neqs().next()) {
        (Some(l), _, _) => (l.by, minimum.to_owned()),
        (None, Some(u), _) => (
            u.by,
            format!(
                "the correlation has only {} rules",
                a.rule_count.unwrap_or_default()
            ),
        ),
        (None, None, Some(n)) => (*n, minimum.to_owned()),
        (None, None, None) => return,
    };
    let shown: Vec<String> = a.thresholds.iter().map(|t| t.text(text)).collect();
    out.push(
        Diagnostic::new(
            &ALWAYS_TRUE_CORRELATION_CONDITION,
            t.entry.key.span.clone(),
            format!(
                "correlation condition `{}` is true for every group: {why}",
                shown.join(", ")
            ),
        )
        .with_label("filters nothing")
        .with_help(format!(
            "set the threshold at which {} becomes suspicious, e.g. `gte: 10`",
            a.kind.counted()
        )),
    );
}
