use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::detection::{Names, for_each_quantifier, parsed, quantifier_text};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::Target;

declare_lint! {
    /// ## What it does
    /// Reports a quantifier whose pattern has no `*` and names one search identifier, such as
    /// `1 of selection` or `all of filter_main`. (A pattern without `*` that names nothing is
    /// reported by `dangling-pattern`.)
    ///
    /// ## Why is this bad?
    /// By the specification `1 of selection` is just `selection`, but tools disagree: pySigma
    /// matches the pattern as a prefix, so where `selection_2` also exists it means
    /// `selection or selection_2` there and `selection` elsewhere. Either the `*` was
    /// forgotten or the quantifier is noise. The SigmaHQ validators report it as
    /// `sigmahq_missing_asterisk_condition`. The severity is warning because the meaning is
    /// likely not the intended one in at least one tool.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\mshta.exe'
    ///     filter_main:
    ///         CommandLine|contains: '\Windows\System32\'
    ///     condition: selection and not 1 of filter_main
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     condition: selection and not filter_main
    /// ```
    /// or `1 of filter_main_*` with filters named `filter_main_…`.
    ///
    /// ## Fix
    /// When no other identifier starts with the pattern, `--fix` writes the identifier's name in place
    /// of the quantifier (the condition written verbatim in the file). No fix when pySigma would also
    /// take in other identifiers: which meaning was intended is the author's call. Safe: every tool
    /// reads the two the same way then.
    pub static QUANTIFIER_WITHOUT_WILDCARD = "SC308", "quantifier-without-wildcard", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let mut names = Names::new(det);
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for (cond, parsed) in parsed(det) {
        for_each_quantifier(&parsed.expr, &mut |e, target| {
            let Target::Pattern { pattern, .. } = target else {
                return;
            };
            if pattern.contains('*') || pattern.starts_with('_') || !seen.insert(pattern) {
                return;
            }
            let Some(i) = names.get(pattern) else {
                return;
            };
            if names.charge(names.ids.len()).is_none() {
                return;
            }
            // What pySigma's start-anchored pattern match also takes in.
            let mut also = names.ids.iter().map(|s| s.name).filter(|n| {
                n.len() > pattern.len() && n.starts_with(pattern.as_str()) && !n.starts_with('_')
            });
            let text = quantifier_text(e);
            let d = Diagnostic::new(
                &QUANTIFIER_WITHOUT_WILDCARD,
                cond.file_span(e.span()),
                format!("`{text}` has no `*` and names the single search identifier `{pattern}`"),
            )
            .with_secondary(
                names.ids[i].key.span.clone(),
                format!("`{pattern}` is defined here"),
            );
            let d = match also.next() {
                Some(other) => d
                    .with_label(format!(
                        "`{pattern}` in most tools, but pySigma matches it as a prefix and also takes in `{other}`"
                    ))
                    .with_help(format!(
                        "write `{pattern}` for this one identifier, or `{text}*` for every `{pattern}…` identifier"
                    )),
                None => d
                    .with_label(format!("the same as `{pattern}`"))
                    .with_help(format!("write `{pattern}`"))
                    .with_fix(cond.exact_file_span(e.span()).map(|span| {
                        Fix::safe(
                            format!("write `{pattern}`"),
                            vec![Edit {
                                span,
                                content: pattern.clone(),
                            }],
                        )
                    })),
            };
            out.push(d);
        });
    }
}
