use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::schema::{INVALID_FORMAT, SchemaError};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Seg;

declare_lint! {
    /// ## What it does
    /// Reports a `date` or `modified` that is not a calendar date written `YYYY-MM-DD`:
    /// `2025/01/02`, `2025-1-2`, `02.01.2025`, or a day that does not exist (`2025-02-30`).
    /// Part of what SC104 `invalid-format` reported until it was split by kind of value;
    /// `SC104` still selects it.
    ///
    /// ## Why is this bad?
    /// Dates in other forms sort wrongly in catalogues and changelogs, are read differently by
    /// different tools (is `02.01.2025` in January or February?), and fail the official schema.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2025/01/02
    /// modified: 2025-02-30
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: 2025-01-02
    /// modified: 2025-02-28
    /// ```
    ///
    /// ## Fix
    /// A date written `2025/01/02` or `2025.01.02` is rewritten `2025-01-02` when that is a real
    /// calendar date (`2024/13/01` is left for you to correct); the quoting of the value is kept.
    /// Safe: the rule says the same thing, in the required form.
    pub static INVALID_DATE_FORMAT = "SC108", "invalid-date-format", Error, fix = Sometimes,
        formerly = [INVALID_FORMAT];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let is_date = matches!(&e.path[..], [Seg::Key(k)] if k == "date" || k == "modified");
    if !is_date || !matches!(e.err.kind(), ValidationErrorKind::Pattern { .. }) {
        return false;
    }
    let (name, value, span) = (
        e.name(),
        e.node.as_str().unwrap_or_default(),
        e.value_span(),
    );
    if iso_date_from(value).as_deref() == Some(value) {
        out.push(
            Diagnostic::new(
                &INVALID_DATE_FORMAT,
                span,
                format!("`{name}` is not a real calendar date: `{value}`"),
            )
            .with_help("check the day and month"),
        );
        return true;
    }
    let diag = Diagnostic::new(
        &INVALID_DATE_FORMAT,
        span,
        format!("`{name}` must be a date written YYYY-MM-DD, found `{value}`"),
    );
    out.push(match iso_date_from(value) {
        // `2024/13/01` is not rewritten `2024-13-01`: that would trade one error for another.
        Some(iso) if crate::lints::metadata::calendar_date(&iso).is_none() => {
            diag.with_help("check the day and month, and write the date as YYYY-MM-DD")
        }
        Some(iso) => {
            let fix = crate::lints::edit::replace_scalar(e.text, e.node, &iso)
                .map(|edit| Fix::safe(format!("write `{iso}`"), vec![edit]));
            diag.with_help(format!("write `{name}: {iso}`"))
                .with_fix(fix)
        }
        None => diag.with_help("write the date as YYYY-MM-DD, e.g. `2025-01-31`"),
    });
    true
}

/// `2025/01/02` or `2025.01.02` → `2025-01-02`.
fn iso_date_from(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [y, m, d] = parts[..] else { return None };
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (ok(y, 4) && ok(m, 2) && ok(d, 2)).then(|| format!("{y}-{m}-{d}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date_from("2026/04/19").as_deref(), Some("2026-04-19"));
        assert_eq!(iso_date_from("19/04/2026"), None);
    }
}
