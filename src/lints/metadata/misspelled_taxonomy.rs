use crate::diagnostics::{Diagnostic, Fix, edit_distance};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `taxonomy` that is a misspelling of the default taxonomy `sigma`: another case
    /// (`Sigma`), surrounding spaces, or one letter off (`sigam`, `sgima`).
    ///
    /// Other taxonomies are allowed and not reported.
    ///
    /// ## Why is this bad?
    /// Tools compare the taxonomy exactly: any value other than `sigma` tells them the rule
    /// uses other field and log source names, so processing pipelines built for the Sigma
    /// taxonomy refuse or skip the rule, and log source checks are turned off. It is a
    /// warning: the value is almost certainly meant to be `sigma`.
    ///
    /// ## Example
    /// ```yaml
    /// taxonomy: Sigma
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// taxonomy: sigma
    /// ```
    /// or remove the key: `sigma` is the default.
    ///
    /// ## Fix
    /// `--fix --unsafe-fixes` writes `sigma`, keeping the quotes (no fix for a block scalar).
    /// Unsafe: processing pipelines and log source checks then apply to a rule they skipped,
    /// which changes its conversion.
    pub static MISSPELLED_TAXONOMY = "SC220", "misspelled-taxonomy", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((node, taxonomy)) = ctx.doc.meta.taxonomy.string() else {
        return;
    };
    if taxonomy == "sigma" || !is_sigma_misspelled(taxonomy) {
        return;
    }
    out.push(
        Diagnostic::new(
            &MISSPELLED_TAXONOMY,
            node.span.clone(),
            format!("taxonomy `{taxonomy}` is not `sigma`; tools treat it as another taxonomy"),
        )
        .with_help("write `taxonomy: sigma`, or remove the key: `sigma` is the default")
        .with_fix(
            crate::lints::edit::replace_scalar(ctx.text(), node, "sigma")
                .map(|e| Fix::unsafe_("write `sigma`", vec![e])),
        ),
    );
}

/// Whether the taxonomy is meant to be `sigma` but is not written exactly so.
pub(crate) fn is_sigma_misspelled(taxonomy: &str) -> bool {
    taxonomy != "sigma" && edit_distance(&taxonomy.trim().to_lowercase(), "sigma") <= 1
}
