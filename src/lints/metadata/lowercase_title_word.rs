use crate::diagnostics::Diagnostic;
use crate::lints::metadata::sub_span;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports each all-lowercase word of a title, as SigmaHQ's
    /// `sigmahq_title_case` validator does. Words are split at spaces. Short function words
    /// (`a`, `an`, `and`, `as`, `at`, `by`, `for`, `from`, `in`, `new`, `of`, `on`, `or`,
    /// `over`, `the`, `through`, `to`, `via`, `with`, `without`) stay lowercase, and so do words
    /// that contain `.`, `/` or `_` or start with a digit: file names (`rundll32.exe`), paths
    /// and identifiers keep their own spelling. A word with any capital (`iOS`, `macOS`,
    /// `PowerShell`) passes.
    ///
    /// ## Why is this bad?
    /// SigmaHQ writes titles in title case, so that every title in a list reads the same way.
    /// It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// title: Certutil download via urlcache
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Certutil Download via Urlcache
    /// ```
    pub static LOWERCASE_TITLE_WORD = "SC236", "lowercase-title-word", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Words SigmaHQ's title-case validator leaves lowercase.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "new", "of", "on", "or", "over",
    "the", "through", "to", "via", "with", "without",
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some((node, title)) = ctx.doc.meta.title.string() else {
        return;
    };
    let mut start = 0;
    for word in title.split(' ') {
        let range = start..start + word.len();
        start = range.end + 1;
        if !needs_capital(word) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &LOWERCASE_TITLE_WORD,
                sub_span(ctx.text(), node, title, range),
                format!("title word `{word}` is not capitalised"),
            )
            .with_help(format!(
                "write `{}`; SigmaHQ titles use title case",
                capitalise(word)
            )),
        );
    }
}

/// Python's `str.islower()`: at least one cased character, and no uppercase or titlecase one.
fn is_lower(word: &str) -> bool {
    word.chars().any(char::is_lowercase) && !word.chars().any(char::is_uppercase)
}

fn needs_capital(word: &str) -> bool {
    is_lower(word)
        && !MINOR_WORDS.contains(&word)
        && !word.contains(['.', '/', '_'])
        && !word.chars().next().is_some_and(char::is_numeric)
}

/// `word` with its first letter in uppercase (`(legacy)` → `(Legacy)`).
fn capitalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    let mut done = false;
    for c in word.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert!(needs_capital("download"));
        assert!(needs_capital("(download"));
        assert!(!needs_capital("via"));
        assert!(!needs_capital("rundll32.exe"));
        assert!(!needs_capital("macOS"));
        assert!(!needs_capital("7zip"));
        assert!(!needs_capital("-"));
        assert!(!needs_capital(""));
        assert_eq!(capitalise("ébauche"), "Ébauche");
        assert_eq!(capitalise("(legacy)"), "(Legacy)");
    }
}
