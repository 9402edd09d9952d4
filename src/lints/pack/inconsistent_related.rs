use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, id_key};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `related` entry of type `obsolete` or `renamed` whose target is still in the
    /// pack with a status other than `deprecated` or `unsupported`.
    ///
    /// The specification defines `obsolete` as "obsoletes the referred rule, which isn't used
    /// anymore" and `renamed` as "had previously the referred identifier; it's not expected
    /// that a rule with this id exists anymore". `derived`, `merged` and `similar` targets may
    /// stay active and are not checked.
    ///
    /// Targets that are not in the checked files are fine here (replaced rules are usually
    /// deleted).
    ///
    /// ## Why is this bad?
    /// Both rules stay active: the replaced one keeps alerting next to its replacement, and
    /// catalogues show a rule as current that its successor declares obsolete. The severity is
    /// warning.
    ///
    /// ## Example
    /// ```yaml
    /// # new.yml
    /// related:
    ///     - id: 6f3e2987-db24-4c78-a860-b4f4095a7095
    ///       type: obsolete
    /// # old.yml (id 6f3e2987-…)
    /// status: test
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # old.yml
    /// status: deprecated
    /// ```
    pub static INCONSISTENT_RELATED = "SC809", "inconsistent-related", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    for (i, pd) in pack.docs.iter().enumerate() {
        let own = pd.doc.id.as_ref().map(|id| id_key(&id.value));
        for rel in &pd.doc.related {
            let key = id_key(&rel.id.value);
            if key.is_empty() {
                continue;
            }
            let kind = rel.relation.as_deref().unwrap_or("related");
            if own.as_deref() == Some(key.as_str()) {
                continue; // a self-reference is a per-rule (metadata) finding
            }
            if !matches!(kind, "obsolete" | "renamed") {
                continue;
            }
            let Some(&t) = pack.with_id(&key).first() else {
                continue;
            };
            let target = pack.docs[t].doc;
            if matches!(target.status(), Some("deprecated" | "unsupported")) {
                continue;
            }
            let status = target
                .status()
                .map_or_else(|| String::from("no status"), |s| format!("status `{s}`"));
            let claim = if kind == "obsolete" {
                "this rule obsoletes it"
            } else {
                "this rule was renamed from it"
            };
            let d = Diagnostic::new(
                &INCONSISTENT_RELATED,
                rel.id.span.clone(),
                format!(
                    "`{kind}` rule `{}` is still active ({status}), but {claim}",
                    target.label()
                ),
            )
            .with_label(format!("`{kind}` target"))
            .with_help(format!(
                "set `status: deprecated` on `{}`, or use `type: derived` or `similar` if both rules should stay",
                target.label()
            ));
            let span = target
                .status
                .as_ref()
                .or(target.id.as_ref())
                .map_or(target.span.clone(), |s| s.span.clone());
            let msg = if target.status.is_some() {
                "still active"
            } else {
                "no status"
            };
            out.push((pd.file, pack.label(d, i, t, span, msg)));
        }
    }
}
