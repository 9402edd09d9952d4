use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a title longer than 120 characters, SigmaHQ's limit
    /// (`sigmahq_title_length`). The specification's own limit of 256 is checked by the schema
    /// (SC105) in every profile.
    ///
    /// ## Why is this bad?
    /// The title is what an analyst reads in the alert list; a long one is cut off in most
    /// consoles and usually holds a description. It is a warning because SigmaHQ's CI fails
    /// on it.
    ///
    /// ## Example
    /// ```yaml
    /// title: Suspicious Execution Of Certutil With The Urlcache And Split Flags To Download A Remote File Into A Temporary Folder On Disk
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Certutil Download Via Urlcache
    /// description: Detects certutil with `-urlcache -split` downloading a remote file into a temporary folder.
    /// ```
    pub static LONG_TITLE = "SC233", "long-title", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// SigmaHQ's maximum title length, in characters.
pub const MAX_TITLE: usize = 120;

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some((node, title)) = ctx.doc.meta.title.string() else {
        return;
    };
    let len = title.chars().count();
    if len <= MAX_TITLE {
        return;
    }
    out.push(
        Diagnostic::new(
            &LONG_TITLE,
            node.span.clone(),
            format!("`title` has {len} characters, more than SigmaHQ's {MAX_TITLE}"),
        )
        .with_help(
            "keep the title to a short name of the behaviour and move the details to `description`",
        ),
    );
}
