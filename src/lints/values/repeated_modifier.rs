use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::values::{Cx, Mod, Site};
use crate::sigma::Modifier;

declare_lint! {
    /// ## What it does
    /// Reports a modifier applied twice in one chain, counting aliases as the same modifier
    /// (`i` and `ignorecase`, `wide` and `utf16le`): `CommandLine|contains|contains`.
    ///
    /// `base64` may repeat (double encoding is a real technique, and pySigma allows it too).
    /// A repeated `re`, `cidr`, `exists` or comparison is reported by
    /// `invalid-modifier-combination` instead, because pySigma rejects those.
    ///
    /// ## Why is this bad?
    /// The second application does nothing or is a typo for another modifier; pySigma's
    /// validator reports it as `ModifierAppliedMultipleIssue`. The severity is warning: the
    /// rule still works, but was likely meant differently.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains|contains: 'sekurlsa::'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'sekurlsa::'
    ///     condition: selection
    /// ```
    pub static REPEATED_MODIFIER = "SC405", "repeated-modifier", Warning;
}

pub(super) fn check_site(_cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    // First occurrence of each modifier and whether its repetition was reported.
    let mut seen: HashMap<Mod, (&Modifier<'_>, bool)> = HashMap::new();
    for (m, w) in site.chain() {
        let m = m.canonical();
        if matches!(m, Mod::Base64 | Mod::Re | Mod::Cidr | Mod::Exists) || m.is_numeric() {
            continue;
        }
        let Some((first, reported)) = seen.get_mut(&m) else {
            seen.insert(m, (w, false));
            continue;
        };
        // Report each repetition once, at its second occurrence.
        if *reported {
            continue;
        }
        *reported = true;
        let message = if first.name == w.name {
            format!(
                "modifier `{}` is applied twice in `{}`",
                w.name,
                site.key_text()
            )
        } else {
            format!(
                "modifier `{}` repeats `{}` in `{}`",
                w.name,
                first.name,
                site.key_text()
            )
        };
        out.push(
            Diagnostic::new(&REPEATED_MODIFIER, w.span.clone(), message)
                .with_label("applied again here")
                .with_secondary(first.span.clone(), "first applied here")
                .with_help(format!("remove the second `{}`", w.name)),
        );
    }
}
