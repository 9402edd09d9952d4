use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, caseless_eq, has_wildcard};
use crate::lints::{Hook, declare_lint};
use crate::yaml::{Node, Resolved};

declare_lint! {
    /// ## What it does
    /// Reports `Field|all: [a, b]` where the field must *equal* two different values at once:
    /// no `contains`, `startswith`, `endswith`, `re` or other modifier, and no wildcard in the
    /// values. Values that differ only in letter case count as equal unless `cased` is used.
    ///
    /// ## Why is this bad?
    /// A field has one value, so it can never be equal to `a` and to `b`: the selection
    /// matches nothing and the rule never fires. The author almost always meant
    /// `Field|contains|all` (every value somewhere in the field) or a plain list (any of the
    /// values). pySigma's validator `invalid_modifier_combinations` reports `all` without
    /// `contains` as high severity. The severity is error: the rule cannot match.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|all:
    ///             - 'net'
    ///             - 'user'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains|all:
    ///             - 'net'
    ///             - 'user'
    ///     condition: selection
    /// ```
    pub static CONTRADICTORY_ALL = "SC404", "contradictory-all", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Known, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.field_name().is_empty() || site.values.len() < 2 {
        return;
    }
    let Some((_, all)) = site.find(|m| m == Mod::All) else {
        return;
    };
    if site
        .chain()
        .any(|(m, _)| !matches!(m, Mod::All | Mod::Cased))
    {
        return;
    }
    let cased = site.has(Mod::Cased);
    let mut first: Option<&Node> = None;
    let mut second: Option<&Node> = None;
    for v in site.values {
        let Some(s) = v.as_scalar() else { return };
        match s.resolved {
            Resolved::Null => return,
            Resolved::String if has_wildcard(&s.value) => return,
            _ => {}
        }
        match first {
            None => first = Some(v),
            Some(f) if second.is_none() && !same(f, v, cased) => second = Some(v),
            _ => {}
        }
    }
    let (Some(first), Some(second)) = (first, second) else {
        return;
    };
    let field = site.field_name();
    out.push(
        Diagnostic::new(
            &CONTRADICTORY_ALL,
            all.span.clone(),
            format!(
                "`{}` can never match: `{field}` cannot equal `{}` and `{}` at once",
                site.key_text(),
                cx.show(first),
                cx.show(second)
            ),
        )
        .with_label("`all` requires every value")
        .with_secondary(cx.span(second), "a second, different value")
        .with_help(format!(
            "to find every value inside the field write `{field}|contains|all`; to match any of them remove `|all`"
        )),
    );
}

fn same(a: &Node, b: &Node, cased: bool) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) if cased => x == y,
        (Some(x), Some(y)) => caseless_eq(x, y),
        _ => false,
    }
}
