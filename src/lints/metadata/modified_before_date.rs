use crate::diagnostics::Diagnostic;
use crate::lints::metadata::calendar_date;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `modified` date that is earlier than the creation `date`.
    ///
    /// ## Why is this bad?
    /// A rule cannot be changed before it was written: one of the two dates is wrong, usually
    /// swapped or mistyped. Catalogues, changelogs and "new rules" feeds sort and filter on
    /// these dates, so the rule shows up in the wrong place or not at all. The rule's metadata
    /// contradicts itself, so this is an error.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2024-03-12
    /// modified: 2023-03-12
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// date: 2023-03-12
    /// modified: 2024-03-12
    /// ```
    pub static MODIFIED_BEFORE_DATE = "SC204", "modified-before-date", Error;
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
    if modified < date {
        out.push(
            Diagnostic::new(
                &MODIFIED_BEFORE_DATE,
                mod_node.span.clone(),
                format!("`modified` date `{modified}` is before the creation date `{date}`"),
            )
            .with_label("modified before it was created")
            .with_secondary(date_node.span.clone(), "created here")
            .with_help("check both dates; `modified` is the day of the last change and is never earlier than `date`"),
        );
    }
}
