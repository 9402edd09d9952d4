use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::Diagnostic;
use crate::lints::schema::SchemaError;
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a key the specification requires that is missing: `title`, `logsource` and
    /// `detection` (with its `condition`) in a rule; `correlation` with `type` and `rules` in a
    /// correlation; `filter` with `rules` and `condition` in a filter; `id` and `type` in each
    /// `related` entry.
    ///
    /// ## Why is this bad?
    /// Without them the document cannot be converted or deployed.
    ///
    /// ## Example
    /// ```yaml
    /// title: Whoami Execution
    /// detection:
    ///     selection:
    ///         Image|endswith: '\whoami.exe'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// title: Whoami Execution
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// detection:
    ///     selection:
    ///         Image|endswith: '\whoami.exe'
    ///     condition: selection
    /// ```
    pub static MISSING_REQUIRED_KEY = "SC101", "missing-required-key", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let ValidationErrorKind::Required { property } = e.err.kind() else {
        return false;
    };
    let prop = property.as_str().unwrap_or("?");
    // Label the parent's key; a missing top-level key is reported at the first key. A list
    // item has no key: label its first key (the whole item may be long).
    let first_key = |n: &Node| {
        n.as_mapping()
            .and_then(|m| m.first())
            .map(|e| e.key.span.clone())
    };
    let span = match e.key {
        Some(k) => k.span.clone(),
        None => first_key(e.node).unwrap_or_else(|| e.value_span()),
    };
    let whose = if e.path.is_empty() {
        String::new()
    } else {
        format!(" in `{}`", e.dotted())
    };
    out.push(
        Diagnostic::new(
            &MISSING_REQUIRED_KEY,
            span,
            format!("missing required key `{prop}`{whose}"),
        )
        .with_help(format!(
            "add `{prop}:`; the Sigma specification requires it"
        )),
    );
    true
}
