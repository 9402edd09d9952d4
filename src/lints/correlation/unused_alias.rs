use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports an alias in a correlation's `aliases:` that `group-by` does not use.
    ///
    /// ## Why is this bad?
    /// Aliases exist only to be grouped by: `group-by` names the alias, and each correlated
    /// rule's events are grouped by their own field for it. An alias missing from `group-by`
    /// does nothing, which usually means `group-by` misspells it or still names one of the
    /// original fields, so events of different rules are not grouped together as intended.
    /// The severity is warning.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     group-by:
    ///         - internal_address
    ///     aliases:
    ///         internal_ip:
    ///             internal_error: destination.ip
    ///             new_network_connection: source.ip
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     group-by:
    ///         - internal_ip
    ///     aliases:
    ///         internal_ip:
    ///             internal_error: destination.ip
    ///             new_network_connection: source.ip
    /// ```
    pub static UNUSED_ALIAS = "SC709", "unused-alias", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(corr) = &ctx.doc.correlation else {
        return;
    };
    let Some(aliases) = corr.aliases.and_then(|a| a.value.as_mapping()) else {
        return;
    };
    let group_by: std::collections::HashSet<&str> = corr
        .group_by_fields()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    for alias in aliases {
        let Some(name) = alias.key.as_str() else {
            continue;
        };
        if group_by.contains(name) {
            continue;
        }
        let mut d = Diagnostic::new(
            &UNUSED_ALIAS,
            alias.key.span.clone(),
            format!("alias `{name}` is not used in `group-by`"),
        )
        .with_label("defined but never grouped by");
        if let Some(g) = corr.group_by {
            d = d.with_secondary(g.key.span.clone(), "groups by other fields");
        }
        out.push(d.with_help(format!("add `{name}` to `group-by`, or remove the alias")));
    }
}
