use crate::diagnostics::Diagnostic;
use crate::lints::detection::parsed;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `timeframe` key inside `detection`: the time window of a Sigma v1 pipe
    /// aggregation (`condition: selection | count() > 5`).
    ///
    /// ## Why is this bad?
    /// Sigma v2 removed the pipe aggregation and `timeframe` with it; time windows belong to
    /// correlation rules (`timespan`). pySigma does not know the key and reads it as a search
    /// identifier named `timeframe`, and the v2 schema rejects its string value. Without a pipe
    /// aggregation it has no effect at all. The severity is warning, as for the pipe
    /// aggregation (`pipe-aggregation`) it belongs to: the rule is valid Sigma v1 but has to
    /// be migrated.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4625
    ///     condition: selection | count() by IpAddress > 10
    ///     timeframe: 10m
    /// ```
    ///
    /// ## Use instead
    /// Keep `condition: selection` and move the window to a correlation rule:
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_logon
    ///     group-by:
    ///         - IpAddress
    ///     timespan: 10m
    ///     condition:
    ///         gt: 10
    /// ```
    pub static TIMEFRAME_IN_DETECTION = "SC314", "timeframe-in-detection", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let Some(entry) = det.timeframe else {
        return;
    };
    let section = det.key.as_str().unwrap_or("detection");
    let window = entry
        .value
        .as_str()
        .filter(|v| !v.is_empty() && v.len() <= 32 && !v.contains(char::is_whitespace));
    let timespan = window.map_or_else(
        || String::from("`timespan`"),
        |w| format!("`timespan: {w}`"),
    );
    let aggregated = parsed(det).any(|(_, p)| p.aggregation.is_some());
    let help = if aggregated {
        format!(
            "move the aggregation into a correlation rule with {timespan}, and delete `timeframe`"
        )
    } else {
        format!(
            "delete it: without a pipe aggregation it has no effect (to count events over time, write a correlation rule with {timespan})"
        )
    };
    out.push(
        Diagnostic::new(
            &TIMEFRAME_IN_DETECTION,
            entry.key.span.clone(),
            format!("`timeframe` in `{section}` is deprecated"),
        )
        .with_label("the window of a Sigma v1 aggregation")
        .with_help(help),
    );
}
