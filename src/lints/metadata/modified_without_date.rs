use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule that has a `modified` date but no creation `date`.
    ///
    /// ## Why is this bad?
    /// `modified` only makes sense after a creation date: without `date`, the catalogue cannot
    /// tell how old the rule is, and a reader cannot tell whether `modified` is really the
    /// creation date under the wrong key. Both keys are optional in the specification, so this
    /// is info.
    ///
    /// ## Example
    /// ```yaml
    /// author: Jane Doe
    /// modified: 2024-05-17
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// author: Jane Doe
    /// date: 2023-11-02
    /// modified: 2024-05-17
    /// ```
    pub static MODIFIED_WITHOUT_DATE = "SC207", "modified-without-date", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(entry) = ctx.doc.meta.modified.entry() else {
        return;
    };
    if string_value(&entry.value).is_none() || ctx.doc.meta.date.is_some() {
        return;
    }
    out.push(
        Diagnostic::new(
            &MODIFIED_WITHOUT_DATE,
            entry.key.span.clone(),
            "`modified` is set but the creation `date` is missing",
        )
        .with_help("add `date:` with the day the rule was first written, as YYYY-MM-DD; if this is that day, rename `modified` to `date`"),
    );
}
