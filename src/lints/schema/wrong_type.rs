use jsonschema::error::{TypeKind, ValidationErrorKind};

use crate::diagnostics::Diagnostic;
use crate::lints::schema::SchemaError;
use crate::lints::{Hook, declare_lint};
use crate::yaml::Seg;

declare_lint! {
    /// ## What it does
    /// Reports a value of the wrong type: a string where the specification wants a list
    /// (`references`, `tags`, `falsepositives`), a list where it wants a string (`title`,
    /// `author`), a mapping where it wants a value. A list item written `- Tuning: rare` is
    /// such a mapping by accident: the `: ` makes YAML read a key and its value, and the help
    /// gives the item quoted.
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
    if want == "a string"
        && let Some(d) = mapping_by_accident(e)
    {
        out.push(d);
        return true;
    }
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

/// A string written with `: ` inside it and no quotes (`- Tuning: rare`): YAML reads a mapping
/// of one key. Said so, with the quoted form to write.
fn mapping_by_accident(e: &SchemaError<'_, '_>) -> Option<Diagnostic> {
    let [entry] = e.node.as_mapping()? else {
        return None;
    };
    let (key, value) = (&entry.key, &entry.value);
    let plain = |n: &crate::yaml::Node| {
        n.as_scalar().is_some() && !e.text[n.span.clone()].starts_with(['\'', '"', '{', '['])
    };
    // A flow mapping (`{a: b}`) is written as one on purpose.
    if !plain(key) || !plain(value) || e.text[e.node.span.clone()].starts_with('{') {
        return None;
    }
    // An empty value (`- Tuning:`) has an empty span: the item ends at its colon.
    let end = if value.span.is_empty() {
        key.span.end + 1
    } else {
        value.span.end
    };
    let written = e.text.get(key.span.start..end)?;
    if written.contains('\n') || !written.contains(':') {
        return None;
    }
    let colon = if value.span.is_empty() { ":" } else { ": " };
    let (what, before) = match e.path.last() {
        Some(Seg::Index(_)) => ("item", String::from("- ")),
        _ => ("value", format!("{}: ", e.name())),
    };
    Some(
        Diagnostic::new(
            &WRONG_TYPE,
            key.span.start..end,
            format!(
                "`{}` is a mapping, not a string, because of the `{colon}` after `{}`",
                e.dotted(),
                e.text[key.span.clone()].trim_end()
            ),
        )
        .with_label("YAML reads a key and its value")
        .with_help(format!(
            "quote the whole {what}: `{before}{}`",
            single_quoted(written)
        )),
    )
}

/// `text` as a YAML single-quoted scalar.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
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
