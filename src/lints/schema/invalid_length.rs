use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::Diagnostic;
use crate::lints::schema::{SchemaError, plural};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a value too long or too short for the specification: a `title` over 256
    /// characters, an empty list where at least one item is required (`rules` of a correlation,
    /// `references`), an empty string.
    ///
    /// ## Why is this bad?
    /// SIEMs truncate long titles, and an empty required list makes the document meaningless.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules: []
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_logon
    /// ```
    pub static INVALID_LENGTH = "SC105", "invalid-length", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let (span, message) = match e.err.kind() {
        ValidationErrorKind::MaxLength { limit } => (
            e.value_span(),
            format!(
                "`{}` is {} characters long; at most {limit} are allowed",
                e.dotted(),
                e.node.as_str().map_or(0, |s| s.chars().count())
            ),
        ),
        ValidationErrorKind::MinLength { limit } => (
            e.value_span(),
            format!(
                "`{}` must be at least {limit} character{} long",
                e.dotted(),
                plural(*limit)
            ),
        ),
        ValidationErrorKind::MinItems { limit } => (
            // An empty `[]` is short enough to underline; a long list is labelled by its key.
            if e.node.as_sequence().is_some_and(<[Node]>::is_empty) {
                e.value_span()
            } else {
                e.key_or_value()
            },
            format!(
                "`{}` must have at least {limit} item{}",
                e.dotted(),
                plural(*limit)
            ),
        ),
        ValidationErrorKind::MaxItems { limit } => (
            e.key_or_value(),
            format!(
                "`{}` must have at most {limit} item{}",
                e.dotted(),
                plural(*limit)
            ),
        ),
        ValidationErrorKind::MinProperties { limit } => (
            e.key_or_value(),
            format!(
                "`{}` must have at least {limit} key{}",
                e.dotted(),
                plural(*limit)
            ),
        ),
        _ => return false,
    };
    out.push(Diagnostic::new(&INVALID_LENGTH, span, message));
    true
}
