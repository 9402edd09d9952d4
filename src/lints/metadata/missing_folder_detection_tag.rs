use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a rule without the `detection.*` tag of its folder
    /// (`detection.dfir` under `rules-dfir`, `detection.emerging-threats` under
    /// `rules-emerging-threats`, `detection.threat-hunting` under `rules-threat-hunting`), as
    /// SigmaHQ's `sigmahq_tags_detection` validator does. The folder is matched as a whole
    /// path component.
    ///
    /// ## Why is this bad?
    /// SigmaHQ ships these folders as separate packages (rules for incident response, for
    /// specific threats, for hunting rather than alerting). The tag keeps that purpose with the
    /// rule once it is copied out of the folder, and tools filter on it. It is a warning because
    /// SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// # file: rules-emerging-threats/2024/Exploits/CVE-2024-1709/web_cve_2024_1709_exploit.yml
    /// tags:
    ///     - attack.initial-access
    ///     - cve.2024-1709
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.initial-access
    ///     - cve.2024-1709
    ///     - detection.emerging-threats
    /// ```
    pub static MISSING_FOLDER_DETECTION_TAG = "SC243", "missing-folder-detection-tag", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

const FOLDERS: &[&str] = &["dfir", "emerging-threats", "threat-hunting"];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    if ctx.doc.kind == Kind::Filter {
        return;
    }
    let Some(name) = ctx.source.path.components().find_map(|c| {
        let part = c.as_os_str().to_str()?.strip_prefix("rules-")?;
        FOLDERS.iter().copied().find(|f| *f == part)
    }) else {
        return;
    };
    let tag = format!("detection.{name}");
    if ctx
        .doc
        .meta
        .tags
        .items()
        .iter()
        .filter_map(string_value)
        .any(|t| t == tag)
    {
        return;
    }
    let root = ctx.doc.root;
    let meta = &ctx.doc.meta;
    let Some(span) = meta
        .tags
        .entry()
        .or_else(|| meta.title.entry())
        .or_else(|| root.as_mapping().and_then(|m| m.first()))
        .map(|e| e.key.span.clone())
    else {
        return;
    };
    out.push(
        Diagnostic::new(
            &MISSING_FOLDER_DETECTION_TAG,
            span,
            format!("rule in `rules-{name}` has no `{tag}` tag"),
        )
        .with_help(format!("add `- {tag}` to `tags`")),
    );
}
