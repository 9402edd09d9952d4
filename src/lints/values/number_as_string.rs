use saphyr_parser::ScalarStyle;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, bits};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a whole number written as a quoted string, `EventID: '4688'`, on a field that
    /// is compared for equality (no modifier, or only `all` or `neq`). Values with leading
    /// zeros (`'0004'`) are not reported, since turning them into numbers changes them, and
    /// with `contains`, `startswith`, `endswith` or `re` a string is required.
    ///
    /// ## Why is this bad?
    /// Numeric fields are compared as numbers by many backends (and pySigma types the value
    /// as a number only when it is unquoted), so a quoted number can turn into a string
    /// comparison that misses events or defeats index optimisations. pySigma reports it as
    /// `NumberAsStringIssue` (low); SigmaHQ excludes only a couple of rules from that check.
    /// The severity is info: the rule usually works.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: '4688'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4688
    ///     condition: selection
    /// ```
    pub static NUMBER_AS_STRING = "SC420", "number-as-string", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Value(
    Gate::NotRegex,
    0,
    check_value,
))];

pub(super) fn check_value(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let field = site.field_name();
    // Only `all` and `neq` leave the value a plain comparison (all modifiers are known here).
    if field.is_empty() || site.mask & !bits(&[Mod::All, Mod::Neq]) != 0 {
        return;
    }
    let Some(s) = v.as_scalar() else { return };
    if !matches!(
        s.style,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    ) {
        return;
    }
    let digits = s.value.strip_prefix('-').unwrap_or(&s.value);
    let is_int = !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !is_int {
        return;
    }
    out.push(
        Diagnostic::new(
            &NUMBER_AS_STRING,
            cx.span(v),
            format!(
                "the number `{}` of `{field}` is quoted as a string",
                s.value
            ),
        )
        .with_label("a string, not a number")
        .with_help(format!(
            "write it without quotes: `{}: {}`",
            site.key_text(),
            s.value
        )),
    );
}
