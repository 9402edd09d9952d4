//! Output names. Every path the site writes is built here from characters we chose, never from
//! raw ids, titles or file names, so no rule text can escape the output directory.

use std::collections::{BTreeMap, BTreeSet};

/// Longest slug taken from free text, before a collision suffix.
const MAX_TEXT_SLUG: usize = 60;

/// A lowercase UUID if `id` is one (any version, hyphenated form only), else `None`.
pub fn uuid_slug(id: &str) -> Option<String> {
    let id = id.trim();
    let ok = id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    ok.then(|| id.to_ascii_lowercase())
}

/// `[a-z0-9]` runs of `text` joined by `-`, at most [`MAX_TEXT_SLUG`] bytes; `x` when nothing
/// is left (an all-punctuation or non-Latin name).
pub fn text_slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
            if out.len() >= MAX_TEXT_SLUG {
                break;
            }
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// Whether `rel` is a relative output path made only of our own characters: lowercase ASCII
/// letters, digits, `-`, `_`, `.`, separated by `/`, with no empty, `.` or `..` segment.
pub fn is_safe_rel_path(rel: &str) -> bool {
    !rel.is_empty()
        && rel.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
                })
        })
}

/// Assigns unique slugs to a set of names: each distinct name gets [`text_slug`], and names
/// that share a slug get `-2`, `-3`… in sorted name order, so the result does not depend on
/// the order names were seen in.
#[derive(Debug, Default)]
pub struct Slugger {
    names: BTreeSet<String>,
}

impl Slugger {
    pub fn add(&mut self, name: &str) {
        if !self.names.contains(name) {
            self.names.insert(name.to_owned());
        }
    }

    pub fn finish(self) -> BTreeMap<String, String> {
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut out = BTreeMap::new();
        for name in self.names {
            let base = text_slug(&name);
            let mut slug = base.clone();
            let mut n = 2;
            while used.contains(&slug) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            used.insert(slug.clone());
            out.insert(name, slug);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert_eq!(
            uuid_slug("B0B8607F-2a9e-42bf-8bc6-c607f3632b0b").as_deref(),
            Some("b0b8607f-2a9e-42bf-8bc6-c607f3632b0b")
        );
        assert_eq!(uuid_slug("../../etc/passwd"), None);
        assert_eq!(uuid_slug("b0b8607f-2a9e-42bf-8bc6-c607f3632b0"), None);
        assert_eq!(uuid_slug("b0b8607f/2a9e-42bf-8bc6-c607f3632b0b"), None);
    }

    #[test]
    fn text_slugs() {
        assert_eq!(text_slug("../../x"), "x");
        assert_eq!(text_slug("Windows Defender"), "windows-defender");
        assert_eq!(
            text_slug("  <script>alert(1)</script> "),
            "script-alert-1-script"
        );
        assert_eq!(text_slug("日本"), "x");
        assert_eq!(text_slug(&"a".repeat(500)).len(), MAX_TEXT_SLUG);
    }

    #[test]
    fn safe_paths() {
        assert!(is_safe_rel_path("rules/abc-1.html"));
        assert!(is_safe_rel_path("attack/t1059.001.html"));
        for bad in [
            "", "/x", "a//b", "../x", "a/../b", "a/./b", "A.html", "a b", "a\\b",
        ] {
            assert!(!is_safe_rel_path(bad), "{bad}");
        }
    }

    #[test]
    fn slugger_is_order_independent() {
        let mut a = Slugger::default();
        for n in ["Foo", "foo", "FOO!", "bar"] {
            a.add(n);
        }
        let mut b = Slugger::default();
        for n in ["bar", "FOO!", "foo", "Foo", "foo"] {
            b.add(n);
        }
        let (a, b) = (a.finish(), b.finish());
        assert_eq!(a, b);
        assert_eq!(a["FOO!"], "foo");
        assert_eq!(a["Foo"], "foo-2");
        assert_eq!(a["foo"], "foo-3");
    }

    #[test]
    fn slugger_resolves_truncation_collisions_by_name() {
        let long = "a".repeat(MAX_TEXT_SLUG);
        let mut s = Slugger::default();
        s.add(&format!("{long} second"));
        s.add(&format!("{long} first"));
        let m = s.finish();
        assert_eq!(m[&format!("{long} first")], long);
        assert_eq!(m[&format!("{long} second")], format!("{long}-2"));
    }
}
