use crate::diagnostics::Diagnostic;
use crate::lints::metadata::{is_collection_part, is_rule_or_correlation};
use crate::lints::{DocContext, declare_lint};

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

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    if !is_rule_or_correlation(ctx.doc) || is_collection_part(ctx) {
        return;
    }
    let root = ctx.doc.root;
    let (span, message) = match root.entry("author") {
        None => {
            let Some(first) = root.as_mapping().and_then(|m| m.first()) else {
                return;
            };
            let span = root
                .entry("title")
                .map_or_else(|| first.key.span.clone(), |e| e.key.span.clone());
            (span, "rule has no `author`")
        }
        Some(e) => {
            let empty = e.value.is_null() || e.value.as_str().is_some_and(|s| s.trim().is_empty());
            if !empty {
                return;
            }
            (e.key.span.clone(), "`author` is empty")
        }
    };
    out.push(Diagnostic::new(&MISSING_AUTHOR, span, message).with_help(
        "add `author:` with the name or handle of who wrote the rule; separate several with commas",
    ));
}
