use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::edit::replace_scalar;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a correlation `timespan` in weeks, months or years (`1w`, `1M`, `1y`).
    ///
    /// ## Why is this bad?
    /// The specification's units are `s`, `m`, `h` and `d`. pySigma and rsigma also read `w`,
    /// `M` (an average month, 30.44 days) and `y` (an average year), so the rule loads there,
    /// but other tools refuse it, and `M` next to `m` (minutes) is easy to misread. The
    /// severity is warning: the rule is valid where it was written.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     timespan: 1w
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     timespan: 7d
    /// ```
    ///
    /// ## Fix
    /// Weeks are rewritten in days (`2w` → `14d`): safe, the window is the same. Months and
    /// years have no exact number of days and are left for you to choose.
    pub static NON_PORTABLE_TIMESPAN = "SC714", "non-portable-timespan", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((value, text)) = super::timespan(ctx) else {
        return;
    };
    let Some(unit) = text.chars().last().filter(|c| matches!(c, 'w' | 'M' | 'y')) else {
        return;
    };
    let digits = &text[..text.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let name = match unit {
        'w' => "weeks",
        'M' => "months",
        _ => "years",
    };
    let days = (unit == 'w')
        .then(|| digits.parse::<u64>().ok()?.checked_mul(7))
        .flatten();
    let mut d = Diagnostic::new(
        &NON_PORTABLE_TIMESPAN,
        value.span.clone(),
        format!("`timespan: {text}` is in {name}, a unit the specification does not have"),
    );
    d = match days {
        Some(days) => {
            let fixed = format!("{days}d");
            let fix = replace_scalar(ctx.text(), value, &fixed)
                .map(|e| Fix::safe(format!("write `timespan: {fixed}`"), vec![e]));
            d.with_help(format!("write `timespan: {fixed}`"))
                .with_fix(fix)
        }
        None => d.with_help(
            "write the window in days (`d`), hours (`h`), minutes (`m`) or seconds (`s`)",
        ),
    };
    out.push(d);
}
