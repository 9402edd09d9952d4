use crate::diagnostics::Diagnostic;
use crate::lints::logsource::unknown_field::source_key;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a log source that is not in SigmaHQ's taxonomy, by
    /// its exact `product`, `category` and `service` (`product: windows` with
    /// `category: process_creation` is listed; the same with `service: security` is not):
    /// SigmaHQ's `sigmahq_logsource_unknown`. The taxonomy is SigmaHQ's, embedded, with the log
    /// sources of `--taxonomy` added.
    ///
    /// Misspelled values are reported in every profile by SC604; this lint holds every rule to
    /// SigmaHQ's list, which only a pack that follows SigmaHQ's taxonomy wants.
    ///
    /// ## Why is this bad?
    /// SigmaHQ's processing pipelines and backends know the log sources of its taxonomy; a
    /// rule for another combination is converted for no log source, or not at all. It is a
    /// warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    ///     service: security
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    pub static UNLISTED_LOGSOURCE = "SC249", "unlisted-logsource", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(key) = source_key(ctx.doc) else {
        return;
    };
    // A log source with none of the three keys is SC601's.
    if key.product.is_none() && key.category.is_none() && key.service.is_none() {
        return;
    }
    let taxonomy = &ctx.settings.taxonomy;
    if taxonomy
        .source(
            key.product.as_deref(),
            key.category.as_deref(),
            key.service.as_deref(),
        )
        .is_some()
    {
        return;
    }
    let Some(ls) = ctx.doc.logsource else {
        return;
    };
    out.push(
        Diagnostic::new(
            &UNLISTED_LOGSOURCE,
            ls.entry.key.span.clone(),
            format!("log source `{key}` is not in SigmaHQ's taxonomy"),
        )
        .with_label("not a listed log source")
        .with_help(
            "use a log source of SigmaHQ's taxonomy, or add yours to a taxonomy file given with `--taxonomy`",
        ),
    );
}
