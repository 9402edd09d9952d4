use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Scan, Site, Tok, sigma_tokens};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports an escaped wildcard, `\*` or `\?`, in a value (regular expressions are not
    /// concerned). By the specification's escaping rules, `\*` is a literal `*` and the
    /// backslash is not part of the value; a backslash followed by a wildcard is written
    /// `\\*`, and a backslash followed by a literal `*` is `\\\*`.
    ///
    /// ## Why is this bad?
    /// In Windows paths the backslash is part of the text, so `'C:\Users\*\AppData'` reads
    /// like "any user folder" but matches only a folder literally named `*`. The escape is
    /// right when a literal `*` or `?` is meant (`'/index.php\?id='`, `'Get-Process \*av\*'`),
    /// which is why SigmaHQ keeps a list of rules excluded from pySigma's
    /// `escaped_wildcard` validator. The severity is info: check that the escape is
    /// intended.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         TargetFilename|startswith: 'C:\Users\*\AppData\Roaming\'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         TargetFilename|startswith: 'C:\Users\\*\AppData\Roaming\'
    ///     condition: selection
    /// ```
    pub static ESCAPED_WILDCARD = "SC418", "escaped-wildcard", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Value(
    Gate::NotRegex,
    Scan::ESCAPED_WILDCARD,
    check_value,
))];

pub(super) fn check_value(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(s) = v.as_str() else { return };
    // An escaped wildcard token is `\*` or `\?` in the text.
    // (A byte loop: `str::contains` sets up a substring searcher per call, too dear for
    // values of a few dozen bytes.)
    if !s
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && matches!(w[1], b'*' | b'?'))
    {
        return;
    }
    let Some((_, r)) = sigma_tokens(s).find(|(t, _)| *t == Tok::Escaped) else {
        return;
    };
    let esc = &s[r.clone()];
    let w = &esc[1..];
    out.push(
        Diagnostic::new(
            &ESCAPED_WILDCARD,
            cx.inner_span(v, r),
            format!("`{esc}` in a value of {} is a literal `{w}`, not a wildcard", site.describe()),
        )
        .with_label(format!("matches the character `{w}` only"))
        .with_help(format!(
            "write `\\\\{w}` for a backslash followed by the wildcard, or `\\\\\\{w}` for a backslash and a literal `{w}`; keep `\\{w}` if a literal `{w}` is meant"
        )),
    );
}
