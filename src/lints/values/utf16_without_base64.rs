use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, bits};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports `utf16`, `utf16le`, `utf16be` or `wide` that no `base64` or `base64offset`
    /// follows in the chain: `CommandLine|wide|contains`, or `CommandLine|base64|wide` where
    /// the encoding comes after the Base64 step.
    ///
    /// ## Why is this bad?
    /// These modifiers exist to prepare a value for Base64 matching (PowerShell's
    /// `-EncodedCommand` is Base64 of UTF-16LE text). On their own they produce a value with
    /// NUL bytes between the characters, which text logs and SIEM fields never contain, so
    /// the selection silently matches nothing; after `base64` they re-encode the Base64 text.
    /// sigma-rust rejects such rules (`Utf16WithoutBase64`). The severity is warning: the
    /// rule is valid for pySigma but very likely does not work.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|wide|contains: 'Invoke-Mimikatz'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|wide|base64offset|contains: 'Invoke-Mimikatz'
    ///     condition: selection
    /// ```
    pub static UTF16_WITHOUT_BASE64 = "SC406", "utf16-without-base64", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

pub(super) fn check_site(_cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.mask & bits(&[Mod::Utf16, Mod::Utf16le, Mod::Utf16be, Mod::Wide]) == 0 {
        return;
    }
    let chain: Vec<_> = site.chain().collect();
    // Only the last encoding matters: a later one is reported in its place.
    let Some(k) = chain.iter().rposition(|(m, _)| m.is_utf16()) else {
        return;
    };
    if chain[k + 1..].iter().any(|(m, _)| m.is_base64()) {
        return;
    }
    let (_, enc) = chain[k];
    let field = match site.field_name() {
        "" => "Field",
        f => f,
    };
    let mut d = match chain[..k].iter().rev().find(|(m, _)| m.is_base64()) {
        Some(&(_, b64)) => Diagnostic::new(
            &UTF16_WITHOUT_BASE64,
            enc.span.clone(),
            format!(
                "`{}` comes after `{}` in `{}`: it re-encodes the Base64 text",
                enc.name,
                b64.name,
                site.key_text()
            ),
        )
        .with_secondary(b64.span.clone(), "Base64 is applied first"),
        None => Diagnostic::new(
            &UTF16_WITHOUT_BASE64,
            enc.span.clone(),
            format!(
                "`{}` without `base64` or `base64offset` after it in `{}`",
                enc.name,
                site.key_text()
            ),
        )
        .with_label("produces text with NUL bytes"),
    };
    d = d.with_help(format!(
        "encode to UTF-16 first, then to Base64: `{field}|{}|base64offset|contains`",
        enc.name
    ));
    out.push(d);
}
