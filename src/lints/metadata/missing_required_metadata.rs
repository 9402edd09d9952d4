use crate::diagnostics::Diagnostic;
use crate::lints::metadata::{is_rule_or_correlation, missing_key_span};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::meta::Metadata;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a rule or correlation without `id`, `status`, `date`
    /// or `level`, one finding per missing key. These are the existence checks SigmaHQ's CI
    /// runs (`identifier_existence`, `sigmahq_status_existence`, `sigmahq_date_existence`,
    /// `sigmahq_level_existence`). A missing `description` or `author` is reported in every
    /// profile, by SC208 and SC210. Filters and the parts of a Sigma v1 multi-document
    /// collection are not checked.
    ///
    /// ## Why is this bad?
    /// The specification makes these keys optional, but a shared rule base needs them: the id
    /// for references and exclusions, the status and date to know how mature a rule is, the
    /// level to route its alerts. SigmaHQ's rule convention requires them, and its CI fails
    /// without them, so this is a warning.
    ///
    /// ## Example
    /// ```yaml
    /// title: Certutil Download Via Urlcache
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Certutil Download Via Urlcache
    /// id: 19b08b1c-861d-4e75-a1ef-ea0c1baf202b
    /// status: experimental
    /// date: 2024-05-17
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// level: high
    /// ```
    pub static MISSING_REQUIRED_METADATA = "SC241", "missing-required-metadata", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// `(key, its field, what to write)`.
type Required = (&'static str, fn(&Metadata<'_>) -> bool, &'static str);

const REQUIRED: &[Required] = &[
    (
        "id",
        |m| m.id.is_some(),
        "add `id:` with a random UUID (version 4)",
    ),
    (
        "status",
        |m| m.status.is_some(),
        "add `status: experimental`; new rules start there",
    ),
    (
        "date",
        |m| m.date.is_some(),
        "add `date:` with the creation date, `YYYY-MM-DD`",
    ),
    (
        "level",
        |m| m.level.is_some(),
        "add `level:` with informational, low, medium, high or critical",
    ),
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    if !is_rule_or_correlation(ctx.doc) {
        return;
    }
    let Some(span) = missing_key_span(ctx.doc) else {
        return;
    };
    let what = if ctx.doc.kind == crate::sigma::Kind::Correlation {
        "correlation"
    } else {
        "rule"
    };
    for (key, present, help) in REQUIRED {
        if present(&ctx.doc.meta) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &MISSING_REQUIRED_METADATA,
                span.clone(),
                format!("{what} has no `{key}`, which SigmaHQ requires"),
            )
            .with_help(*help),
        );
    }
}
