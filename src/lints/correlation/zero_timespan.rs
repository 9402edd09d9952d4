use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::correlation::timespan_seconds;

declare_lint! {
    /// ## What it does
    /// Reports a correlation `timespan` of zero (`0s`, `0m`, `00h`, `0d`).
    ///
    /// ## Why is this bad?
    /// The correlation window is empty: no two events fall into it, and an event count over
    /// nothing never reaches a threshold. pySigma 2.x refuses to load the rule
    /// (`SigmaTimespanError: Timespan '0s' must be greater than zero`); pySigma 1.x and
    /// rsigma load it. The severity is warning because some tools accept it; write
    /// `SC704 = "error"` under `[severity]` in `sigscope.toml` if you convert with pySigma 2.x.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     timespan: 0m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     timespan: 10m
    /// ```
    pub static ZERO_TIMESPAN = "SC704", "zero-timespan", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((value, text)) = super::timespan(ctx) else {
        return;
    };
    if timespan_seconds(text) != Some(0) {
        return;
    }
    out.push(
        Diagnostic::new(
            &ZERO_TIMESPAN,
            value.span.clone(),
            format!("correlation `timespan: {text}` is zero"),
        )
        .with_label("an empty time window")
        .with_help("give the window the events must fall into, e.g. `timespan: 10m`"),
    );
}
