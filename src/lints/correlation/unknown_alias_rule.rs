use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::pack::{Found, Pack};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;
use crate::sigma::correlation::looks_like_uuid;

declare_lint! {
    /// ## What it does
    /// Reports a rule named in a correlation's `aliases:` that is not one of the rules the
    /// correlation refers to in `rules:`.
    ///
    /// A name that is no rule at all is reported too.
    ///
    /// An alias maps, for each correlated rule, the field that holds the aliased value
    /// (`aliases: {alias: {rule name: field}}`). When every entry of `rules:` is a name, this
    /// is decided within the file. When `rules:` refers to rules by id, the rule names are
    /// resolved in the pack-wide phase; a name that resolves to nothing is only reported when
    /// a directory was checked (with single files, the rule may simply not be among them).
    ///
    /// ## Why is this bad?
    /// The mapping for the misspelled or missing rule never applies, so events of the real
    /// rule are grouped by a field named after the alias, which they usually do not have: the
    /// correlation silently never matches. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: temporal
    ///     rules:
    ///         - internal_error
    ///         - new_network_connection
    ///     aliases:
    ///         internal_ip:
    ///             internal_eror: destination.ip
    ///             new_network_connection: source.ip
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     aliases:
    ///         internal_ip:
    ///             internal_error: destination.ip
    ///             new_network_connection: source.ip
    /// ```
    pub static UNKNOWN_ALIAS_RULE = "SC708", "unknown-alias-rule", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check), Hook::Pack(check_pack)];

/// Whether the document alone decides an alias key: neither the key nor any `rules:` entry is
/// an id (`any_id_in_rules`), so the key must literally be one of the names in `rules:`.
pub fn decided_in_document(any_id_in_rules: bool, key: &str) -> bool {
    !any_id_in_rules && !looks_like_uuid(key)
}

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(corr) = &ctx.doc.correlation else {
        return;
    };
    let Some(aliases) = corr.aliases.and_then(|a| a.value.as_mapping()) else {
        return;
    };
    let refs: Vec<&str> = corr.rule_refs().iter().filter_map(|n| n.as_str()).collect();
    let set: HashSet<&str> = refs.iter().copied().collect();
    let any_id = refs.iter().any(|r| looks_like_uuid(r));
    for alias in aliases {
        let alias_name = alias.key.as_str().unwrap_or_default();
        for m in alias.value.as_mapping().unwrap_or_default() {
            let Some(key) = m.key.as_str().filter(|_| !m.key.is_null()) else {
                continue;
            };
            if set.contains(key) || !decided_in_document(any_id, key) {
                continue;
            }
            let mut d = Diagnostic::new(
                &UNKNOWN_ALIAS_RULE,
                m.key.span.clone(),
                format!(
                    "alias `{alias_name}` maps rule `{key}`, which is not in the correlation's `rules`"
                ),
            )
            .with_label("not a correlated rule");
            if let Some(r) = corr.rules {
                d = d.with_secondary(r.key.span.clone(), "the correlated rules");
            }
            d = match did_you_mean(key, refs.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("map only rules listed in `rules:`, by their `name`"),
            };
            out.push(d);
        }
    }
}

/// The pack-wide part: alias keys of correlations that refer to rules by id.
pub fn check_pack(pack: &Pack<'_>, out: &mut Found) {
    for (i, pd) in pack.docs.iter().enumerate() {
        let doc = pd.doc;
        if doc.kind != Kind::Correlation || doc.aliases.is_empty() {
            continue;
        }
        let refs: HashSet<&str> = doc.references.iter().map(|r| r.value.as_str()).collect();
        let any_id = refs.iter().any(|r| looks_like_uuid(r));
        let resolved: HashSet<usize> = refs.iter().filter_map(|r| pack.resolve(r)).collect();
        for a in &doc.aliases {
            let key = a.rule.value.as_str();
            if refs.contains(key) || decided_in_document(any_id, key) {
                continue;
            }
            let d = match pack.resolve(key) {
                Some(t) if resolved.contains(&t) => continue,
                Some(t) => {
                    let target = pack.docs[t].doc;
                    let d = Diagnostic::new(
                        &UNKNOWN_ALIAS_RULE,
                        a.rule.span.clone(),
                        format!(
                            "alias `{}` maps rule `{key}` ({}), which is not in the correlation's `rules`",
                            a.alias,
                            target.label()
                        ),
                    )
                    .with_label("not a correlated rule")
                    .with_help("map only the rules listed in `rules:`, or add this rule to them");
                    let span = target
                        .name
                        .as_ref()
                        .or(target.id.as_ref())
                        .map_or(target.span.clone(), |s| s.span.clone());
                    pack.label(d, i, t, span, "the mapped rule")
                }
                None if pack.options.resolve_references => Diagnostic::new(
                    &UNKNOWN_ALIAS_RULE,
                    a.rule.span.clone(),
                    format!(
                        "alias `{}` maps `{key}`, which is no rule id or name in the checked files",
                        a.alias
                    ),
                )
                .with_label("unknown rule")
                .with_help("use the `name` of one of the rules listed in `rules:`"),
                None => continue,
            };
            out.push((pd.file, d));
        }
    }
}
