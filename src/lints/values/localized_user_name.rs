use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a user field matched against a single value that holds `AUTHORI` or `AUTORI`,
    /// a Windows built-in account spelled in one language. The field is any whose name
    /// contains `user` in any case; the value is, say, `NT AUTHORITY\SYSTEM`. SigmaHQ's
    /// validator `sigmahq_field_user` and its repository test `test_field_user_localization`.
    ///
    /// ## Why is this bad?
    /// Windows logs the built-in accounts under their localized names: `NT AUTHORITY` on an
    /// English system, `AUTORITE NT` on a French one, `NT-AUTORITÄT` on a German one. A rule
    /// that names one spelling silently misses every other language. The severity is
    /// warning: the rule works, on systems in one language only.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         User: 'NT AUTHORITY\SYSTEM'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         User|contains: # covers many language settings
    ///             - 'AUTHORI'
    ///             - 'AUTORI'
    ///     condition: selection
    /// ```
    pub static LOCALIZED_USER_NAME = "SC433", "localized-user-name", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    let field = site.field_name();
    if site.values.len() != 1 || !contains_user(field) {
        return;
    }
    let v = site.values[0];
    let Some(s) = v.as_str() else { return };
    let Some((at, word)) = ["AUTHORI", "AUTORI"]
        .iter()
        .filter_map(|w| s.find(w).map(|at| (at, *w)))
        .min()
    else {
        return;
    };
    out.push(
        Diagnostic::new(
            &LOCALIZED_USER_NAME,
            cx.inner_span(v, at..at + word.len()),
            format!(
                "`{}` matches the account name `{}` in one language only",
                site.key_text(),
                cx.show(v)
            ),
        )
        .with_label("Windows localizes this name")
        .with_help(format!(
            "match every language with `{field}|contains: ['AUTHORI', 'AUTORI']`, or list the localized spellings as well"
        )),
    );
}

fn contains_user(field: &str) -> bool {
    field
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"user"))
}
