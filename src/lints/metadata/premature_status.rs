use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;
use crate::lints::metadata::calendar_date;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a rule whose `status` is `test` or `stable` although
    /// its `date` is at most 60 days ago (or in the future), as SigmaHQ's
    /// `sigmahq_status_to_high` validator does in the version SigmaHQ's CI uses. Rules with a
    /// `regression_tests_path` are not checked: their regression data is the evidence a
    /// higher status needs.
    ///
    /// ## Why is this bad?
    /// SigmaHQ's rule convention starts every new rule at `experimental`; `test` and `stable`
    /// promise that the rule has run in real environments, which a rule a few weeks old cannot
    /// have. It is a warning because SigmaHQ's CI fails on it. The finding depends on the day
    /// it runs: it goes away once the rule is old enough.
    ///
    /// ## Example
    /// ```yaml
    /// status: stable
    /// date: 2024-05-17   # and today is 2024-06-01
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// status: experimental
    /// date: 2024-05-17
    /// ```
    pub static PREMATURE_STATUS = "SC242", "premature-status", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Days a rule stays `experimental` before SigmaHQ accepts a higher status.
const MIN_DAYS: i64 = 60;

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some((status_node, status)) = ctx.doc.meta.status.string() else {
        return;
    };
    if !matches!(status, "test" | "stable") || ctx.doc.root.entry("regression_tests_path").is_some()
    {
        return;
    }
    let Some((date_node, date)) = ctx.doc.meta.date.string() else {
        return;
    };
    let Some(created) = calendar_date(date).and_then(day_number) else {
        return;
    };
    let age = today() - created;
    if age > MIN_DAYS {
        return;
    }
    let when = match age {
        ..0 => String::from("is in the future"),
        0 => String::from("is today"),
        1 => String::from("was yesterday"),
        n => format!("was {n} days ago"),
    };
    out.push(
        Diagnostic::new(
            &PREMATURE_STATUS,
            status_node.span.clone(),
            format!("status `{status}` on a new rule: its date `{date}` {when}"),
        )
        .with_secondary(date_node.span.clone(), "created here")
        .with_help(format!(
            "use `status: experimental` until the rule is more than {MIN_DAYS} days old and has proven itself"
        )),
    );
}

/// Days since 1970-01-01 of a well-formed `YYYY-MM-DD` (Howard Hinnant's algorithm).
fn day_number(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Today as a day number (UTC).
fn today() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs / 86_400).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::metadata::civil_date;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2024-01-01"), Some(19_723));
        for n in [-1000, 0, 59, 60, 11_016, 19_723, 30_000] {
            assert_eq!(day_number(&civil_date(n)), Some(n));
        }
    }
}
