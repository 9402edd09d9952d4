use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::correlation::timespan_seconds;

/// 90 days: beyond the hot retention of most SIEMs.
const LIMIT_SECONDS: u128 = 90 * 86_400;

declare_lint! {
    /// ## What it does
    /// Reports a correlation `timespan` longer than 90 days (`91d`, `2200h`, `600000m`).
    ///
    /// ## Why is this bad?
    /// A correlation keeps state for every group over the whole window. Windows of months
    /// outlast the searchable retention of most SIEMs (commonly 30 to 90 days), so the
    /// correlation can never see its whole window, and backends that evaluate it in memory
    /// hold state for months. Such values are usually a wrong unit (`600d` where `600s` was
    /// meant). The severity is warning: a very long window can be deliberate.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     timespan: 600d
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     timespan: 600s
    /// ```
    pub static EXCESSIVE_TIMESPAN = "SC705", "excessive-timespan", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((value, text)) = super::timespan(ctx) else {
        return;
    };
    let Some(seconds) = timespan_seconds(text) else {
        return;
    };
    if seconds <= LIMIT_SECONDS {
        return;
    }
    let days = seconds / 86_400;
    out.push(
        Diagnostic::new(
            &EXCESSIVE_TIMESPAN,
            value.span.clone(),
            format!("correlation `timespan: {text}` is {days} days long"),
        )
        .with_label("longer than 90 days")
        .with_help("check the unit (s, m, h, d); windows of minutes to days are typical, e.g. `timespan: 1h`"),
    );
}
