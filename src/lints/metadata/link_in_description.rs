use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::locate;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a link or the words `internal research` in
    /// `description` when the rule has no `references`. A link is `http://` or `https://`.
    /// SigmaHQ's validator `sigmahq_link_in_description`; like it, a rule that lists
    /// references may mention a link in its description.
    ///
    /// ## Why is this bad?
    /// Sources belong in `references`, where tools and the SigmaHQ site list them and
    /// checks such as `unpinned-github-link` look at them; a link inside the prose is found by
    /// neither. SigmaHQ writes `Internal Research` as a reference, not in the description. It
    /// is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// description: Detects certutil downloading a file, see https://lolbas-project.github.io/lolbas/Binaries/Certutil/
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// description: Detects certutil downloading a file with the urlcache flag
    /// references:
    ///     - https://lolbas-project.github.io/lolbas/Binaries/Certutil/
    /// ```
    pub static LINK_IN_DESCRIPTION = "SC252", "link-in-description", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

const WORDS: &[&str] = &["http://", "https://", "internal research"];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let meta = &ctx.doc.meta;
    let Some((node, text)) = meta.description.string() else {
        return;
    };
    // A `references` that is not a list is the schema's to report; it is not "no references".
    let has_references = meta
        .references
        .node()
        .is_some_and(|n| !n.is_null() && n.as_sequence().is_none_or(|s| !s.is_empty()));
    if has_references {
        return;
    }
    let lower = text.to_ascii_lowercase();
    let Some((at, word)) = WORDS
        .iter()
        .filter_map(|w| lower.find(w).map(|at| (at, *w)))
        .min()
    else {
        return;
    };
    let end = if word == "internal research" {
        at + word.len()
    } else {
        text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |n| at + n)
    };
    let span =
        locate(ctx.text(), node, text).map_or_else(|| node.span.clone(), |o| o + at..o + end);
    let found = &text[at..end];
    let d = if word == "internal research" {
        Diagnostic::new(
            &LINK_IN_DESCRIPTION,
            span,
            format!("`description` names `{found}` as a source, and the rule has no `references`"),
        )
        .with_help("list `Internal Research` under `references` and keep `description` to what the rule detects")
    } else {
        Diagnostic::new(
            &LINK_IN_DESCRIPTION,
            span,
            format!(
                "link `{}` in `description`, and the rule has no `references`",
                shorten(found)
            ),
        )
        .with_help("move the link to `references`")
    };
    out.push(d.with_label("sources belong in `references`"));
}

/// At most 80 characters of a link, with `…` when cut.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}
