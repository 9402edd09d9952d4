use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, id_key};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `related` entry of type `derived` or `similar` whose `id` is not the id of
    /// any rule in the checked files.
    ///
    /// Entries of type `obsolete`, `merged` and `renamed` are not reported: they point at
    /// rules that were replaced, and a replaced rule is usually deleted or kept outside the
    /// active folders (SigmaHQ keeps them in `deprecated/`). Like every reference check, this
    /// only runs when at least one directory was checked.
    ///
    /// ## Why is this bad?
    /// A `derived` or `similar` link is for readers and catalogues ("see also"); a link to a
    /// rule that does not exist leads nowhere, usually because the other rule was deleted or
    /// its id mistyped. The severity is info: detection is unaffected.
    ///
    /// ## Example
    /// ```yaml
    /// related:
    ///     - id: 8f2a9c3b-7e5d-4f1a-9b8e-2c4d6a8f9e1b # no such rule
    ///       type: similar
    /// ```
    ///
    /// ## Use instead
    /// Fix the id, or remove the entry if the other rule was deleted.
    pub static UNRESOLVED_RELATED = "SC808", "unresolved-related", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    if !pack.options.resolve_references {
        return;
    }
    for pd in &pack.docs {
        let own = pd.doc.id.as_ref().map(|i| id_key(&i.value));
        for rel in &pd.doc.related {
            let Some(kind @ ("derived" | "similar")) = rel.relation.as_deref() else {
                continue;
            };
            let key = id_key(&rel.id.value);
            if key.is_empty() || own.as_deref() == Some(key.as_str()) {
                continue; // a self-reference is SC809's
            }
            if !pack.with_id(&key).is_empty() {
                continue;
            }
            out.push((
                pd.file,
                Diagnostic::new(
                    &UNRESOLVED_RELATED,
                    rel.id.span.clone(),
                    format!(
                        "related rule `{}` ({kind}) is not in the checked files",
                        rel.id.value
                    ),
                )
                .with_label("unknown rule id")
                .with_help("fix the id, or remove the entry if that rule was deleted"),
            ));
        }
    }
}
