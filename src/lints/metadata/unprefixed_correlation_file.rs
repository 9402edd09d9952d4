use crate::diagnostics::Diagnostic;
use crate::lints::metadata::unconventional_file_name::file_name;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a correlation rule in a file whose name does not start
    /// with `correlation_`, as SigmaHQ's `sigmahq_correlation_filename_prefix` validator does.
    /// Files that hold both the correlation and the rules it correlates count too.
    ///
    /// ## Why is this bad?
    /// SigmaHQ keeps correlations recognisable by name, next to the detection rules they build
    /// on; its CI rejects the file. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```text
    /// rules/windows/builtin/security/win_security_many_failed_logons.yml   # holds `correlation:`
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// rules/windows/builtin/security/correlation_win_security_many_failed_logons.yml
    /// ```
    pub static UNPREFIXED_CORRELATION_FILE = "SC231", "unprefixed-correlation-file", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    if ctx.doc.kind != Kind::Correlation {
        return;
    }
    let Some(name) = file_name(&ctx.source.path) else {
        return;
    };
    if name.starts_with("correlation_") {
        return;
    }
    let Some(entry) = ctx.doc.meta.correlation.entry() else {
        return;
    };
    out.push(
        Diagnostic::new(
            &UNPREFIXED_CORRELATION_FILE,
            entry.key.span.clone(),
            format!("correlation rule in `{name}`, whose name does not start with `correlation_`"),
        )
        .with_help(format!("rename the file to `correlation_{name}`")),
    );
}
