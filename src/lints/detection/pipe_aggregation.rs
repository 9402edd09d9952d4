use crate::diagnostics::Diagnostic;
use crate::lints::detection::parsed;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports the Sigma v1 aggregation after a pipe in the condition, such as
    /// `selection | count() by SourceIp > 10` or `selection | near other`.
    ///
    /// ## Why is this bad?
    /// The pipe syntax was removed in Sigma v2 and replaced by correlation rules. pySigma
    /// refuses to convert such a rule ("The pipe syntax in Sigma conditions has been
    /// deprecated and replaced by Sigma correlations"), so it only works in legacy tooling.
    /// The severity is warning, as in rsigma (`deprecated_aggregation_syntax`): the rule is
    /// valid Sigma v1, but has to be migrated.
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
    /// Keep the event selection in the rule (`condition: selection`) and count in a
    /// correlation rule that refers to it:
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
    pub static PIPE_AGGREGATION = "SC309", "pipe-aggregation", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    for (cond, parsed) in parsed(det) {
        let Some(agg) = &parsed.aggregation else {
            continue;
        };
        let expr = cond
            .node
            .as_str()
            .and_then(|t| t.get(parsed.expr.span()))
            .map_or_else(|| parsed.expr.to_string(), str::to_owned);
        out.push(
            Diagnostic::new(
                &PIPE_AGGREGATION,
                cond.file_span(agg.span.clone()),
                format!("the pipe aggregation `| {}` is deprecated", agg.text),
            )
            .with_label("Sigma v1 syntax, rejected by pySigma")
            .with_help(format!(
                "keep `condition: {expr}` and express the aggregation as a correlation rule (`correlation:` with `type`, `rules`, `timespan` and `condition`)"
            )),
        );
    }
}
