use jsonschema::error::{TypeKind, ValidationErrorKind};

use crate::diagnostics::Diagnostic;
use crate::lints::schema::SchemaError;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a value of the wrong type: a string where the specification wants a list
    /// (`references`, `tags`, `falsepositives`), a list where it wants a string (`title`,
    /// `author`), a mapping where it wants a value.
    ///
    /// ## Why is this bad?
    /// Tools that read the field misbehave: a `references` string is iterated character by
    /// character by some converters, and catalogues render it wrongly.
    ///
    /// ## Example
    /// ```yaml
    /// references: https://attack.mitre.org/techniques/T1059/
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// references:
    ///     - https://attack.mitre.org/techniques/T1059/
    /// ```
    pub static WRONG_TYPE = "SC102", "wrong-type", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let ValidationErrorKind::Type { kind } = e.err.kind() else {
        return false;
    };
    let want = type_words(kind);
    let diag = Diagnostic::new(
        &WRONG_TYPE,
        e.value_span(),
        format!(
            "`{}` must be {want}, found {}",
            e.dotted(),
            e.node.type_name()
        ),
    );
    out.push(
        if want.starts_with("a list") && e.node.as_scalar().is_some() && !e.node.is_null() {
            diag.with_help(format!(
                "make it a list item: `{}:` then `  - {}` on the next line",
                e.name(),
                e.node.as_str().unwrap_or_default()
            ))
        } else {
            diag
        },
    );
    true
}

fn type_words(kind: &TypeKind) -> String {
    fn one(t: &str) -> &'static str {
        match t {
            "array" => "a list",
            "object" => "a mapping",
            "string" => "a string",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "a boolean",
            "null" => "null",
            _ => "another type",
        }
    }
    match kind {
        TypeKind::Single(t) => one(&t.to_string()).to_owned(),
        TypeKind::Multiple(set) => {
            let words: Vec<&str> = set.iter().map(|t| one(&t.to_string())).collect();
            words.join(" or ")
        }
    }
}
