use crate::diagnostics::Diagnostic;
use crate::lints::metadata::unconventional_file_name::{has_later_document, is_first_document};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a single-document rule file whose first key is not
    /// `title`, as SigmaHQ's `test_title_in_first_line` repository test does. Files with
    /// several documents (a correlation with its rules, a Sigma v1 collection) are not
    /// checked.
    ///
    /// ## Why is this bad?
    /// SigmaHQ orders the keys of every rule the same way, title first, so that a reader (and
    /// `head -1`) sees what the rule is at once. It is a warning because SigmaHQ's CI fails on
    /// it.
    ///
    /// ## Example
    /// ```yaml
    /// id: 19b08b1c-861d-4e75-a1ef-ea0c1baf202b
    /// title: Certutil Download Via Urlcache
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Certutil Download Via Urlcache
    /// id: 19b08b1c-861d-4e75-a1ef-ea0c1baf202b
    /// ```
    pub static TITLE_NOT_FIRST = "SC244", "title-not-first", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    if !is_first_document(ctx) || has_later_document(ctx) {
        return;
    }
    let Some(first) = ctx.doc.root.as_mapping().and_then(|m| m.first()) else {
        return;
    };
    let Some(key) = first.key.as_str() else {
        return;
    };
    if key == "title" {
        return;
    }
    let mut d = Diagnostic::new(
        &TITLE_NOT_FIRST,
        first.key.span.clone(),
        format!("rule starts with `{key}`, not `title`"),
    );
    if let Some(title) = ctx.doc.meta.title.entry() {
        d = d.with_secondary(title.key.span.clone(), "title is here");
    }
    out.push(d.with_help("move `title:` to the first line of the file"));
}
