use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule id listed more than once under `related`, with the same or a different
    /// `type`.
    ///
    /// ## Why is this bad?
    /// Each related rule has one relation to this rule. The same id twice is either a repeat
    /// that adds nothing or two relations that contradict each other (a rule cannot be both
    /// `derived` from and `obsolete` by the same rule). Often the second entry was meant to
    /// name another rule whose id is now missing. It is a warning: the list is likely wrong.
    ///
    /// ## Example
    /// ```yaml
    /// related:
    ///     - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
    ///       type: derived
    ///     - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
    ///       type: similar
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// related:
    ///     - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
    ///       type: derived
    /// ```
    pub static DUPLICATE_RELATED = "SC218", "duplicate-related", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let items = ctx.doc.meta.related.items();
    let mut seen: HashMap<String, (&crate::yaml::Node, Option<&str>)> =
        HashMap::with_capacity(items.len());
    for item in ctx.doc.meta.related() {
        let Some(id_node) = item.id else {
            continue;
        };
        let Some(id) = string_value(id_node) else {
            continue;
        };
        let kind = item.kind.and_then(string_value);
        let key = id.trim().to_ascii_lowercase();
        let Some((first, first_kind)) = seen.get(&key) else {
            seen.insert(key, (id_node, kind));
            continue;
        };
        let message = match (first_kind, kind) {
            (Some(a), Some(b)) if *a != b => {
                format!("related rule `{id}` is listed twice, as `{a}` and as `{b}`")
            }
            _ => format!("related rule `{id}` is listed twice"),
        };
        out.push(
            Diagnostic::new(&DUPLICATE_RELATED, id_node.span.clone(), message)
                .with_label("listed again here")
                .with_secondary(first.span.clone(), "first listed here")
                .with_help("keep one entry with the relation that fits; if another rule was meant, write its id"),
        );
    }
}
