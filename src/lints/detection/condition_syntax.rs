use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `condition` that does not parse: unbalanced parentheses, a missing operand
    /// after `and`/`or`/`not`, two identifiers without an operator between them, characters
    /// the condition language does not have, quantifiers other than `1 of`/`all of`. The
    /// diagnostic points at the column inside the condition.
    ///
    /// ## Why is this bad?
    /// The rule cannot be converted to any SIEM query; every backend rejects it.
    ///
    /// ## Example
    /// ```yaml
    /// condition: selection and (not filter
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// condition: selection and not filter
    /// ```
    pub static CONDITION_SYNTAX = "SC302", "condition-syntax", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    for cond in &det.conditions {
        if let Err(e) = &cond.parsed {
            let mut d = Diagnostic::new(
                &CONDITION_SYNTAX,
                cond.file_span(e.span.clone()),
                &e.message,
            );
            if let Some(h) = &e.help {
                d = d.with_help(h);
            }
            out.push(d);
        }
    }
}
