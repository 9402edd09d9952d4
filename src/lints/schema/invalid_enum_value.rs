use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Fix, did_you_mean};
use crate::lints::schema::{SchemaError, show};
use crate::lints::{Hook, declare_lint};
use crate::yaml::{Node, Seg};

declare_lint! {
    /// ## What it does
    /// Reports a value outside the fixed set the specification allows: `level`, `status`,
    /// `related[].type`, the correlation `type`, and similar.
    ///
    /// ## Why is this bad?
    /// A misspelt `level` such as `meduim` is dropped or rejected by converters, so the alert is
    /// raised at the wrong priority or not at all.
    ///
    /// ## Example
    /// ```yaml
    /// level: meduim
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// level: medium
    /// ```
    ///
    /// ## Fix
    /// `--fix` writes the allowed value that differs only by case (`level: High` → `high`),
    /// keeping the quotes. Safe: it is the only value the text can stand for.
    ///
    /// `--fix --unsafe-fixes` also replaces a misspelling with the suggestion (`meduim` →
    /// `medium`). Unsafe: the suggestion is the closest allowed value, not necessarily the one
    /// meant, and the level or status decides how the alert is handled.
    ///
    /// No fix without a suggestion, or for a value that is not a string (a number, `null`).
    pub static INVALID_ENUM_VALUE = "SC103", "invalid-enum-value", Error, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let options = match e.err.kind() {
        ValidationErrorKind::Enum { options } => options.as_array().cloned(),
        ValidationErrorKind::Constant { expected_value } => Some(vec![(**expected_value).clone()]),
        _ => return false,
    };
    // A list or mapping where a keyword is expected: the type error says so, once.
    if e.node.as_scalar().is_none() {
        return true;
    }
    out.push(enum_diag(e, options.as_ref()));
    true
}

fn enum_diag(e: &SchemaError<'_, '_>, options: Option<&Vec<Value>>) -> Diagnostic {
    let (name, node, text) = (e.name(), e.node, e.text);
    let options: Vec<String> = options
        .map(|o| {
            o.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let value = node
        .as_str()
        .map_or_else(|| show(node, text), str::to_owned);
    let suggestion = did_you_mean(&value, options.iter().map(String::as_str));
    let what = if matches!(e.path.last(), Some(Seg::Index(_))) {
        format!("{name} value")
    } else {
        name.to_owned()
    };
    let mut msg = format!(
        "unknown {what} `{value}`; expected one of {}",
        options.join(", ")
    );
    if let Some(s) = suggestion {
        msg.push_str(&format!(" (did you mean `{s}`?)"));
    }
    let diag = Diagnostic::new(&INVALID_ENUM_VALUE, e.value_span(), msg);
    match suggestion {
        Some(s) => diag
            .with_help(format!("write `{name}: {s}`"))
            .with_fix(enum_fix(text, node, &value, s, &options)),
        None => diag,
    }
}

/// The fix of an invalid enum value: the one allowed value it differs from only by case is
/// safe (`High` → `high`), a did-you-mean guess is not (`meduim` → `medium`). Only for string
/// scalars (a number or `null` in place of a keyword is not a typo).
fn enum_fix(
    text: &str,
    node: &Node,
    value: &str,
    suggestion: &str,
    options: &[String],
) -> Option<Fix> {
    let string = node
        .as_scalar()
        .is_some_and(|s| s.resolved == crate::yaml::Resolved::String);
    if !string {
        return None;
    }
    let edit = crate::lints::edit::replace_scalar(text, node, suggestion)?;
    let lower = value.to_lowercase();
    let same_case = options.iter().filter(|o| o.to_lowercase() == lower).count();
    let message = format!("write `{suggestion}`");
    Some(if same_case == 1 && suggestion.to_lowercase() == lower {
        Fix::safe(message, vec![edit])
    } else {
        Fix::unsafe_(message, vec![edit])
    })
}
