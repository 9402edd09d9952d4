use crate::diagnostics::Diagnostic;
use crate::lints::metadata::sub_span;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a title that starts with `Detect ` or `Detects `, as
    /// SigmaHQ's `sigmahq_title_start` validator does (case-sensitive, like it).
    ///
    /// ## Why is this bad?
    /// Every rule detects something; the word takes room in the alert list and says nothing.
    /// SigmaHQ's title convention asks for a keyword-style name of the behaviour; the
    /// description is the place for "Detects …". It is a warning because SigmaHQ's CI fails on
    /// it.
    ///
    /// ## Example
    /// ```yaml
    /// title: Detects Certutil Downloading a File
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Certutil Download Via Urlcache
    /// ```
    pub static DETECT_IN_TITLE = "SC234", "detect-in-title", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some((node, title)) = ctx.doc.meta.title.string() else {
        return;
    };
    let Some(word) = ["Detects ", "Detect "]
        .into_iter()
        .find(|w| title.starts_with(w))
    else {
        return;
    };
    let word = word.trim_end();
    let rest = title[word.len()..].trim_start();
    let mut d = Diagnostic::new(
        &DETECT_IN_TITLE,
        sub_span(ctx.text(), node, title, 0..word.len()),
        format!("title starts with `{word}`"),
    );
    d = if rest.is_empty() {
        d.with_help("name the behaviour the rule finds instead")
    } else {
        d.with_help(format!(
            "drop `{word}` and name the behaviour: `{rest}`; put \"Detects …\" in `description`"
        ))
    };
    out.push(d);
}
