use crate::diagnostics::Diagnostic;
use crate::lints::logsource::unknown_field::{field_matches, source_key};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a rule with `service: sysmon` whose detection has no
    /// `EventID` field: SigmaHQ's `sigmahq_sysmon_missing_eventid`.
    ///
    /// ## Why is this bad?
    /// The Sysmon log holds some thirty kinds of events with different fields; a rule on the
    /// whole log without an event id matches whichever event happens to have the field, and
    /// is slow on every backend. A rule about one kind of event is better written with its
    /// category (`process_creation`, `registry_set`, …), which the pipelines map to the event
    /// id. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     product: windows
    ///     service: sysmon
    /// detection:
    ///     selection:
    ///         Image|endswith: '\certutil.exe'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     product: windows
    ///     service: sysmon
    /// detection:
    ///     selection:
    ///         EventID: 1
    ///         Image|endswith: '\certutil.exe'
    ///     condition: selection
    /// ```
    pub static SYSMON_WITHOUT_EVENTID = "SC248", "sysmon-without-eventid", Warning,
        profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.doc.kind != Kind::Detection || ctx.doc.detection.is_none() {
        return;
    }
    let Some(key) = source_key(ctx.doc) else {
        return;
    };
    if key.service.as_deref() != Some("sysmon") {
        return;
    }
    if field_matches(ctx.doc).any(|f| f.field == "EventID") {
        return;
    }
    let Some((node, _)) = ctx.doc.logsource.and_then(|l| l.service.string()) else {
        return;
    };
    out.push(
        Diagnostic::new(
            &SYSMON_WITHOUT_EVENTID,
            node.span.clone(),
            "rule on the `sysmon` service without an `EventID` condition",
        )
        .with_label("every Sysmon event")
        .with_help(
            "add the Sysmon event id (`EventID: 1` for process creation), or use the event's category instead of `service: sysmon`",
        ),
    );
}
