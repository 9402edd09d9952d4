use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Resolved;

declare_lint! {
    /// ## What it does
    /// Reports a value of a time modifier outside the range the modifier can produce:
    /// `minute` 0–59, `hour` 0–23, `day` 1–31, `week` 1–53, `month` 1–12, and `year` not
    /// negative; and fractional values (`hour: 7.5`), since the parts are whole numbers.
    ///
    /// The specification says `week` is "between 1 and 52", but ISO 8601 years have a week
    /// 53 that backends do produce, so 53 is accepted.
    ///
    /// ## Why is this bad?
    /// The extracted part of a timestamp never takes that value, so the selection never
    /// matches: `hour: 24` is not midnight, it is nothing. The severity is error: the rule
    /// cannot match.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4624
    ///         TimeCreated|hour: 24
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4624
    ///         TimeCreated|hour: 0
    ///     condition: selection
    /// ```
    pub static TIME_PART_OUT_OF_RANGE = "SC411", "time-part-out-of-range", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Combinable, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some((part, w)) = site.find(Mod::is_time) else {
        return;
    };
    let (lo, hi) = match part {
        Mod::Minute => (0, 59),
        Mod::Hour => (0, 23),
        Mod::Day => (1, 31),
        Mod::Week => (1, 53),
        Mod::Month => (1, 12),
        _ => (0, i64::MAX),
    };
    for v in site.values {
        let Some(s) = v.as_scalar() else { continue };
        let problem = match s.resolved {
            Resolved::Int(n) if n < lo || n > hi => Some(if hi == i64::MAX {
                format!("`{}` is a year and cannot be negative", cx.show(v))
            } else {
                format!(
                    "`{}` out of range: `{}` gives a number from {lo} to {hi}",
                    cx.show(v),
                    w.name
                )
            }),
            Resolved::Float(f) if f.fract() != 0.0 || !f.is_finite() => Some(format!(
                "`{}` is not a whole number, but `{}` gives whole numbers",
                cx.show(v),
                w.name
            )),
            Resolved::Float(f) if f < lo as f64 || f > hi as f64 => Some(format!(
                "`{}` out of range: `{}` gives a number from {lo} to {hi}",
                cx.show(v),
                w.name
            )),
            _ => None,
        };
        if let Some(message) = problem {
            let help = if hi == i64::MAX {
                String::from("write a year such as `2024`")
            } else {
                format!("write a whole number from {lo} to {hi}")
            };
            out.push(
                Diagnostic::new(&TIME_PART_OUT_OF_RANGE, cx.span(v), message)
                    .with_label("never produced")
                    .with_secondary(w.span.clone(), format!("`{}` is applied here", w.name))
                    .with_help(help),
            );
        }
    }
}
