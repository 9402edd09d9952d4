use jsonschema::error::ValidationErrorKind;

use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::schema::{INVALID_FORMAT, SchemaError};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Seg;

declare_lint! {
    /// ## What it does
    /// Reports a tag that is not of the form `namespace.name` in lowercase letters, digits,
    /// `_`, `-` and `.`: `attack.T1059`, `Attack.Execution`, `attack execution`, a bare
    /// `sysmon`. D3FEND artifact tags (`d3fend.d3f-WindowsNtOpenFile`) keep their case. Part
    /// of what SC104 `invalid-format` reported until it was split by kind of value; `SC104`
    /// still selects it.
    ///
    /// ## Why is this bad?
    /// Tools match tags by their exact text: a tag in another case or without its namespace
    /// drops the rule from ATT&CK coverage maps and tag filters, and fails the official
    /// schema. The ATT&CK lints (SC5xx) skip a tag of the wrong form, so its meaning is not
    /// checked either.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - Attack.Defense Evasion
    ///     - attack.T1059.001
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.defense-evasion
    ///     - attack.t1059.001
    /// ```
    ///
    /// ## Fix
    /// A tag that only differs by case or spaces (`Attack.Defense Evasion`) is lower-cased and
    /// hyphenated; the quoting of the value is kept. A tag without a namespace has no fix: the
    /// namespace cannot be guessed. Safe: the rule says the same thing, in the required form.
    pub static INVALID_TAG_FORMAT = "SC109", "invalid-tag-format", Error, fix = Sometimes,
        formerly = [INVALID_FORMAT];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Schema(explain)];

fn explain(e: &SchemaError<'_, '_>, out: &mut Vec<Diagnostic>) -> bool {
    let is_tag = matches!(e.path.first(), Some(Seg::Key(k)) if k == "tags");
    if !is_tag || !matches!(e.err.kind(), ValidationErrorKind::Pattern { .. }) {
        return false;
    }
    let value = e.node.as_str().unwrap_or_default();
    let diag = Diagnostic::new(
        &INVALID_TAG_FORMAT,
        e.value_span(),
        format!("tag `{value}` is not of the form `namespace.name` in lowercase"),
    );
    out.push(match tag_fix(value) {
        Some(fixed) => {
            let fix = crate::lints::edit::replace_scalar(e.text, e.node, &fixed)
                .map(|edit| Fix::safe(format!("write `{fixed}`"), vec![edit]));
            diag.with_help(format!("write `{fixed}`")).with_fix(fix)
        }
        None => diag.with_help("tags look like `attack.execution` or `attack.t1059.001`"),
    });
    true
}

/// `Attack.Defense Evasion` → `attack.defense-evasion`, when that gives a well-formed tag.
fn tag_fix(value: &str) -> Option<String> {
    let mut t = value.trim().to_lowercase();
    if !t.contains('.') {
        t = t.replacen(' ', ".", 1);
    }
    let t = t.split_whitespace().collect::<Vec<_>>().join("-");
    let (ns, rest) = t.split_once('.')?;
    let ok = |s: &str, extra: &[u8]| {
        !s.is_empty()
            && s.bytes().all(|b| {
                b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b"_-".contains(&b)
                    || extra.contains(&b)
            })
    };
    (ok(ns, b"") && ok(rest, b".") && t != value).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_fixes() {
        assert_eq!(
            tag_fix("Attack Execution").as_deref(),
            Some("attack.execution")
        );
        assert_eq!(
            tag_fix("attack.Defense Evasion").as_deref(),
            Some("attack.defense-evasion")
        );
        assert_eq!(tag_fix("attack.T1059").as_deref(), Some("attack.t1059"));
        assert_eq!(tag_fix("!!!"), None);
    }
}
