use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;

declare_lint! {
    /// ## What it does
    /// Reports `level` or `status` on a filter rule.
    ///
    /// ## Why is this bad?
    /// A filter only tunes other rules; the Sigma filter specification says it has no `level`
    /// or `status`, and converters ignore them. Readers may believe the filter raises or lowers
    /// the level of the filtered rules, or that a `deprecated` filter is no longer applied. The
    /// severity is info: nothing breaks.
    ///
    /// ## Example
    /// ```yaml
    /// title: Filter Administrator account
    /// level: low
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// filter:
    ///     rules:
    ///         - 6f3e2987-db24-4c78-a860-b4f4095a7095
    ///     selection:
    ///         User|startswith: 'adm_'
    ///     condition: not selection
    /// ```
    ///
    /// ## Use instead
    /// Remove `level` and `status`; delete a filter that should no longer apply.
    pub static FILTER_WITH_LEVEL_OR_STATUS = "SC712", "filter-with-level-or-status", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.doc.kind != Kind::Filter {
        return;
    }
    for key in ["level", "status"] {
        let Some(e) = ctx.doc.root.entry(key) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &FILTER_WITH_LEVEL_OR_STATUS,
                e.key.span.clone(),
                format!("`{key}` has no effect on a filter"),
            )
            .with_label("ignored on a filter")
            .with_help(format!("remove `{key}`")),
        );
    }
}
