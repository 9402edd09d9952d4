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
    // Several keys missing from one mapping are one finding that names them all.
    if let Some(prev) = out
        .iter_mut()
        .rev()
        .find(|d| std::ptr::eq(d.lint, &MISSING_REQUIRED_KEY) && d.span == span)
    {
        let mut keys = backticked(&prev.message, &whose);
        keys.push(prop.to_owned());
        prev.message = message(&keys, &whose);
        prev.help = Some(help(&keys));
        return true;
    }
    let keys = [prop.to_owned()];
    out.push(
        Diagnostic::new(&MISSING_REQUIRED_KEY, span, message(&keys, &whose)).with_help(help(&keys)),
    );
    true
}

fn list(keys: &[String]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

fn message(keys: &[String], whose: &str) -> String {
    let s = if keys.len() == 1 { "" } else { "s" };
    format!("missing required key{s} {}{whose}", list(keys))
}

fn help(keys: &[String]) -> String {
    let adds: Vec<String> = keys.iter().map(|k| format!("`{k}:`")).collect();
    let them = if keys.len() == 1 { "it" } else { "them" };
    format!(
        "add {}; the Sigma specification requires {them}",
        adds.join(" and ")
    )
}

/// The keys a [`message`] names, read back from it.
fn backticked(message: &str, whose: &str) -> Vec<String> {
    let names = message.strip_suffix(whose).unwrap_or(message);
    names
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}
