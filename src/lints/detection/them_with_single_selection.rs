use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::detection::{for_each_quantifier, parsed, quantifier_text};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::Target;

declare_lint! {
    /// ## What it does
    /// Reports `1 of them` or `all of them` when `them` stands for a single search identifier
    /// (identifiers starting with `_` are not part of `them`).
    ///
    /// ## Why is this bad?
    /// Over one identifier, `1 of them` and `all of them` both mean just that identifier, and
    /// the quantifier hides it from the reader. It also changes meaning silently when a filter
    /// is added later: `1 of them` would then match the filter on its own. pySigma
    /// (`them_condition_with_single_detection`) and the SigmaHQ validators
    /// (`sigmahq_ofthem_condition`) report it with low severity; it is info here because the
    /// rule works as written.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\vssadmin.exe'
    ///         CommandLine|contains: 'delete shadows'
    ///     condition: 1 of them
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     condition: selection
    /// ```
    ///
    /// ## Fix
    /// `--fix` writes the identifier's name in place of the quantifier when the condition is written
    /// verbatim in the file (no escapes or line folding). Safe: with one identifier `them` includes,
    /// the two conditions match the same events.
    pub static THEM_WITH_SINGLE_SELECTION = "SC306", "them-with-single-selection", Info, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let mut included = det.search_ids.iter().filter(|s| !s.name.starts_with('_'));
    let (Some(only), None) = (included.next(), included.next()) else {
        return;
    };
    for (cond, parsed) in parsed(det) {
        for_each_quantifier(&parsed.expr, &mut |e, target| {
            if !matches!(target, Target::Them { .. }) {
                return;
            }
            let text = quantifier_text(e);
            out.push(
                Diagnostic::new(
                    &THEM_WITH_SINGLE_SELECTION,
                    cond.file_span(e.span()),
                    format!(
                        "`{text}` stands for the single search identifier `{}`",
                        only.name
                    ),
                )
                .with_label(format!("the same as `{}`", only.name))
                .with_secondary(
                    only.key.span.clone(),
                    "the only search identifier `them` includes",
                )
                .with_help(format!("write `{}`", only.name))
                .with_fix(cond.exact_file_span(e.span()).map(|span| {
                    Fix::safe(
                        format!("write `{}`", only.name),
                        vec![Edit {
                            span,
                            content: only.name.to_owned(),
                        }],
                    )
                })),
            );
        });
    }
}
