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
    /// An empty condition (`condition:`, `condition: null`, `condition: ~`, `condition: ''`) is
    /// reported once, here, rather than also as a value of the wrong type (SC102) or length
    /// (SC105).
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
    pub static CONDITION_SYNTAX = "SC302", "condition-syntax", Error,
        replaces = [
            crate::lints::schema::wrong_type::WRONG_TYPE,
            crate::lints::schema::invalid_length::INVALID_LENGTH,
        ];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    for cond in &det.conditions {
        let node = cond.node;
        if node.is_null() || node.as_str().is_some_and(|s| s.trim().is_empty()) {
            out.push(
                Diagnostic::new(&CONDITION_SYNTAX, node.span.clone(), "`condition` is empty")
                    .with_help(
                        "write which search identifiers must match, e.g. `condition: selection`",
                    ),
            );
            continue;
        }
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
