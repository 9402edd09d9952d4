use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack, groups, more};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `title` used by more than one document of the pack.
    ///
    /// Titles are compared ignoring case and runs of blanks. One document keeps the title (the first in input order, preferring
    /// rules that are not `deprecated` or `unsupported`); every other one is reported, with
    /// labels on the rest.
    ///
    /// ## Why is this bad?
    /// The title is what analysts see in the alert queue and what the catalogue lists; two
    /// rules with one title cannot be told apart there. It usually means a rule was copied
    /// and only its logic changed, or that a replaced rule still exists next to its
    /// replacement. SigmaHQ's validators report it. The severity is warning.
    ///
    /// ## Example
    /// ```yaml
    /// # rules/windows/process_creation/a.yml
    /// title: Suspicious Certutil Usage
    /// # rules/windows/process_creation/b.yml
    /// title: Suspicious Certutil Usage
    /// ```
    ///
    /// ## Use instead
    /// Say what distinguishes the rules:
    /// ```yaml
    /// title: Certutil Download via URLCache
    /// ---
    /// title: Certutil Decode of a Base64 Payload
    /// ```
    pub static DUPLICATE_TITLE = "SC803", "duplicate-title", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

fn key(title: &str) -> String {
    // Most titles are ASCII words with single spaces: their key is their lowercase copy.
    let plain = title
        .bytes()
        .all(|b| b.is_ascii() && !matches!(b, b'\t'..=b'\r'))
        && !title.starts_with(' ')
        && !title.ends_with(' ')
        && !title.contains("  ");
    if plain {
        return title.to_ascii_lowercase();
    }
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    let keys = pack.docs.iter().enumerate().filter_map(|(i, d)| {
        if pack.written_before(i, |s| s.title.as_ref().map(|x| &x.span)) {
            return None;
        }
        let k = key(&d.doc.title.as_ref()?.value);
        (!k.is_empty()).then_some((i, k))
    });
    for mut group in groups(keys) {
        pack.drop_copies(&mut group);
        if group.len() < 2 {
            continue;
        }
        pack.active_first(&mut group);
        for &i in &group[1..] {
            let doc = pack.docs[i].doc;
            let Some(title) = &doc.title else { continue };
            let message = if group.len() == 2 {
                format!("title `{}` is also the title of another rule", title.value)
            } else {
                format!("title `{}` is used by {} rules", title.value, group.len())
            };
            let d = Diagnostic::new(&DUPLICATE_TITLE, title.span.clone(), message)
                .with_label("used again here");
            let span = |s: &crate::sigma::summary::DocSummary| {
                s.title.as_ref().map_or(s.span.clone(), |x| x.span.clone())
            };
            let (d, left) = pack.label_group(d, i, &group, span, "also used here");
            out.push((
                pack.docs[i].file,
                d.with_help(format!(
                    "make the title say what this rule detects that the other does not{}",
                    more(left)
                )),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn the_plain_title_shortcut_gives_the_general_key() {
        let general = |t: &str| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        for t in [
            "Suspicious PowerShell Download",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\u{0b}b",
            "a\u{0c}b",
            "a\rb",
            "Ärger Über",
            "x\u{a0}y",
            "",
            " ",
            "A-B_C.D",
        ] {
            assert_eq!(key(t), general(t), "{t:?}");
        }
    }
}
