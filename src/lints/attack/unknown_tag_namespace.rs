use super::{NAMESPACES, Tags};
use crate::attack::parse_attack_id;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a tag whose namespace (the part before the first dot) is none of the namespaces
    /// of the Sigma specification: `attack`, `car`, `cve`, `d3fend`, `detection`, `stp` and
    /// `tlp`. A near miss such as `attck` gets a suggestion, and an ATT&CK id written without
    /// its namespace (`t1059.001`) gets the `attack.` prefix.
    ///
    /// ## Why is this bad?
    /// Tools group, filter and map rules by tag namespace: a rule tagged `attck.t1059` is
    /// missing from every ATT&CK view of the pack. It is a warning, not an error, because a
    /// team may use a private namespace on purpose: list it in `extra-tag-namespaces` in
    /// `sigscope.toml` (or `--extra-tag-namespaces`) and it is accepted.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attck.execution
    ///     - t1059.001
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    /// ```
    pub static UNKNOWN_TAG_NAMESPACE = "SC501", "unknown-tag-namespace", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    let extra = tags.extra_namespaces;
    for item in tags.items.iter().filter(|i| i.well_formed) {
        if NAMESPACES.contains(&item.namespace) || extra.iter().any(|n| n == item.namespace) {
            continue;
        }
        let d = Diagnostic::new(
            &UNKNOWN_TAG_NAMESPACE,
            item.span.clone(),
            format!(
                "unknown tag namespace `{}` in `{}`",
                item.namespace, item.text
            ),
        );
        let help = if parse_attack_id(item.text).is_some() {
            format!("write `attack.{}`", item.text)
        } else if parse_attack_id(item.value).is_some() {
            format!("write `attack.{}`", item.value)
        } else if let Some(ns) = did_you_mean(item.namespace, NAMESPACES.iter().copied()) {
            format!("write `{ns}.{}`", item.value)
        } else {
            format!(
                "use one of the namespaces of the Sigma specification: {}",
                NAMESPACES
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(d.with_label("unknown namespace").with_help(help));
    }
}
