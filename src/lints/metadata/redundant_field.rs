use crate::diagnostics::Diagnostic;
use crate::lints::logsource::unknown_field::{field_matches, known_source};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a field that the rule's log source already implies,
    /// such as `Channel` or `EventID` under a Sysmon category, or `EventType` under
    /// `registry_set`: SigmaHQ's `sigmahq_redundant_field`. The fields are those of the
    /// log-source taxonomy (SigmaHQ's, embedded, and `redundant` fields of `--taxonomy`), looked
    /// up by the exact `product`, `category` and `service`. Hayabusa's converted copies of
    /// SigmaHQ rules (`ruletype: Sigma`), whose converter adds `Channel` and `EventID`, are not
    /// checked.
    ///
    /// ## Why is this bad?
    /// The processing pipeline adds these conditions for the log source: written in the rule
    /// they repeat it, and tie the rule to one log where the log source may come from several.
    /// It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: registry_set
    ///     product: windows
    /// detection:
    ///     selection:
    ///         EventType: SetValue
    ///         TargetObject|contains: '\Run\'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: registry_set
    ///     product: windows
    /// detection:
    ///     selection:
    ///         TargetObject|contains: '\Run\'
    ///     condition: selection
    /// ```
    pub static REDUNDANT_FIELD = "SC247", "redundant-field", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some((key, source)) = known_source(ctx) else {
        return;
    };
    if source.redundant.is_empty() {
        return;
    }
    for f in field_matches(ctx.doc).filter(|f| source.redundant.contains(f.field)) {
        out.push(
            Diagnostic::new(
                &REDUNDANT_FIELD,
                f.field_span.clone(),
                format!("`{}` is already implied by the log source `{key}`", f.field),
            )
            .with_label("implied by the log source")
            .with_help(format!("remove the `{}` condition", f.field)),
        );
    }
}
