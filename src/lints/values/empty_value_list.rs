use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a field whose value is an empty list: `CommandLine: []`.
    ///
    /// ## Why is this bad?
    /// A list of values is an OR of its items, so an empty list is a condition without
    /// anything to match. pySigma silently turns it into `CommandLine: null` (the field is
    /// empty), sigma-rust rejects it (`EmptyValues`), other tools match nothing or
    /// everything. It is usually a list whose values were deleted or never filled in. The
    /// severity is error: the rule does not do what it appears to.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\rundll32.exe'
    ///         CommandLine|contains: []
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\rundll32.exe'
    ///         CommandLine|contains:
    ///             - 'javascript:'
    ///             - 'mshtml,RunHTMLApplication'
    ///     condition: selection
    /// ```
    pub static EMPTY_VALUE_LIST = "SC415", "empty-value-list", Error,
        replaces = [crate::lints::schema::invalid_length::INVALID_LENGTH];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Always, check_site))];

pub(super) fn check_site(_cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    let (Some(list), Some(_)) = (site.list, site.field) else {
        return;
    };
    if !site.values.is_empty() {
        return;
    }
    out.push(
        Diagnostic::new(
            &EMPTY_VALUE_LIST,
            list.span.clone(),
            format!("{} has an empty list of values", site.describe()),
        )
        .with_label("nothing to match")
        .with_help(format!(
            "list the values to match, or write `{}: null` if an empty field is meant",
            match site.field_name() {
                "" => "Field",
                f => f,
            }
        )),
    );
}
