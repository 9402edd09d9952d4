use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::{Diagnostic, edit_distance};
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a reference that is meant as a link but is not a usable one: a misspelled
    /// scheme (`htps://`, `https//`, `https:/`), a scheme with no address after it, a web
    /// address without a scheme (`www.example.com/…`, `github.com/org/repo`), or an empty
    /// entry.
    ///
    /// Text references such as `Internal Research` are allowed: the specification asks for
    /// sources, not only links, and SigmaHQ rules use them.
    ///
    /// ## Why is this bad?
    /// Readers, the catalogue and link checkers only follow well-formed `http(s)://` links; a
    /// broken one is shown as plain text, so the source of the rule is lost, and nothing
    /// notices when the page behind it disappears. It is a warning: the reference is likely
    /// wrong.
    ///
    /// ## Example
    /// ```yaml
    /// references:
    ///     - htps://lolbas-project.github.io/lolbas/Binaries/Certutil/
    ///     - www.thedfirreport.com/2023/01/09/unwrapping-ursnifs-gifts/
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// references:
    ///     - https://lolbas-project.github.io/lolbas/Binaries/Certutil/
    ///     - https://www.thedfirreport.com/2023/01/09/unwrapping-ursnifs-gifts/
    /// ```
    pub static MALFORMED_REFERENCE = "SC212", "malformed-reference", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// `name:` at the start of a reference, the way a URL scheme is written: the scheme, the
/// slashes after the colon and the rest up to whitespace, as `^([A-Za-z][A-Za-z0-9+.-]*):(/*)(\S*)`
/// would capture them (by hand: a regex with captures cost more than the rest of the lint).
fn scheme_parts(s: &str) -> Option<(&str, &str, &str)> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let colon = 1 + b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    if b.get(colon) != Some(&b':') {
        return None;
    }
    let after = &s[colon + 1..];
    let rest = after.trim_start_matches('/');
    let slashes = &after[..after.len() - rest.len()];
    let rest = rest.find(char::is_whitespace).map_or(rest, |i| &rest[..i]);
    Some((&s[..colon], slashes, rest))
}

/// A bare host name with a path, such as `github.com/org/repo`.
static BARE_HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}/\S*)$")
        .expect("valid regex")
});

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    for node in ctx.doc.meta.references.items() {
        let Some(raw) = string_value(node) else {
            continue;
        };
        let Some((problem, fix)) = problem(raw) else {
            continue;
        };
        let mut d = Diagnostic::new(
            &MALFORMED_REFERENCE,
            node.span.clone(),
            if raw.trim().is_empty() {
                String::from("`references` has an empty entry")
            } else {
                format!("reference `{}` {problem}", raw.trim())
            },
        );
        d = match fix {
            Some(fix) => d.with_help(format!("write `{fix}`")),
            None if raw.trim().is_empty() => {
                d.with_help("remove the empty entry, or write the source it was meant to name")
            }
            None => d.with_help("write the full link, starting with `https://`"),
        };
        out.push(d);
    }
}

/// What is wrong with the reference and, when it is clear, the corrected link.
fn problem(raw: &str) -> Option<(&'static str, Option<String>)> {
    let r = raw.trim();
    if plainly_well_formed(r) {
        return None;
    }
    full_check(r)
}

/// `http://` or `https://` followed by a letter or digit: the scheme is right, has its `//`
/// and an address, so [`full_check`] finds nothing. Nearly every reference is such a link.
fn plainly_well_formed(r: &str) -> bool {
    r.strip_prefix("https://")
        .or_else(|| r.strip_prefix("http://"))
        .is_some_and(|rest| {
            rest.as_bytes()
                .first()
                .is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// [`problem`] for a trimmed reference, without the shortcut.
fn full_check(r: &str) -> Option<(&'static str, Option<String>)> {
    if r.is_empty() {
        return Some(("is empty", None));
    }
    let first = r.split_whitespace().next().unwrap_or(r);
    // `https//example.com`: the colon is missing.
    for scheme in ["https", "http"] {
        if let Some(rest) = first
            .strip_prefix(scheme)
            .and_then(|x| x.strip_prefix("//"))
        {
            return Some((
                "is missing the `:` after the scheme",
                Some(format!("{scheme}://{rest}")),
            ));
        }
    }
    if let Some((scheme, slashes, rest)) = scheme_parts(first) {
        let lower = scheme.to_ascii_lowercase();
        let web = lower == "http" || lower == "https";
        let near_web =
            !web && (edit_distance(&lower, "https") <= 1 || edit_distance(&lower, "http") <= 1);
        if near_web {
            return Some((
                "has a misspelled scheme",
                (!rest.is_empty()).then(|| format!("https://{rest}")),
            ));
        }
        if web {
            if slashes != "//" {
                return Some((
                    "needs `//` after the scheme",
                    (!rest.is_empty()).then(|| format!("{lower}://{rest}")),
                ));
            }
            if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
                return Some(("has no address after the scheme", None));
            }
        }
        return None;
    }
    // A lone web address without a scheme; a sentence that mentions one is fine.
    if first == r && BARE_HOST.is_match(r) {
        return Some(("has no scheme", Some(format!("https://{r}"))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    fn fix(raw: &str) -> Option<Option<String>> {
        problem(raw).map(|(_, f)| f)
    }

    #[test]
    fn references() {
        assert_eq!(fix("https://example.com/a"), None);
        assert_eq!(fix("HTTPS://example.com/a"), None);
        assert_eq!(fix("Internal Research"), None);
        assert_eq!(fix("https://example.com (idea)"), None);
        assert_eq!(fix("ftp://example.com/a"), None);
        assert_eq!(fix("Note: see the blog"), None);
        assert_eq!(
            fix("htps://example.com/a"),
            Some(Some("https://example.com/a".into()))
        );
        assert_eq!(
            fix("https//example.com/a"),
            Some(Some("https://example.com/a".into()))
        );
        assert_eq!(
            fix("https:/example.com/a"),
            Some(Some("https://example.com/a".into()))
        );
        assert_eq!(fix("https://"), Some(None));
        assert_eq!(fix("hxxps://evil.example/a"), None);
        assert_eq!(
            fix("ttps://example.com/a"),
            Some(Some("https://example.com/a".into()))
        );
        assert_eq!(
            fix("www.example.com/a"),
            Some(Some("https://www.example.com/a".into()))
        );
        assert_eq!(
            fix("github.com/org/repo"),
            Some(Some("https://github.com/org/repo".into()))
        );
        assert_eq!(fix("see github.com/org/repo"), None);
        assert_eq!(fix("  "), Some(None));
    }

    #[test]
    fn shortcut_agrees_with_the_full_check() {
        for r in [
            "https://example.com/a",
            "http://example.com",
            "https://a",
            "https://0 x",
            "https://é",
            "https:// x",
            "https:///x",
            "https://",
            "http://?q",
            "https://#a",
            "https//x",
            "https://x/https//y",
            "https://example.com (idea) www.x.com/a",
        ] {
            if super::plainly_well_formed(r) {
                assert_eq!(super::full_check(r), None, "{r:?}");
            }
        }
        assert!(super::plainly_well_formed("https://example.com/a"));
        assert!(!super::plainly_well_formed("https:///x"));
    }

    #[test]
    fn scheme_parts_match_the_regex() {
        let re = regex::Regex::new(r"^([A-Za-z][A-Za-z0-9+.-]*):(/*)(\S*)").expect("valid regex");
        for s in [
            "https://a.b/c",
            "http:",
            "h:///x",
            "1http://x",
            "a+b.c-d:e",
            "ünï://x",
            "x:/é\u{a0}y",
            "mailto:a@b",
            "Note:",
            ":x",
            "",
            "a",
            "http//x",
            "C:\\Windows",
        ] {
            let want = re.captures(s).map(|c| {
                let g = |i| c.get(i).map_or("", |m| m.as_str());
                (g(1), g(2), g(3))
            });
            assert_eq!(super::scheme_parts(s), want, "{s:?}");
        }
    }
}
