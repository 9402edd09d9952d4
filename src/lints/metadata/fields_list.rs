use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a non-empty `fields:` list. SigmaHQ's validator
    /// `sigmahq_fields_existence`. The Sigma specification still defines `fields`, so this is
    /// house style only.
    ///
    /// ## Why is this bad?
    /// SigmaHQ treats `fields` as deprecated: which fields an analyst wants to see depends on
    /// the backend and the team, not on the rule, and the lists went stale as log sources were
    /// mapped. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// fields:
    ///     - CommandLine
    ///     - ParentCommandLine
    /// falsepositives:
    ///     - Unknown
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// falsepositives:
    ///     - Unknown
    /// ```
    pub static FIELDS_LIST = "SC253", "fields-list", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let field = ctx.doc.meta.fields;
    let (Some(entry), false) = (field.entry(), field.items().is_empty()) else {
        return;
    };
    out.push(
        Diagnostic::new(
            &FIELDS_LIST,
            entry.key.span.clone(),
            "`fields` is a deprecated key in SigmaHQ rules",
        )
        .with_help(
            "remove `fields`; pick the fields to display in the backend or the alert's output",
        ),
    );
}
