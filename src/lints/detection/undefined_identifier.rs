use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::detection::{Names, parsed};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{self, Expr};

declare_lint! {
    /// ## What it does
    /// Reports a name in the `condition` that is not one of the search identifiers defined
    /// next to it, and suggests the closest defined name. Each undefined name is reported once,
    /// at its first use inside the condition.
    ///
    /// ## Why is this bad?
    /// The condition cannot be evaluated: pySigma stops with "Detection '…' not defined in
    /// detections" and the rule is never converted. The usual cause is a typo or a selection
    /// that was renamed or deleted without updating the condition. The severity is error
    /// because the rule is broken in every tool.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\certutil.exe'
    ///     condition: selectoin
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\certutil.exe'
    ///     condition: selection
    /// ```
    pub static UNDEFINED_IDENTIFIER = "SC303", "undefined-identifier", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    // A detection without any search identifier is reported once by `empty-detection`.
    if det.search_ids.is_empty() {
        return;
    }
    let section = det.key.as_str().unwrap_or("detection");
    let mut names = Names::new(det);
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for (cond, parsed) in parsed(det) {
        condition::walk(&parsed.expr, &mut |e| {
            let Expr::Ident { name, span } = e else {
                return;
            };
            if names.get(name).is_some() || !seen.insert(name.as_str()) {
                return;
            }
            let mut d = Diagnostic::new(
                &UNDEFINED_IDENTIFIER,
                cond.file_span(span.clone()),
                format!("condition refers to undefined search identifier `{name}`"),
            )
            .with_label(format!("not defined in `{section}`"));
            // Each suggestion compares with every defined name; bounded per document.
            let suggestion = names
                .may_suggest()
                .then(|| did_you_mean(name, names.ids.iter().map(|s| s.name)))
                .flatten();
            d = match suggestion {
                Some(s) => {
                    let key = names.get(s).map(|i| names.ids[i].key.span.clone());
                    let help = if s.eq_ignore_ascii_case(name) {
                        format!("search identifiers are case-sensitive: did you mean `{s}`?")
                    } else {
                        format!("did you mean `{s}`?")
                    };
                    let d = d.with_help(help);
                    match key {
                        Some(k) => d.with_secondary(k, format!("`{s}` is defined here")),
                        None => d,
                    }
                }
                None if name == "them" => d.with_help("did you mean `1 of them`?"),
                None => d.with_help(format!(
                    "define `{name}` in `{section}`, or remove it from the condition"
                )),
            };
            out.push(d);
        });
    }
}
