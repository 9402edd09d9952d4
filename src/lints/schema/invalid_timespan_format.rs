use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::Diagnostic;
use crate::lints::schema::{INVALID_FORMAT, SchemaError};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a correlation `timespan` that is not a whole number followed by one of the
    /// units `s`, `m`, `h` or `d` in lowercase: `10 min`, `1H`, `1.5h`, `PT10M`. Part of what
    /// SC104 `invalid-format` reported until it was split by kind of value; `SC104` still
    /// selects it.
    ///
    /// ## Why is this bad?
    /// Backends turn the timespan into their query's time window and refuse one they cannot
    /// read, so the correlation cannot be converted.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_logon
    ///     group-by:
    ///         - TargetUserName
    ///     timespan: 10 min
    ///     condition:
    ///         gte: 10
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_logon
    ///     group-by:
    ///         - TargetUserName
    ///     timespan: 10m
    ///     condition:
    ///         gte: 10
    /// ```
    pub static INVALID_TIMESPAN_FORMAT = "SC110", "invalid-timespan-format", Error,
        formerly = [INVALID_FORMAT];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    if e.name() != "timespan" || !matches!(e.err.kind(), ValidationErrorKind::Pattern { .. }) {
        return false;
    }
    let value = e.node.as_str().unwrap_or_default();
    out.push(
        Diagnostic::new(
            &INVALID_TIMESPAN_FORMAT,
            e.value_span(),
            format!(
                "`{}` must be a number followed by s, m, h or d, found `{value}`",
                e.dotted()
            ),
        )
        .with_help("write e.g. `timespan: 10m` or `timespan: 1h`"),
    );
    true
}
