use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::metadata::{string_value, top_list};
use crate::lints::{DocContext, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a reference that points to the same place as an earlier one but is written
    /// differently: `http` and `https`, `www.` or not, a different case in the host name, a
    /// trailing `/`, surrounding spaces. For text references, a different case.
    ///
    /// References listed twice letter for letter are reported by the schema check (SC100).
    ///
    /// ## Why is this bad?
    /// The second entry adds nothing and makes the list look longer than the research behind
    /// the rule; it is usually a copy-and-paste slip when merging rules, where the reference
    /// meant to be added is missing instead. It is a warning: the list is likely wrong.
    ///
    /// ## Example
    /// ```yaml
    /// references:
    ///     - https://lolbas-project.github.io/lolbas/Binaries/Certutil/
    ///     - http://lolbas-project.github.io/lolbas/Binaries/Certutil
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// references:
    ///     - https://lolbas-project.github.io/lolbas/Binaries/Certutil/
    /// ```
    ///
    /// ## Fix
    /// `--fix` removes the later entry, with its line and any comment on that line. Safe: it points
    /// at the same page as the one kept.
    pub static DUPLICATE_REFERENCE = "SC211", "duplicate-reference", Warning, fix = Sometimes;
}

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let items = top_list(ctx.doc, "references");
    let mut seen: HashMap<String, (usize, &str)> = HashMap::with_capacity(items.len());
    for (i, node) in items.iter().enumerate() {
        let Some(raw) = string_value(node) else {
            continue;
        };
        if raw.trim().is_empty() {
            continue;
        }
        let key = normalize(raw);
        match seen.get(&key) {
            None => {
                seen.insert(key, (i, raw));
            }
            // Letter-for-letter repeats are the schema's `uniqueItems` (SC100).
            Some((_, first)) if *first == raw => {}
            Some((j, first)) => out.push({
                let fix = ctx
                    .doc
                    .root
                    .get("references")
                    .and_then(|list| crate::fix::remove_item(ctx.text(), list, i))
                    .map(|e| Fix::safe("remove the repeated reference", vec![e]));
                Diagnostic::new(
                    &DUPLICATE_REFERENCE,
                    node.span.clone(),
                    format!("reference `{raw}` is the same as `{first}`"),
                )
                .with_label("same reference written differently")
                .with_secondary(items[*j].span.clone(), "first listed here")
                .with_help("remove this entry; if another source was meant, list that one instead")
                .with_fix(fix)
            }),
        }
    }
}

/// The reference with the differences that do not change where it points removed.
fn normalize(reference: &str) -> String {
    let r = reference.trim();
    if let Some((scheme, rest)) = r.split_once("://")
        && (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
    {
        let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (host, path) = rest.split_at(cut);
        let host = host.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        let path = path.trim_end_matches('/');
        return format!("https://{host}{path}");
    }
    r.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn same_place() {
        assert_eq!(
            normalize("http://WWW.Example.com/A/"),
            normalize("https://example.com/A")
        );
        assert_ne!(
            normalize("https://example.com/A"),
            normalize("https://example.com/a")
        );
        assert_eq!(
            normalize("Internal  Research"),
            normalize("internal research")
        );
    }
}
