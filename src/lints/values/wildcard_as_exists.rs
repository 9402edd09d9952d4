use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, is_wildcard_only};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a field whose only value is a lone wildcard, `Field: '*'` or
    /// `Field|contains: '*'`, the old idiom for "the field is present".
    ///
    /// Not reported when `placeholder-logic` (SC301) already reports the value because the
    /// whole detection matches every event, nor for keyword lists.
    ///
    /// ## Why is this bad?
    /// Sigma has had `exists` for this since v2; the wildcard says "any value" and leaves
    /// the meaning to the backend: some treat `*` as "present and not empty", some as
    /// "present", some expand it into an expensive wildcard query. pySigma tolerates the
    /// idiom on purpose (PR #76) and SigmaHQ still has a few such rules, so the severity is
    /// info: a style improvement, not a bug.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         eventName: 'CreateUser'
    ///     filter_main_error:
    ///         errorCode|contains: '*'
    ///     condition: selection and not filter_main_error
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         eventName: 'CreateUser'
    ///     filter_main_error:
    ///         errorCode|exists: true
    ///     condition: selection and not filter_main_error
    /// ```
    ///
    /// ## Fix
    /// `--fix --unsafe-fixes` rewrites `Field: '*'` (or `Field|contains: '*'`, a one-item list
    /// included) as `Field|exists: true`, keeping the key's quoting and any comment after the
    /// value. No fix when a comment sits between the key and the value. Unsafe: backends without
    /// `exists` cannot convert the rewritten rule, and one that reads `*` as "present and not
    /// empty" matches empty values too after the rewrite.
    pub static WILDCARD_AS_EXISTS = "SC416", "wildcard-as-exists", Info, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::NotRegex, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    let field = site.field_name();
    if field.is_empty() || site.values.len() != 1 || !is_wildcard_only(site.values[0]) {
        return;
    }
    if site
        .chain()
        .any(|(m, _)| !(m.is_position() || m == Mod::Cased))
    {
        return;
    }
    let v = site.values[0];
    out.push(
        Diagnostic::new(
            &WILDCARD_AS_EXISTS,
            cx.span(v),
            format!(
                "`{}: {}` tests that `{field}` exists",
                site.key_text(),
                cx.show(v)
            ),
        )
        .with_label("matches any value")
        .with_help(format!("write `{field}|exists: true`"))
        .with_fix(site.field.and_then(|f| {
            let edit = crate::lints::edit::exists_edit(cx.text, f.key, field, f.value)?;
            Some(Fix::unsafe_(
                format!("write `{field}|exists: true`"),
                vec![edit],
            ))
        })),
    );
}
