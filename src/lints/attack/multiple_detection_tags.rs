use super::Tags;
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule with two different `detection.*` tags, at the second one, with a label on
    /// the first. SigmaHQ's validator `sigmahq_tags_unique_detection`. The same tag listed
    /// twice is `duplicate-tag` (SC508).
    ///
    /// ## Why is this bad?
    /// The `detection` tag says what kind of rule it is, and SigmaHQ files each kind in its
    /// own folder (`rules-dfir`, `rules-emerging-threats`, `rules-threat-hunting`). A rule can
    /// be only one of them; tools that select rules by the tag would take it twice or under
    /// the wrong kind.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - detection.emerging-threats
    ///     - detection.threat-hunting
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - detection.emerging-threats
    /// ```
    pub static MULTIPLE_DETECTION_TAGS = "SC511", "multiple-detection-tags", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    for (item, first) in tags.repeated_namespace("detection") {
        out.push(
            Diagnostic::new(
                &MULTIPLE_DETECTION_TAGS,
                item.span.clone(),
                format!(
                    "second detection tag `{}`; the rule is already `{}`",
                    item.text, first.text
                ),
            )
            .with_label("a rule is of one kind")
            .with_secondary(first.span.clone(), "first detection tag here")
            .with_help("keep the one `detection.*` tag that says what kind of rule this is, and remove the other"),
        );
    }
}
