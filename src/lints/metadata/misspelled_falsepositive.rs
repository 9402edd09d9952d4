use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::metadata::{string_value, sub_span, typo_of};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a misspelled `falsepositives` entry: a one-word entry close to the conventional
    /// `Unknown` or `Unlikely` (`Unkown`, `Unikely`), or a common misspelling inside an entry
    /// (`legitimeate`, `enviroment`, `adminstrator`).
    ///
    /// ## Why is this bad?
    /// Tools and reviewers look for the exact words `Unknown` and `Unlikely` to tell rules
    /// with no known false positives from the others, and a misspelled entry slips through
    /// every such filter. Misspelled text also reads as careless in the catalogue. The
    /// detection is unaffected, so this is info.
    ///
    /// ## Example
    /// ```yaml
    /// falsepositives:
    ///     - Unikely
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// falsepositives:
    ///     - Unlikely
    /// ```
    ///
    /// ## Fix
    /// `--fix` replaces the misspelled word with its correction, keeping the rest of the entry
    /// and its quotes. No fix when the entry is not written verbatim (escapes, line folding).
    /// Safe: the corrections come from a fixed list of known misspellings (or are one letter
    /// from `Unknown`/`Unlikely` in a one-word entry), and the entry is prose no detection
    /// depends on.
    pub static MISSPELLED_FALSEPOSITIVE = "SC213", "misspelled-falsepositive", Info,
        fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// The words of the SigmaHQ conventions for "no known false positives".
const CONVENTIONAL: &[&str] = &["Unknown", "Unlikely"];

/// Misspellings seen in false-positive lists (SigmaHQ rules, pySigma-validators-sigmahq's
/// `sigmahq_falsepositives_typo_word`), lowercase, with the correct word.
const TYPOS: &[(&str, &str)] = &[
    ("unkown", "unknown"),
    ("unknwon", "unknown"),
    ("unknow", "unknown"),
    ("unikely", "unlikely"),
    ("unlikley", "unlikely"),
    ("unlikly", "unlikely"),
    ("ligitimate", "legitimate"),
    ("legitimeate", "legitimate"),
    ("legimate", "legitimate"),
    ("legtimate", "legitimate"),
    ("legitmate", "legitimate"),
    ("legitamate", "legitimate"),
    ("legitimite", "legitimate"),
    ("legitimatly", "legitimately"),
    ("activites", "activities"),
    ("actvity", "activity"),
    ("enviroment", "environment"),
    ("environement", "environment"),
    ("adminstrative", "administrative"),
    ("adminstrator", "administrator"),
    ("adminstrators", "administrators"),
    ("administator", "administrator"),
    ("administators", "administrators"),
    ("sofware", "software"),
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    for node in ctx.doc.meta.falsepositives.items() {
        let Some(entry) = string_value(node) else {
            continue;
        };
        let Some((range, fix)) = misspelling(entry) else {
            continue;
        };
        let word = &entry[range.clone()];
        // Only where the source holds the entry verbatim: the word is then exactly there.
        let autofix = crate::sigma::locate(ctx.text(), node, entry).map(|base| {
            let edit = crate::diagnostics::Edit {
                span: base + range.start..base + range.end,
                content: fix.clone(),
            };
            Fix::safe(format!("write `{fix}`"), vec![edit])
        });
        out.push(
            Diagnostic::new(
                &MISSPELLED_FALSEPOSITIVE,
                sub_span(ctx.text(), node, entry, range),
                format!("`{word}` looks like a misspelling of `{fix}`"),
            )
            .with_help(format!("write `{fix}`"))
            .with_fix(autofix),
        );
    }
}

/// The misspelled word's range in `entry` and its correction.
fn misspelling(entry: &str) -> Option<(std::ops::Range<usize>, String)> {
    let trimmed = entry.trim().trim_end_matches('.');
    let start = entry.len() - entry.trim_start().len();
    if !trimmed.is_empty()
        && !trimmed.contains(char::is_whitespace)
        && !CONVENTIONAL.iter().any(|c| c.eq_ignore_ascii_case(trimmed))
        && let Some(fix) = typo_of(trimmed, CONVENTIONAL)
    {
        return Some((start..start + trimmed.len(), fix.to_owned()));
    }
    let mut word_start = None;
    let ends = entry
        .char_indices()
        .chain(std::iter::once((entry.len(), ' ')));
    for (i, c) in ends {
        if c.is_alphabetic() {
            word_start.get_or_insert(i);
            continue;
        }
        let Some(at) = word_start.take() else {
            continue;
        };
        let word = &entry[at..i];
        if word.len() < 5 {
            continue;
        }
        let lower = word.to_lowercase();
        if let Some((_, fix)) = TYPOS.iter().find(|(t, _)| *t == lower) {
            let fix = if word.starts_with(char::is_uppercase) {
                let mut c = fix.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                (*fix).to_owned()
            };
            return Some((at..i, fix));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::misspelling;

    fn fix(e: &str) -> Option<String> {
        misspelling(e).map(|(_, f)| f)
    }

    #[test]
    fn entries() {
        assert_eq!(fix("Unikely"), Some("Unlikely".into()));
        assert_eq!(fix("Unkown"), Some("Unknown".into()));
        assert_eq!(fix("unknown"), None);
        assert_eq!(fix("Likely"), None);
        assert_eq!(fix("Unknown"), None);
        assert_eq!(
            fix("Legitimeate administration activity"),
            Some("Legitimate".into())
        );
        assert_eq!(
            fix("Legitimate use in the enviroment"),
            Some("environment".into())
        );
        assert_eq!(fix("Legitimate administration activity"), None);
        let e = "Some enviroment";
        let (r, _) = misspelling(e).unwrap();
        assert_eq!(&e[r], "enviroment");
    }
}
