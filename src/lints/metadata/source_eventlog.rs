use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::FieldMatch;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports the field match `Source: Eventlog` in a detection, in
    /// any case. SigmaHQ's repository test `test_source_eventlog`.
    ///
    /// ## Why is this bad?
    /// `Source: Eventlog` comes from old rules for the Windows event log service's own events
    /// (a cleared log, a stopped service), where the `EventID` and the log source already say
    /// which events are meant. `Source` is not a field of the Windows event XML (the provider
    /// is `Provider_Name`), so with most field mappings the line matches nothing; where it is
    /// mapped it adds nothing. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 104
    ///         Source: Eventlog
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 104
    ///         Provider_Name: 'Microsoft-Windows-Eventlog'
    ///     condition: selection
    /// ```
    pub static SOURCE_EVENTLOG = "SC257", "source-eventlog", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    det.field_matches().for_each(|f| report(f, out));
}

fn report(f: &FieldMatch<'_>, out: &mut Vec<Diagnostic>) {
    let is_eventlog = f
        .value
        .as_str()
        .is_some_and(|v| v.eq_ignore_ascii_case("eventlog"));
    if !f.modifiers.is_empty() || !f.field.eq_ignore_ascii_case("source") || !is_eventlog {
        return;
    }
    out.push(
        Diagnostic::new(
            &SOURCE_EVENTLOG,
            f.key.span.clone(),
            format!("`{}: {}` adds nothing to the detection", f.field, f.value.as_str().unwrap_or_default()),
        )
        .with_help("remove it; to name the event log service, match `Provider_Name: 'Microsoft-Windows-Eventlog'`"),
    );
}
