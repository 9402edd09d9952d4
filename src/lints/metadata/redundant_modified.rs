use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::metadata::calendar_date;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `modified` date equal to the creation `date`.
    ///
    /// ## Why is this bad?
    /// `modified` records the last change after the rule was first published; a rule changed
    /// on the day it was written has no such change. The extra key says nothing and makes a
    /// new rule look like an updated one in changelogs. It is harmless, so this is info.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2024-03-12
    /// modified: 2024-03-12
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: 2024-03-12
    /// ```
    ///
    /// ## Fix
    /// `--fix` removes the `modified:` line, with a comment at the end of it. No fix when the
    /// entry shares its line with something else or spans a block scalar. Safe: the date it
    /// repeats stays in `date`, and the detection is not touched.
    pub static REDUNDANT_MODIFIED = "SC205", "redundant-modified", Info, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((date_node, date)) = ctx.doc.meta.date.string() else {
        return;
    };
    let Some((mod_node, modified)) = ctx.doc.meta.modified.string() else {
        return;
    };
    let (Some(date), Some(modified)) = (calendar_date(date), calendar_date(modified)) else {
        return;
    };
    if modified == date {
        let fix = crate::lints::edit::remove_entry(ctx.text(), ctx.doc.root, "modified")
            .map(|e| Fix::safe("remove `modified`", vec![e]));
        out.push(
            Diagnostic::new(
                &REDUNDANT_MODIFIED,
                mod_node.span.clone(),
                format!("`modified` is the creation date `{date}`"),
            )
            .with_secondary(date_node.span.clone(), "created the same day")
            .with_help("remove `modified`; add it when the rule is changed on a later day")
            .with_fix(fix),
        );
    }
}
