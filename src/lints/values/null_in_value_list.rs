use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports `null` (or `~`, or an empty item `- `) inside a list of values, of a field or
    /// of keywords.
    ///
    /// ## Why is this bad?
    /// The specification says "`null` cannot be part of a list of field values as it is its
    /// own type and therefore shares no type with any other value", and shows such a list as
    /// its invalid example. Backends differ in what they make of it (an `OR field IS NULL`,
    /// an error, or an empty string), and an empty `- ` item is usually an accident. The
    /// severity is error: the specification calls the rule invalid.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4738
    ///         PasswordLastSet:
    ///             - ''
    ///             - null
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4738
    ///     selection_empty:
    ///         PasswordLastSet: ''
    ///     selection_null:
    ///         PasswordLastSet: null
    ///     condition: selection and 1 of selection_*
    /// ```
    pub static NULL_IN_VALUE_LIST = "SC414", "null-in-value-list", Error,
        replaces = [crate::lints::schema::wrong_type::WRONG_TYPE];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Always, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.list.is_none() {
        return;
    }
    let mut reported = false;
    for v in site.values.iter().filter(|v| v.is_null()) {
        // One per list is enough; the others are labelled.
        if reported {
            continue;
        }
        reported = true;
        let raw = cx.text.get(cx.span(v)).unwrap_or_default();
        let (span, shown) = if v.span.is_empty() {
            // An empty `- ` item: point at its dash.
            let dash = cx
                .text
                .get(..v.span.start)
                .and_then(|t| t.rfind('-'))
                .unwrap_or(v.span.start);
            (dash..dash + 1, String::from("an empty item"))
        } else {
            (cx.span(v), format!("`{raw}`"))
        };
        let field = match site.field_name() {
            "" => "Field",
            f => f,
        };
        out.push(
            Diagnostic::new(
                &NULL_IN_VALUE_LIST,
                span,
                format!("null value ({shown}) in the value list of {}", site.describe()),
            )
            .with_label("null cannot be part of a list")
            .with_help(format!(
                "test for null in a selection of its own (`{field}: null`) and combine it in the condition"
            )),
        );
    }
}
