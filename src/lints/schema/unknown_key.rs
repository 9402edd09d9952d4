use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::schema::SchemaError;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a key that the specification does not allow where it stands. Today that is the
    /// `condition` of a correlation, which takes only `gt`, `gte`, `lt`, `lte`, `eq`, `neq` and
    /// `field`. The top level, `logsource`, `related` entries and `correlation` may carry
    /// custom keys, as the specification allows; misspelt well-known keys there are reported
    /// by SC221 and SC602.
    ///
    /// ## Why is this bad?
    /// It is usually a typo whose value is then silently ignored: a correlation with
    /// `gtt: 3` has no threshold at all.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gtt: 3
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gte: 3
    /// ```
    pub static UNKNOWN_KEY = "SC106", "unknown-key", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let (ValidationErrorKind::AdditionalProperties { unexpected }
    | ValidationErrorKind::UnevaluatedProperties { unexpected }) = e.err.kind()
    else {
        return false;
    };
    let allowed = allowed_properties(e.schema, e.err);
    for k in unexpected {
        let span = e
            .node
            .entry(k)
            .map_or(e.value_span(), |entry| entry.key.span.clone());
        let whose = if e.path.is_empty() {
            String::from("at the top level")
        } else {
            format!("in `{}`", e.dotted())
        };
        let mut diag = Diagnostic::new(&UNKNOWN_KEY, span, format!("unknown key `{k}` {whose}"));
        if let Some(s) = did_you_mean(k, allowed.iter().map(String::as_str)) {
            diag = diag.with_help(format!("did you mean `{s}`?"));
        } else if !allowed.is_empty() {
            diag = diag.with_help(format!("allowed keys: {}", allowed.join(", ")));
        }
        out.push(diag);
    }
    true
}

/// The `properties` names of the schema object that raised an additional-properties error.
fn allowed_properties(schema: &Value, err: &ValidationError<'_>) -> Vec<String> {
    let sp = err.schema_path().as_str();
    let parent = sp.rsplit_once('/').map_or("", |(p, _)| p);
    let mut names: Vec<String> = schema
        .pointer(parent)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}
