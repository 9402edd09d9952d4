use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site};
use crate::lints::{Hook, declare_lint};
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
    ///
    /// ## Fix
    /// `--fix` removes the repeated modifier (the second one, with its `|`) when applying it
    /// again provably changes nothing: `contains`, `startswith`, `endswith`, `all`, `cased`
    /// and the regular expression flags `i`, `m`, `s`. Safe: the value is the same after one
    /// application as after two. No fix for the others (`windash`, `wide`/`utf16*`, `expand`,
    /// `fieldref`, `neq`, `base64offset`), where a second application changes the value or
    /// the repetition may stand for another modifier; nor when the key without the modifier is
    /// already in the same selection, or is not written verbatim. A key with several repeated
    /// modifiers loses one per round.
    pub static REPEATED_MODIFIER = "SC405", "repeated-modifier", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if !repeats(site) {
        return;
    }
    // First occurrence of each modifier and whether its repetition was reported.
    let mut seen: HashMap<Mod, (&Modifier<'_>, bool)> = HashMap::new();
    // One fix per key and round: each is checked against the other keys of the selection
    // alone, so two removals from one key at once could still make it repeat a key.
    let mut fixed = false;
    for (m, w) in site.chain() {
        let m = m.canonical();
        if !counted(m) {
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
        let fix = (idempotent(m) && !fixed)
            .then(|| site.remove_modifier(cx.text, w))
            .flatten()
            .map(|e| Fix::safe(format!("remove the second `{}`", w.name), vec![e]));
        fixed |= fix.is_some();
        out.push(
            Diagnostic::new(&REPEATED_MODIFIER, w.span.clone(), message)
                .with_label("applied again here")
                .with_secondary(first.span.clone(), "first applied here")
                .with_help(format!("remove the second `{}`", w.name))
                .with_fix(fix),
        );
    }
}

/// Whether a modifier the lint looks at comes twice (aliases counted as one): most keys
/// repeat nothing, and this needs no map.
fn repeats(site: &Site<'_, '_>) -> bool {
    let mut seen = 0u64;
    site.chain().any(|(m, _)| {
        let m = m.canonical();
        if counted(m) {
            let bit = m.bit();
            let again = seen & bit != 0;
            seen |= bit;
            again
        } else {
            false
        }
    })
}

/// Modifiers whose repetition is reported.
fn counted(m: Mod) -> bool {
    !(matches!(m, Mod::Base64 | Mod::Re | Mod::Cidr | Mod::Exists) || m.is_numeric())
}

/// Modifiers whose second application leaves the value as the first one left it: a position
/// modifier adds a `*` only where there is none, `all` and `cased` are flags, and so are the
/// regular expression flags.
fn idempotent(m: Mod) -> bool {
    m.is_position() || m.is_regex_flag() || matches!(m, Mod::All | Mod::Cased)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::values::{chains_rule, for_each_field_site};

    /// `repeats` is true exactly when the full check has something to report.
    #[test]
    fn repeats_means_a_counted_modifier_twice() {
        let text = chains_rule(&[
            "contains",
            "all",
            "wide",
            "utf16le",
            "re",
            "gt",
            "base64",
            "i",
            "ignorecase",
            "cased",
        ]);
        for_each_field_site(&text, |site| {
            let mut counted_mods: Vec<Mod> = site
                .chain()
                .map(|(m, _)| m.canonical())
                .filter(|m| counted(*m))
                .collect();
            let n = counted_mods.len();
            counted_mods.sort_by_key(|m| m.bit());
            counted_mods.dedup();
            assert_eq!(repeats(site), counted_mods.len() < n, "{}", site.key_text());
        });
    }
}
