use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports `status: deprecated` or `status: unsupported` on a
    /// rule whose path has no `deprecated` or `unsupported` folder. SigmaHQ's validator
    /// `sigmahq_status`, which SigmaHQ runs only on its `rules*` folders; sigscope looks at
    /// the path instead, so the same check passes on SigmaHQ's `deprecated/` and
    /// `unsupported/` folders.
    ///
    /// ## Why is this bad?
    /// SigmaHQ moves a rule it retires to `deprecated/`, and a rule no backend can convert to
    /// `unsupported/`, so that the `rules*` folders hold only rules to deploy. A retired rule
    /// left among them is still picked up by every tool that loads the folder. It is a warning
    /// because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// # rules/windows/process_creation/proc_creation_win_old_technique.yml
    /// title: Old Technique
    /// status: deprecated
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # deprecated/windows/proc_creation_win_old_technique.yml
    /// title: Old Technique
    /// status: deprecated
    /// ```
    pub static STATUS_OUTSIDE_FOLDER = "SC250", "status-outside-folder", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some((node, status)) = ctx.doc.meta.status.string() else {
        return;
    };
    if !matches!(status, "deprecated" | "unsupported") {
        return;
    }
    let in_folder = ctx.source.path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|p| matches!(p, "deprecated" | "unsupported"))
    });
    if in_folder {
        return;
    }
    out.push(
        Diagnostic::new(
            &STATUS_OUTSIDE_FOLDER,
            node.span.clone(),
            format!("`status: {status}` on a rule outside a `{status}` folder"),
        )
        .with_label("SigmaHQ keeps these rules out of `rules*`")
        .with_help(format!(
            "move the file to the `{status}` folder, or give it the status of a rule in use"
        )),
    );
}
