use crate::diagnostics::Diagnostic;
use crate::lints::metadata::{TOMORROW, calendar_date};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `date` or `modified` later than tomorrow (UTC, so that no time zone is
    /// reported wrongly), as of the clock of the machine running the check.
    ///
    /// ## Why is this bad?
    /// A date in the future is a typo (`2204` for `2024`, day and month swapped in a year not
    /// over yet) or a date that was made up. Catalogues and "new rules" feeds sort on these
    /// dates, so the rule sticks to the top of every list until that day. It is a warning: the
    /// detection works, the metadata is likely wrong.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2204-05-17
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: 2024-05-17
    /// ```
    pub static FUTURE_DATE = "SC206", "future-date", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let meta = &ctx.doc.meta;
    for (key, field) in [("date", meta.date), ("modified", meta.modified)] {
        let Some((node, value)) = field.string() else {
            continue;
        };
        let Some(day) = calendar_date(value) else {
            continue;
        };
        if day > TOMORROW.as_str() {
            out.push(
                Diagnostic::new(
                    &FUTURE_DATE,
                    node.span.clone(),
                    format!("`{key}` `{day}` is in the future"),
                )
                .with_label("after today")
                .with_help(format!(
                    "write the day the rule was {}, as YYYY-MM-DD",
                    if key == "date" {
                        "created"
                    } else {
                        "last changed"
                    }
                )),
            );
        }
    }
}
