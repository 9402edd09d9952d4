use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::schema::{SchemaError, show};
use crate::lints::{Hook, declare_lint};
use crate::yaml::{Node, Seg};

declare_lint! {
    /// ## What it does
    /// Reports a value that breaks the Sigma v2.1 schema in a way none of the more specific
    /// schema lints (SC101–SC110) describes, for example a value that fits none of the allowed
    /// shapes.
    ///
    /// ## Why is this bad?
    /// Sigma tools reject or misread documents that do not follow the specification; SigmaHQ's
    /// CI refuses them.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition: 10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 10
    /// ```
    ///
    /// ## Fix
    /// Only a repeated item of a list (`uniqueItems`) has a fix: `--fix` removes the later copy,
    /// with its line and any comment on that line. Safe: the list means the same without it.
    pub static SCHEMA_VIOLATION = "SC100", "schema-violation", Error, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

/// A value repeated in a list that must hold distinct items.
fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    if !matches!(e.err.kind(), ValidationErrorKind::UniqueItems) {
        return false;
    }
    // Duplicate tags have their own lint (SC508) with the place of each copy.
    if matches!(e.path.first(), Some(Seg::Key(k)) if k == "tags") && e.path.len() == 1 {
        return true;
    }
    let items = e.node.as_sequence().unwrap_or_default();
    let mut seen: Vec<&Node> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(first) = seen.iter().find(|s| s.to_json() == item.to_json()) {
            let fix = crate::lints::edit::remove_item(e.text, e.node, i)
                .map(|edit| Fix::safe("remove the repeated item", vec![edit]));
            out.push(
                Diagnostic::new(
                    &SCHEMA_VIOLATION,
                    item.span.clone(),
                    format!("`{}` lists {} twice", e.dotted(), show(item, e.text)),
                )
                .with_secondary(first.span.clone(), "first listed here")
                .with_help("remove the repeated item")
                .with_fix(fix),
            );
        } else {
            seen.push(item);
        }
    }
    true
}

/// Any schema error no other SC1xx lint explains.
pub(super) fn otherwise(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) {
    let message = match e.err.kind() {
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
            format!("`{}` has an invalid value {}", e.dotted(), e.shown())
        }
        // The format and pattern lints (SC107–SC110) explain the formats our schemas use.
        ValidationErrorKind::Pattern { pattern } => format!(
            "`{}` value {} does not have the required format `{pattern}`",
            e.dotted(),
            e.shown()
        ),
        _ => format!("`{}` is invalid: {}", e.dotted(), e.err),
    };
    out.push(Diagnostic::new(&SCHEMA_VIOLATION, e.value_span(), message));
}
