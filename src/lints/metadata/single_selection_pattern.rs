use crate::diagnostics::Diagnostic;
use crate::lints::detection::{Names, for_each_quantifier, parsed, quantifier_text};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::Target;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a quantifier such as `1 of sel_*` over a pattern ending
    /// in `_*` that matches only one search identifier. SigmaHQ's validator `sigmahq_ofselection_condition`; like it, `selection_*` and
    /// `filter_*` patterns are left alone, since SigmaHQ names its selections and filters that
    /// way even when there is one so far. A pattern that matches nothing is
    /// `dangling-pattern` (SC304).
    ///
    /// ## Why is this bad?
    /// A pattern says "one (or all) of these selections"; over a single selection it says the
    /// same as the selection's name, and a reader looks for the others. Info, because SigmaHQ's
    /// CI turns this check off.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     sel_img:
    ///         Image|endswith: '\certutil.exe'
    ///     condition: 1 of sel_*
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     sel_img:
    ///         Image|endswith: '\certutil.exe'
    ///     condition: sel_img
    /// ```
    pub static SINGLE_SELECTION_PATTERN = "SC254", "single-selection-pattern", Info, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let mut names = Names::new(det);
    for (cond, parsed) in parsed(det) {
        for_each_quantifier(&parsed.expr, &mut |e, target| {
            let Target::Pattern { pattern, .. } = target else {
                return;
            };
            if !pattern.ends_with("_*")
                || pattern.starts_with("selection_")
                || pattern.starts_with("filter_")
            {
                return;
            }
            let Some(selected) = names.selected(target) else {
                return;
            };
            let [only] = selected[..] else { return };
            let name = names.ids[only].name;
            out.push(
                Diagnostic::new(
                    &SINGLE_SELECTION_PATTERN,
                    cond.file_span(e.span()),
                    format!(
                        "`{}` matches only the search identifier `{name}`",
                        quantifier_text(e)
                    ),
                )
                .with_secondary(names.ids[only].key.span.clone(), format!("`{name}` is defined here"))
                .with_help(format!("write `{name}`, or add the other `{pattern}` selections the pattern is meant for")),
            );
        });
    }
}
