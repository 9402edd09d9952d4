use crate::diagnostics::Diagnostic;
use crate::lints::metadata::{is_rule_or_correlation, missing_or_empty};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule or correlation without an `author`, or with an empty one. Filters are
    /// not checked: the filter specification defines no author.
    ///
    /// ## Why is this bad?
    /// The author is who to ask when the rule misfires or needs a change, and the credit the
    /// catalogue shows. Without it, a rule imported into another pack loses its origin. The
    /// specification makes it optional, so this is info.
    ///
    /// ## Example
    /// ```yaml
    /// title: Suspicious Certutil Download
    /// date: 2024-05-17
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Suspicious Certutil Download
    /// author: Jane Doe (@janedoe), John Roe
    /// date: 2024-05-17
    /// ```
    pub static MISSING_AUTHOR = "SC210", "missing-author", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    if !is_rule_or_correlation(ctx.doc) {
        return;
    }
    let Some((span, message)) = missing_or_empty(ctx.doc, "author", ctx.doc.meta.author) else {
        return;
    };
    out.push(Diagnostic::new(&MISSING_AUTHOR, span, message).with_help(
        "add `author:` with the name or handle of who wrote the rule; separate several with commas",
    ));
}
