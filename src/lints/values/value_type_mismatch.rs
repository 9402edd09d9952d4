use crate::diagnostics::Diagnostic;
use crate::lints::values::yaml11_ambiguous_scalar::ambiguous;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, Tok, sigma_tokens};
use crate::lints::{Hook, declare_lint};
use crate::sigma::Modifier;
use crate::yaml::{Node, Resolved};

declare_lint! {
    /// ## What it does
    /// Reports a value whose type does not fit its modifiers, as pySigma checks them:
    ///
    /// - `exists` takes a boolean: `Image|exists: 'true'` (a string) is refused;
    /// - `gt`, `gte`, `lt`, `lte` and the time parts take a number: `ProcessId|gt: '1000'` is
    ///   a string;
    /// - the string modifiers (`contains`, `startswith`, `endswith`, `re`, `base64`,
    ///   `windash`, `cidr`, `cased`, `fieldref`, `expand`, …) take a string:
    ///   `EventID|contains: 4688` or an empty `CommandLine|contains:` (null) are refused;
    /// - `base64`, `base64offset` and `fieldref` take no wildcards (`*`, `?`).
    ///
    /// A `null` inside a value list is left to `null-in-value-list`, and unquoted values that
    /// YAML 1.1 (pySigma) and YAML 1.2 type differently, such as `yes` or `00000429`, to
    /// `yaml11-ambiguous-scalar`.
    ///
    /// ## Why is this bad?
    /// pySigma stops with `SigmaTypeError: Modifier … incompatible to value type`, "Compare
    /// operator expects number", or "Base64 encoding of strings with wildcards is not
    /// allowed", so the rule cannot be converted. The severity is error: the rule is broken.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID|contains: 4688
    ///         TargetProcessId|gt: '1000'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4688
    ///         TargetProcessId|gt: 1000
    ///     condition: selection
    /// ```
    pub static VALUE_TYPE_MISMATCH = "SC409", "value-type-mismatch", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Combinable, check_site))];

#[derive(Clone, Copy, PartialEq)]
enum Want {
    Bool,
    Number,
    String,
}

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    let (want, by) = if let Some((_, w)) = site.find(|m| m == Mod::Exists) {
        (Want::Bool, w)
    } else if let Some((_, w)) = site.find(Mod::is_numeric) {
        (Want::Number, w)
    } else if let Some((_, w)) = site.find(|m| !m.is_list()) {
        (Want::String, w)
    } else {
        return;
    };
    // Wildcards are refused by the encodings (before any `contains`) and by `fieldref`.
    let no_wildcards = site.find(|m| m.is_base64() || m == Mod::Fieldref);
    for v in site.values {
        let Some(s) = v.as_scalar() else { continue };
        if s.resolved == Resolved::Null && site.list.is_some() {
            continue;
        }
        // pySigma reads such a value with another type; `yaml11-ambiguous-scalar` says so.
        if ambiguous(v) {
            continue;
        }
        let fits = matches!(
            (want, s.resolved),
            (Want::Bool, Resolved::Bool(_))
                | (Want::Number, Resolved::Int(_) | Resolved::Float(_))
                | (Want::String, Resolved::String)
        );
        if !fits {
            out.push(mismatch(cx, site, want, by, v));
            continue;
        }
        if want == Want::String
            && let Some((_, enc)) = no_wildcards
            && let Some((_, r)) =
                sigma_tokens(&s.value).find(|(t, _)| *t != Tok::Lit && *t != Tok::Escaped)
        {
            let wildcard = &s.value[r.clone()];
            let (message, help) = if enc.name == "fieldref" {
                (
                    format!(
                        "`fieldref` takes a field name, which cannot contain the wildcard `{wildcard}`"
                    ),
                    String::from("write the referenced field's exact name"),
                )
            } else {
                (
                    format!(
                        "`{}` cannot encode the wildcard `{wildcard}`; pySigma rejects it",
                        enc.name
                    ),
                    format!(
                        "remove the wildcard; to find the encoded text anywhere, use `{}|contains`",
                        enc.name
                    ),
                )
            };
            out.push(
                Diagnostic::new(&VALUE_TYPE_MISMATCH, cx.inner_span(v, r), message)
                    .with_label("wildcard")
                    .with_secondary(enc.span.clone(), format!("`{}` is applied here", enc.name))
                    .with_help(help),
            );
        }
    }
}

fn mismatch(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    want: Want,
    by: &Modifier<'_>,
    v: &Node,
) -> Diagnostic {
    let raw = cx.show(v);
    let found = match v.as_scalar().map(|s| s.resolved) {
        Some(Resolved::Null) => String::from("null (an empty value)"),
        Some(Resolved::Bool(_)) => format!("the boolean `{raw}`"),
        Some(Resolved::Int(_) | Resolved::Float(_)) => format!("the number `{raw}`"),
        _ => format!("the string `{raw}`"),
    };
    let unquoted = v.as_str().unwrap_or_default().trim();
    let (message, help) = match want {
        Want::Bool => (
            format!("`exists` takes `true` or `false`, found {found}"),
            String::from("write `true` or `false` without quotes"),
        ),
        Want::Number => (
            format!("`{}` takes a number, found {found}", by.name),
            if unquoted.parse::<f64>().is_ok() {
                format!("write the number without quotes: `{unquoted}`")
            } else {
                String::from("write a number")
            },
        ),
        Want::String => (
            format!("`{}` takes a string, found {found}", by.name),
            match v.as_scalar().map(|s| s.resolved) {
                Some(Resolved::Null) => format!(
                    "write the text to match, or remove `{}` to test for an empty field",
                    by.name
                ),
                _ => format!("quote the value: `'{unquoted}'`"),
            },
        ),
    };
    // An empty value has an empty span: point at its key instead.
    let span = match site.field {
        Some(f) if v.span.is_empty() => f.key.span.clone(),
        _ => cx.span(v),
    };
    Diagnostic::new(&VALUE_TYPE_MISMATCH, span, message)
        .with_secondary(by.span.clone(), format!("`{}` is applied here", by.name))
        .with_help(help)
}
