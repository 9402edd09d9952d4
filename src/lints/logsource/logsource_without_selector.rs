use crate::diagnostics::Diagnostic;
use crate::lints::logsource::{LOGSOURCE_KEYS, SELECTOR_KEYS, entries};
use crate::lints::metadata::typo_of;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `logsource` that has none of `category`, `product` and `service`, only a
    /// `definition` or custom keys.
    ///
    /// An empty `logsource` is reported by the schema check (SC105); a misspelled selector key
    /// such as `catgory` by SC602.
    ///
    /// ## Why is this bad?
    /// Converters and processing pipelines pick the index, table or event channel to search
    /// from `category`, `product` and `service`; `definition` is prose for people and custom
    /// keys are ignored. A rule without any of the three is run against every log source, or
    /// refused by the backend, and its field names mean nothing without a source. It is a
    /// warning: the log source is likely incomplete.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     definition: 'Requirements: Sysmon with process creation logging'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    ///     definition: 'Requirements: Sysmon with process creation logging'
    /// ```
    pub static LOGSOURCE_WITHOUT_SELECTOR = "SC601", "logsource-without-selector", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let items = entries(ctx.doc);
    if items.is_empty() {
        return;
    }
    let selects = items.iter().any(|e| {
        e.key.as_str().is_some_and(|k| {
            SELECTOR_KEYS.contains(&k)
                || typo_of(k, LOGSOURCE_KEYS).is_some_and(|t| SELECTOR_KEYS.contains(&t))
        })
    });
    if selects {
        return;
    }
    let Some(entry) = ctx.doc.meta.logsource.entry() else {
        return;
    };
    out.push(
        Diagnostic::new(
            &LOGSOURCE_WITHOUT_SELECTOR,
            entry.key.span.clone(),
            "`logsource` names no `category`, `product` or `service`",
        )
        .with_label("tools cannot tell which logs to search")
        .with_help("add the log source the detection is written for, e.g. `category: process_creation` and `product: windows`; `definition` is only read by people"),
    );
}
