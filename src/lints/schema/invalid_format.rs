use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::schema::SchemaError;
use crate::lints::{Hook, declare_lint};
use crate::yaml::{Node, Seg};

declare_lint! {
    /// ## What it does
    /// Reports a value in the wrong format: an `id` (or `related` id) that is not a UUID, a
    /// `date` or `modified` not written `YYYY-MM-DD`, a tag that is not lowercase
    /// `namespace.value`, a `timespan` that is not a number and a unit.
    ///
    /// ## Why is this bad?
    /// Ids must be globally unique and stable for correlation, filters and `related` links;
    /// dates in other formats sort wrongly and fail the official schema.
    ///
    /// ## Example
    /// ```yaml
    /// id: my-rule-1
    /// date: 2025/01/02
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: 5f3b4c1e-8a9d-4b2e-9c7f-1a2b3c4d5e6f
    /// date: 2025-01-02
    /// ```
    ///
    /// ## Fix
    /// A `date` or `modified` written `2025/01/02` or `2025.01.02` is rewritten `2025-01-02` when
    /// that is a real calendar date (`2024/13/01` is left for you to correct), and
    /// a tag that only differs by case or spaces (`Attack.Defense Evasion`) is lower-cased and
    /// hyphenated; the quoting of the value is kept. Other formats (ids, timespans) have no fix: the
    /// right value cannot be guessed. Safe: the rule says the same thing, in the required form.
    pub static INVALID_FORMAT = "SC104", "invalid-format", Error, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let diag = match e.err.kind() {
        ValidationErrorKind::Format { format } => format_diag(e, format),
        ValidationErrorKind::Pattern { pattern } => pattern_diag(e, pattern),
        _ => return false,
    };
    out.push(diag);
    true
}

fn format_diag(e: &SchemaError<'_, '_>, format: &str) -> Diagnostic {
    let (text, name, node, span) = (e.text, e.name(), e.node, e.value_span());
    let value = node.as_str().unwrap_or_default();
    match format {
        "uuid" => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{}` is not a UUID: `{value}`", e.dotted()),
        )
        .with_help("use a random UUID (version 4), e.g. from `uuidgen`"),
        "date" => date_diag(text, node, name, value, span),
        _ => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{}` is not a valid {format}: `{value}`", e.dotted()),
        ),
    }
}

fn date_diag(
    text: &str,
    node: &Node,
    name: &str,
    value: &str,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    if iso_date_from(value).as_deref() == Some(value) {
        return Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{name}` is not a real calendar date: `{value}`"),
        )
        .with_help("check the day and month");
    }
    let diag = Diagnostic::new(
        &INVALID_FORMAT,
        span,
        format!("`{name}` must be a date written YYYY-MM-DD, found `{value}`"),
    );
    match iso_date_from(value) {
        // `2024/13/01` is not rewritten `2024-13-01`: that would trade one error for another.
        Some(iso) if crate::lints::metadata::calendar_date(&iso).is_none() => {
            diag.with_help("check the day and month, and write the date as YYYY-MM-DD")
        }
        Some(iso) => {
            let fix = crate::lints::edit::replace_scalar(text, node, &iso)
                .map(|e| Fix::safe(format!("write `{iso}`"), vec![e]));
            diag.with_help(format!("write `{name}: {iso}`"))
                .with_fix(fix)
        }
        None => diag.with_help("write the date as YYYY-MM-DD, e.g. `2025-01-31`"),
    }
}

/// `2025/01/02` or `2025.01.02` → `2025-01-02`.
fn iso_date_from(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [y, m, d] = parts[..] else { return None };
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (ok(y, 4) && ok(m, 2) && ok(d, 2)).then(|| format!("{y}-{m}-{d}"))
}

fn pattern_diag(e: &SchemaError<'_, '_>, pattern: &str) -> Diagnostic {
    let (text, name, node, span) = (e.text, e.name(), e.node, e.value_span());
    let value = node.as_str().unwrap_or_default();
    match e.path.first() {
        Some(Seg::Key(k)) if (k == "date" || k == "modified") && e.path.len() == 1 => {
            date_diag(text, node, name, value, span)
        }
        Some(Seg::Key(k)) if k == "tags" => {
            let diag = Diagnostic::new(
                &INVALID_FORMAT,
                span,
                format!("tag `{value}` is not of the form `namespace.name` in lowercase"),
            );
            match tag_fix(value) {
                Some(fixed) => {
                    let fix = crate::lints::edit::replace_scalar(text, node, &fixed)
                        .map(|e| Fix::safe(format!("write `{fixed}`"), vec![e]));
                    diag.with_help(format!("write `{fixed}`")).with_fix(fix)
                }
                None => diag.with_help("tags look like `attack.execution` or `attack.t1059.001`"),
            }
        }
        _ if name == "timespan" => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!(
                "`{}` must be a number followed by s, m, h or d, found `{value}`",
                e.dotted()
            ),
        )
        .with_help("write e.g. `timespan: 10m` or `timespan: 1h`"),
        Some(Seg::Key(k)) if k == "id" || name == "id" => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!("`{}` is not a UUID: `{value}`", e.dotted()),
        )
        .with_help("use a random UUID (version 4), e.g. from `uuidgen`"),
        _ => Diagnostic::new(
            &INVALID_FORMAT,
            span,
            format!(
                "`{}` value `{value}` does not have the required format `{pattern}`",
                e.dotted()
            ),
        ),
    }
}

/// `Attack.Defense Evasion` → `attack.defense-evasion`, when that gives a well-formed tag.
fn tag_fix(value: &str) -> Option<String> {
    let mut t = value.trim().to_lowercase();
    if !t.contains('.') {
        t = t.replacen(' ', ".", 1);
    }
    let t = t.split_whitespace().collect::<Vec<_>>().join("-");
    let (ns, rest) = t.split_once('.')?;
    let ok = |s: &str, extra: &[u8]| {
        !s.is_empty()
            && s.bytes().all(|b| {
                b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b"_-".contains(&b)
                    || extra.contains(&b)
            })
    };
    (ok(ns, b"") && ok(rest, b".") && t != value).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_fixes() {
        assert_eq!(
            tag_fix("Attack Execution").as_deref(),
            Some("attack.execution")
        );
        assert_eq!(
            tag_fix("attack.Defense Evasion").as_deref(),
            Some("attack.defense-evasion")
        );
        assert_eq!(tag_fix("attack.T1059").as_deref(), Some("attack.t1059"));
        assert_eq!(tag_fix("!!!"), None);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date_from("2026/04/19").as_deref(), Some("2026-04-19"));
        assert_eq!(iso_date_from("19/04/2026"), None);
    }
}
