use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, id_key};
use crate::lints::{Hook, declare_lint};
use crate::sigma::Kind;

declare_lint! {
    /// ## What it does
    /// Reports an entry of a correlation's or filter's `rules:` that resolves to a rule whose
    /// `status` is `deprecated` or `unsupported`.
    ///
    /// When another rule of the pack obsoletes,
    /// merges or renames the deprecated one (`related` with type `obsolete`, `merged` or
    /// `renamed`), the help names it.
    ///
    /// ## Why is this bad?
    /// Deprecated rules are replaced and usually no longer deployed, and unsupported ones
    /// cannot be converted: a correlation built on them counts nothing, and a filter tunes a
    /// rule nobody runs while the replacement keeps its false positives. The severity is
    /// warning: the reference still resolves.
    ///
    /// ## Example
    /// ```yaml
    /// filter:
    ///     rules:
    ///         - 6f3e2987-db24-4c78-a860-b4f4095a7095 # status: deprecated
    /// ```
    ///
    /// ## Use instead
    /// Refer to the rule that replaced it:
    /// ```yaml
    /// filter:
    ///     rules:
    ///         - df0841c0-9846-4e9f-ad8a-7df91571771b
    /// ```
    pub static DEPRECATED_RULE_REFERENCE = "SC807", "deprecated-rule-reference", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

fn retired(status: Option<&str>) -> bool {
    matches!(status, Some("deprecated" | "unsupported"))
}

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    // Which rule replaces which: target id → the first rule relating to it as its successor.
    let mut replaced_by: Option<HashMap<String, usize>> = None;
    for (i, pd) in pack.docs.iter().enumerate() {
        let doc = pd.doc;
        let what = match doc.kind {
            Kind::Correlation => "correlation",
            Kind::Filter => "filter",
            Kind::Detection => continue,
        };
        for r in &doc.references {
            let Some(t) = pack.resolve(&r.value) else {
                continue;
            };
            let target = pack.docs[t].doc;
            if !retired(target.status()) {
                continue;
            }
            let Some(status) = &target.status else {
                continue;
            };
            let successors = replaced_by.get_or_insert_with(|| successors(pack));
            let successor = target
                .id
                .as_ref()
                .and_then(|id| successors.get(&id_key(&id.value)))
                .map(|&s| pack.docs[s].doc)
                .filter(|s| !retired(s.status()));
            let help = match successor {
                Some(s) => {
                    let handle = s
                        .name
                        .as_ref()
                        .or(s.id.as_ref())
                        .map_or(s.label(), |h| h.value.as_str());
                    format!("refer to `{handle}` ({}), which replaces it", s.label())
                }
                None => String::from(
                    "refer to the rule that replaces it (see its `related`), or remove the reference",
                ),
            };
            let d = Diagnostic::new(
                &DEPRECATED_RULE_REFERENCE,
                r.span.clone(),
                format!(
                    "{what} refers to `{}`, whose status is `{}`",
                    target.label(),
                    status.value
                ),
            )
            .with_label(format!("a {} rule", status.value))
            .with_help(help);
            out.push((
                pd.file,
                pack.label(d, i, t, status.span.clone(), "status set here"),
            ));
        }
    }
}

fn successors(pack: &Pack<'_>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, pd) in pack.docs.iter().enumerate() {
        for rel in &pd.doc.related {
            if matches!(
                rel.relation.as_deref(),
                Some("obsolete" | "merged" | "renamed")
            ) {
                map.entry(id_key(&rel.id.value)).or_insert(i);
            }
        }
    }
    map
}
