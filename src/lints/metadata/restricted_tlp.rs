use crate::diagnostics::Diagnostic;
use crate::lints::attack::Tags;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a `tlp.*` tag other than `tlp.clear`. SigmaHQ's
    /// validator `sigmahq_tags_tlp`. Whether the label exists at all is `invalid-tag-value`
    /// (SC509), in every profile.
    ///
    /// ## Why is this bad?
    /// SigmaHQ publishes its rules to everyone, which only `tlp.clear` allows. A rule labelled
    /// `tlp.green`, `tlp.amber` or `tlp.red` must not be shared that widely, so it does not
    /// belong in the public repository. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - tlp.amber
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - tlp.clear
    /// ```
    pub static RESTRICTED_TLP = "SC251", "restricted-tlp", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    for item in &tags.items {
        if !item.well_formed || item.namespace != "tlp" || item.value == "clear" {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RESTRICTED_TLP,
                item.span.clone(),
                format!("`{}` restricts sharing; SigmaHQ publishes only `tlp.clear` rules", item.text),
            )
            .with_help(
                "write `tlp.clear` if the rule may be shared with everyone, or keep the rule out of SigmaHQ",
            ),
        );
    }
}
