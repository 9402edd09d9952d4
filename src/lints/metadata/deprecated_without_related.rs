use crate::diagnostics::Diagnostic;

use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule with `status: deprecated` that has no `related` entry.
    ///
    /// ## Why is this bad?
    /// The specification defines `deprecated` as "replaced or covered by another one", with
    /// the link established by `related`. Without it, users who run the deprecated rule are
    /// not told what to run instead, and the coverage it gave is silently lost when they drop
    /// it. It is a warning: the deprecation is likely incomplete.
    ///
    /// ## Example
    /// ```yaml
    /// title: Suspicious Certutil Command
    /// id: e011a729-98a6-4139-b5c4-bf6f6dd8239a
    /// status: deprecated
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Suspicious Certutil Command
    /// id: e011a729-98a6-4139-b5c4-bf6f6dd8239a
    /// related:
    ///     - id: 19b08b1c-861d-4e75-a1ef-ea0c1baf202b
    ///       type: obsolete
    /// status: deprecated
    /// ```
    /// (`type` describes the relation from this rule's side; use the one that fits.)
    pub static DEPRECATED_WITHOUT_RELATED = "SC216", "deprecated-without-related", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((node, status)) = ctx.doc.meta.status.string() else {
        return;
    };
    if status != "deprecated" || !ctx.doc.meta.related.items().is_empty() {
        return;
    }
    // A `related` key of the wrong shape is the schema's to report.
    if ctx
        .doc
        .meta
        .related
        .node()
        .is_some_and(|r| !r.is_null() && r.as_sequence().is_none())
    {
        return;
    }
    out.push(
        Diagnostic::new(
            &DEPRECATED_WITHOUT_RELATED,
            node.span.clone(),
            "rule is `deprecated` but names no replacement in `related`",
        )
        .with_label("deprecated in favour of nothing")
        .with_help("add `related:` with the id of the rule that replaces or covers this one, e.g. `- id: <uuid>` and `type: obsolete`"),
    );
}
