use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::Diagnostic;
use crate::lints::schema::{INVALID_FORMAT, SchemaError};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule `id` or `related` id that is not a UUID in the hyphenated form
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. Part of what SC104 `invalid-format`
    /// reported until it was split by kind of value; `SC104` still selects it.
    ///
    /// ## Why is this bad?
    /// Ids must be globally unique and stable: correlations, filters and `related` links find
    /// rules by them, and SIEMs key alerts on them. A hand-made id collides sooner or later, and
    /// the official schema rejects it.
    ///
    /// ## Example
    /// ```yaml
    /// id: my-rule-1
    /// related:
    ///     - id: 5f3b4c1e8a9d4b2e9c7f1a2b3c4d5e6f
    ///       type: derived
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// id: 0e6b4a8c-2f1d-4c3b-9a5e-7d8f6b4c2a1e
    /// related:
    ///     - id: 5f3b4c1e-8a9d-4b2e-9c7f-1a2b3c4d5e6f
    ///       type: derived
    /// ```
    pub static INVALID_ID_FORMAT = "SC107", "invalid-id-format", Error,
        formerly = [INVALID_FORMAT];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    if !matches!(e.err.kind(), ValidationErrorKind::Format { format } if format == "uuid") {
        return false;
    }
    let value = e.node.as_str().unwrap_or_default();
    out.push(
        Diagnostic::new(
            &INVALID_ID_FORMAT,
            e.value_span(),
            format!("`{}` is not a UUID: `{value}`", e.dotted()),
        )
        .with_help("use a random UUID (version 4), e.g. from `uuidgen`"),
    );
    true
}
