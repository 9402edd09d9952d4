use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

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

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let items = ctx.doc.meta.references.items();
    if items.len() < 2 {
        return;
    }
    // The first reference of each place, in list order: lists are short, a scan beats hashing.
    let mut seen: Vec<(Place<'_>, usize, &str)> = Vec::with_capacity(items.len());
    for (i, node) in items.iter().enumerate() {
        let Some(raw) = string_value(node) else {
            continue;
        };
        if raw.trim().is_empty() {
            continue;
        }
        let place = Place::of(raw);
        match seen.iter().find(|(p, _, _)| *p == place) {
            None => seen.push((place, i, raw)),
            // Letter-for-letter repeats are the schema's `uniqueItems` (SC100).
            Some((_, _, first)) if *first == raw => {}
            Some((_, j, first)) => out.push({
                let fix = ctx
                    .doc
                    .meta
                    .references
                    .node()
                    .and_then(|list| crate::lints::edit::remove_item(ctx.text(), list, i))
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

/// Where a reference points, with the differences that do not change it left out.
enum Place<'a> {
    /// An `http(s)` link: the host (any case, without `www.`) and the path without trailing `/`.
    Web { host: &'a str, path: &'a str },
    /// Anything else: lowercased, with runs of whitespace as one space.
    Text(String),
}

impl<'a> Place<'a> {
    fn of(reference: &'a str) -> Self {
        let r = reference.trim();
        if let Some((scheme, rest)) = r.split_once("://")
            && (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        {
            let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (host, path) = rest.split_at(cut);
            let host = match host.as_bytes().get(..4) {
                Some(www) if www.eq_ignore_ascii_case(b"www.") => &host[4..],
                _ => host,
            };
            return Self::Web {
                host,
                path: path.trim_end_matches('/'),
            };
        }
        Self::Text(
            r.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        )
    }
}

// A text never equals a link: its lowercase form would start with `http://` or `https://`,
// which only those ASCII letters in any case give, and then it is a link.
impl PartialEq for Place<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Web { host, path }, Self::Web { host: h, path: p }) => {
                path == p && host.eq_ignore_ascii_case(h)
            }
            (Self::Text(a), Self::Text(b)) => a == b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Place;

    /// The normal form the lint compared before [`Place`]: two references are the same place
    /// when these strings are equal.
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

    fn same(a: &str, b: &str) -> bool {
        Place::of(a) == Place::of(b)
    }

    #[test]
    fn same_place() {
        assert!(same("http://WWW.Example.com/A/", "https://example.com/A"));
        assert!(!same("https://example.com/A", "https://example.com/a"));
        assert!(same("Internal  Research", "internal research"));
    }

    #[test]
    fn place_agrees_with_the_normal_form() {
        let refs = [
            "https://example.com/A",
            "http://WWW.Example.com/A/",
            "HTTPS://www.example.com/A//",
            "https://example.com/a",
            "https://example.com",
            "https://example.com/",
            "https://example.com?/",
            "https://example.com?",
            "https://example.com#x",
            "https://www.www.example.com",
            "https://www.",
            "https://",
            "http://",
            "https://ex ample.com/a b",
            "https://ÉXAMPLE.com/a",
            "https://éxample.com/a",
            "ftp://example.com/A",
            "FTP://example.com/a",
            "https://example.com/A https://example.com/A",
            "Internal  Research",
            "internal research",
            "INTERNAL\tRESEARCH ",
            "https example.com/a",
            "HTTPS://EXAMPLE.COM/A",
            "see https://example.com/A",
            "Ünïcode ΣΑΣ",
            "ünïcode σας",
            "ünïcode σασ",
            "",
        ];
        for a in refs {
            for b in refs {
                assert_eq!(same(a, b), normalize(a) == normalize(b), "{a:?} {b:?}");
            }
        }
    }
}
