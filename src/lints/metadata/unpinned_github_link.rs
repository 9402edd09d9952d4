use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a reference to a file on GitHub whose link names a
    /// branch (`blob/main/…`, `blob/master/…`) instead of a commit, as SigmaHQ's
    /// `sigmahq_github_link` validator does. Like it, only links that end in a file extension
    /// of one to three characters (`.ps1`, `.md`, `.yml`, `.c`) are checked; links to
    /// repositories, issues, pull requests and folders are not.
    ///
    /// ## Why is this bad?
    /// A branch moves. The file is later changed, renamed or deleted, and the reference no
    /// longer shows what the rule was written from. A permalink (press `y` on GitHub) keeps it.
    /// It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// references:
    ///     - https://github.com/SigmaHQ/sigma/blob/master/README.md
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// references:
    ///     - https://github.com/SigmaHQ/sigma/blob/bd2a4c37efde5f69f87040173e990f1f6ff9e234/README.md
    /// ```
    pub static UNPINNED_GITHUB_LINK = "SC239", "unpinned-github-link", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

static FILE_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^https://github\.com/.*\.\w{1,3}$").expect("valid regex"));
static COMMIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/[0-9a-z]{40}/").expect("valid regex"));

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    for node in ctx.doc.meta.references.items() {
        let Some(link) = string_value(node) else {
            continue;
        };
        if !FILE_LINK.is_match(link) || COMMIT.is_match(link) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNPINNED_GITHUB_LINK,
                node.span.clone(),
                format!("link `{link}` names a GitHub branch, not a commit"),
            )
            .with_help(
                "link to the file at a commit (press `y` on the GitHub page for its permalink)",
            ),
        );
    }
}
