use super::Tags;
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule with two different `tlp.*` tags, at the second one, with a label on the
    /// first. SigmaHQ's validator `sigmahq_tags_unique_tlp`. The same tag listed twice is
    /// `duplicate-tag` (SC508).
    ///
    /// ## Why is this bad?
    /// The Traffic Light Protocol label says who may receive the rule. Two labels contradict
    /// each other, and a tool that shares or withholds rules by their label picks one of them
    /// at random: the rule may be shared more widely than its author allowed.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - tlp.clear
    ///     - tlp.amber
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - tlp.amber
    /// ```
    pub static MULTIPLE_TLP_TAGS = "SC510", "multiple-tlp-tags", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    for (item, first) in tags.repeated_namespace("tlp") {
        out.push(
            Diagnostic::new(
                &MULTIPLE_TLP_TAGS,
                item.span.clone(),
                format!(
                    "second TLP tag `{}`; the rule is already `{}`",
                    item.text, first.text
                ),
            )
            .with_label("a rule has one TLP label")
            .with_secondary(first.span.clone(), "first TLP tag here")
            .with_help(
                "keep the one TLP tag that says who may receive the rule, and remove the other",
            ),
        );
    }
}
