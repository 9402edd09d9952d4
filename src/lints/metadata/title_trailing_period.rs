use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::metadata::sub_span;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a title that ends with a period, as SigmaHQ's
    /// `sigmahq_title_end` validator does. A title ending in `...` is reported too.
    ///
    /// ## Why is this bad?
    /// A title is a name, not a sentence; SigmaHQ's titles have no final period, and a mix looks
    /// careless in the alert list. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// title: Certutil Download Via Urlcache.
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Certutil Download Via Urlcache
    /// ```
    ///
    /// ## Fix
    /// `--fix` removes the final period(s) and the spaces before them, keeping the quotes, when the
    /// title is written verbatim in the file (no escapes or line folding). Safe: the title is prose.
    pub static TITLE_TRAILING_PERIOD = "SC235", "title-trailing-period", Warning, profile = SigmaHq, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some((node, title)) = ctx.doc.meta.title.string() else {
        return;
    };
    if !title.ends_with('.') {
        return;
    }
    let fixed = title.trim_end_matches('.').trim_end();
    let fix = crate::sigma::locate(ctx.text(), node, title).map(|base| {
        Fix::safe(
            format!("write `{fixed}`"),
            vec![Edit {
                span: base + fixed.len()..base + title.len(),
                content: String::new(),
            }],
        )
    });
    out.push(
        Diagnostic::new(
            &TITLE_TRAILING_PERIOD,
            sub_span(ctx.text(), node, title, title.len() - 1..title.len()),
            "`title` ends with a period",
        )
        .with_help(format!("write the title without it: `{fixed}`"))
        .with_fix(fix),
    );
}
