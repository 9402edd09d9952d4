use crate::diagnostics::Diagnostic;
use crate::lints::metadata::{KNOWN_TOP_LEVEL_KEYS, is_known_top_level_key, typo_of};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a custom top-level key other than `simulation` and
    /// `regression_tests_path`, the two SigmaHQ allows besides the specification's keys.
    /// SigmaHQ's validator `sigmahq_unknown_field`. A key that looks
    /// like a misspelled specification key is `misspelled-key` (SC221) instead, in every
    /// profile; the v1 collection key `action` is left alone.
    ///
    /// ## Why is this bad?
    /// The specification allows custom keys, but SigmaHQ keeps its rules to a fixed set so
    /// that every consumer of the repository reads all of a rule. A custom key is often a
    /// converter's or a team's own field (`product_version`, `severity`) that belongs in the
    /// description, in `tags` or in a fork. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// falsepositives:
    ///     - Unknown
    /// level: high
    /// severity: 7
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// falsepositives:
    ///     - Unknown
    /// level: high
    /// ```
    pub static NON_SIGMAHQ_KEY = "SC255", "non-sigmahq-key", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// The custom keys SigmaHQ's validator accepts.
const ALLOWED: &[&str] = &["simulation", "regression_tests_path"];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some(entries) = ctx.doc.root.as_mapping() else {
        return;
    };
    for e in entries {
        let Some(key) = e.key.as_str() else { continue };
        if is_known_top_level_key(key)
            || ALLOWED.contains(&key)
            || key == "action"
            || typo_of(key, KNOWN_TOP_LEVEL_KEYS).is_some()
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                &NON_SIGMAHQ_KEY,
                e.key.span.clone(),
                format!("custom key `{key}` is not one SigmaHQ allows"),
            )
            .with_label("SigmaHQ allows only `simulation` and `regression_tests_path`")
            .with_help(format!(
                "remove `{key}`, or move what it says into `description` or `tags`"
            )),
        );
    }
}
