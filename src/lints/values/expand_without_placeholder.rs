use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, placeholders};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a value of a field with the `expand` modifier that contains no placeholder.
    /// A placeholder is `%name%` with a non-empty name that holds no `\` and no unescaped
    /// wildcard, as pySigma 2.x reads it (`SigmaString.insert_placeholders`): `%DC-MACHINE-NAME%`
    /// and `%domain admins%` are placeholders, `%C:\Temp%` and `%Admin*%` are not.
    ///
    /// ## Why is this bad?
    /// `expand` exists to replace placeholders with values from the processing pipeline
    /// (`%Workstations%` becomes the list of workstations). Without a placeholder the value
    /// is matched literally: either the modifier is useless, or, much more often, the
    /// placeholder was mistyped and the rule matches the literal text `%Workstations`
    /// instead of the environment's values. The severity is warning: the rule works, but
    /// likely not as intended.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         ComputerName|expand: '%Workstations'
    ///         TargetUserName|expand: '%Admin*%'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         ComputerName|expand: '%Workstations%'
    ///         TargetUserName|expand: '%Admins%'
    ///     condition: selection
    /// ```
    pub static EXPAND_WITHOUT_PLACEHOLDER = "SC407", "expand-without-placeholder", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some((_, expand)) = site.find(|m| m == Mod::Expand) else {
        return;
    };
    for v in site.strings() {
        let Some(s) = v.as_str() else { continue };
        if placeholders(s).next().is_some() {
            continue;
        }
        let d = match almost_placeholder(s) {
            Some(r) => {
                let name = &s[r.clone()];
                let fixed: String = name
                    .chars()
                    .map(|c| {
                        if matches!(c, '\\' | '*' | '?') {
                            '_'
                        } else {
                            c
                        }
                    })
                    .collect();
                Diagnostic::new(
                    &EXPAND_WITHOUT_PLACEHOLDER,
                    cx.inner_span(v, r),
                    format!(
                        "`{name}` is not a placeholder: a placeholder name may not contain `\\` or a wildcard"
                    ),
                )
                .with_label("matched literally")
                .with_help(format!("rename it, e.g. `{fixed}`"))
            }
            None => Diagnostic::new(
                &EXPAND_WITHOUT_PLACEHOLDER,
                cx.span(v),
                format!(
                    "`{}` has `expand` but the value `{}` has no `%placeholder%`",
                    site.key_text(),
                    cx.show(v)
                ),
            )
            .with_label("matched literally")
            .with_help("write the placeholder as `%name%`, or remove `|expand`"),
        };
        out.push(d.with_secondary(expand.span.clone(), "`expand` is applied here"));
    }
}

/// A `%…%` whose name holds what a placeholder name may not: a `\` or a wildcard (no spaces,
/// at most 64 long, as names are).
fn almost_placeholder(s: &str) -> Option<std::ops::Range<usize>> {
    let start = s.find('%')?;
    let len = s[start + 1..].find('%')?;
    let name = &s[start + 1..start + 1 + len];
    (!name.is_empty()
        && len <= 64
        && !name.contains(char::is_whitespace)
        && name.contains(['\\', '*', '?']))
    .then_some(start..start + len + 2)
}
