use crate::diagnostics::Diagnostic;
use crate::lints::logsource::unknown_field::{field_matches, taxonomy_key};
use crate::lints::metadata::redundant_field::REDUNDANT_FIELD;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports an `EventID` field in a Windows rule whose category is
    /// a generic one, fed by several logs (`process_creation`, `file_event`, `ps_script`, …):
    /// SigmaHQ's `sigmahq_category_event_id`. The categories are those of
    /// pySigma-validators-sigmahq's Windows data, embedded. Hayabusa's converted copies of
    /// SigmaHQ rules (`ruletype: Sigma`), whose converter adds the event id, are not checked.
    ///
    /// ## Why is this bad?
    /// A generic category stands for an event, whatever log records it: Sysmon event 1 and
    /// Security event 4688 are both `process_creation`. The processing pipeline picks the log
    /// and its event id; an `EventID` in the rule ties it to one log, and to nothing in the
    /// others. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// detection:
    ///     selection:
    ///         EventID: 1
    ///         Image|endswith: '\certutil.exe'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// detection:
    ///     selection:
    ///         Image|endswith: '\certutil.exe'
    ///     condition: selection
    /// ```
    pub static EVENTID_UNDER_GENERIC_CATEGORY = "SC245", "eventid-under-generic-category", Warning,
        profile = SigmaHq, replaces = [REDUNDANT_FIELD];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(key) = taxonomy_key(ctx.doc) else {
        return;
    };
    let (Some("windows"), Some(category)) = (key.product.as_deref(), key.category.as_deref())
    else {
        return;
    };
    if !ctx.settings.taxonomy.is_generic_windows_category(category) {
        return;
    }
    for f in field_matches(ctx.doc).filter(|f| f.field == "EventID") {
        out.push(
            Diagnostic::new(
                &EVENTID_UNDER_GENERIC_CATEGORY,
                f.field_span.clone(),
                format!("`EventID` in a rule of the generic category `{category}`"),
            )
            .with_label("the category already selects the events")
            .with_help(format!(
                "remove the `EventID` condition: `category: {category}` stands for its events whatever log records them"
            )),
        );
    }
}
