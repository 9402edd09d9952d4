use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, MODIFIERS, Mod, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a value modifier that Sigma does not define, such as `Image|endwith` or
    /// `CommandLine|contians`, with the closest known modifier as a suggestion. Modifier
    /// names are case-sensitive (`Contains` is unknown), and `Field||contains` has an empty
    /// one. The regex flags `i`, `m` and `s` are only suggested after `re`, where they are
    /// valid; SQL's `in` and `not in` get how Sigma says them (a list of values, a filter).
    ///
    /// The known modifiers are those of the specification's modifiers appendix and pySigma:
    /// `all`, `base64`, `base64offset`, `cased`, `cidr`, `contains`, `endswith`, `exists`,
    /// `expand`, `fieldref`, `gt`, `gte`, `lt`, `lte`, `neq`, `re` with `i`, `m`, `s`
    /// (`ignorecase`, `multiline`, `dotall`), `startswith`, `utf16`, `utf16be`, `utf16le`,
    /// `wide`, `windash` and the time parts `minute`, `hour`, `day`, `week`, `month`, `year`.
    ///
    /// ## Why is this bad?
    /// pySigma refuses the whole rule (`SigmaModifierError: Unknown modifier`), so it cannot
    /// be converted for any backend; tools that ignore unknown modifiers silently match the
    /// plain value instead. The severity is error: the rule is broken.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contians: 'vssadmin delete shadows'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'vssadmin delete shadows'
    ///     condition: selection
    /// ```
    pub static UNKNOWN_MODIFIER = "SC401", "unknown-modifier", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Always, check_site))];

/// Names people write for a modifier that has another name.
const SYNONYMS: &[(&str, &str)] = &[
    ("regex", "re"),
    ("regexp", "re"),
    ("exist", "exists"),
    ("not", "neq"),
    ("ne", "neq"),
    ("notequal", "neq"),
    ("utf16-le", "utf16le"),
    ("b64", "base64"),
    ("base64_offset", "base64offset"),
    ("casesensitive", "cased"),
    ("case", "cased"),
    ("placeholder", "expand"),
    ("ge", "gte"),
    ("le", "lte"),
];

/// SQL's `IN` and `NOT IN`, which people reach for to match a list of values: in Sigma a list
/// is already matched as any of its values, and a value to exclude goes in a filter.
fn list_help(lower: &str, site: &Site<'_, '_>) -> Option<String> {
    let field = site.field_name();
    let under = if field.is_empty() {
        String::new()
    } else {
        format!(" under `{field}`")
    };
    match lower {
        "in" | "any" | "oneof" => Some(format!(
            "remove `|{lower}` and list the values{under}: a list already matches any of its values"
        )),
        "notin" | "not_in" | "nin" => Some(format!(
            "list the values{under} in a selection of their own and exclude it in the condition, e.g. `selection and not filter`"
        )),
        _ => None,
    }
}

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.known() {
        return;
    }
    let key = site.key_text();
    for (i, (parsed, m)) in site.mods().iter().zip(site.modifiers()).enumerate() {
        if parsed.is_some() {
            continue;
        }
        if m.name.is_empty() {
            // The span of an empty name is empty: point at the `|` before it.
            let span = if m.span.is_empty() {
                m.span.start.saturating_sub(1)..m.span.start
            } else {
                m.span.clone()
            };
            let span = if cx.text.get(span.clone()) == Some("|") {
                span
            } else {
                m.span.clone()
            };
            out.push(
                Diagnostic::new(
                    &UNKNOWN_MODIFIER,
                    span,
                    format!("empty modifier in `{key}`"),
                )
                .with_label("nothing between these `|`")
                .with_help("remove the extra `|`"),
            );
            continue;
        }
        let lower = m.name.to_lowercase();
        let mut d = Diagnostic::new(
            &UNKNOWN_MODIFIER,
            m.span.clone(),
            format!("unknown modifier `{}` in `{key}`", m.name),
        )
        .with_label("not a Sigma modifier");
        // The regex flags are offered only after `re`, where they can stand: elsewhere `in` is
        // no misspelt `i`.
        let after_re = site.mods()[..i].contains(&Some(Mod::Re));
        if !after_re && let Some(help) = list_help(&lower, site) {
            out.push(d.with_help(help));
            continue;
        }
        let candidates = MODIFIERS
            .iter()
            .filter(|(_, m)| after_re || !m.is_regex_flag())
            .map(|(n, _)| *n);
        let suggestion = SYNONYMS
            .iter()
            .find(|(s, _)| *s == lower)
            .map(|(_, to)| *to)
            .or_else(|| did_you_mean(m.name, candidates));
        d = match suggestion {
            Some(s) if s == lower => d.with_help(format!(
                "modifiers are case-sensitive: write `{s}` instead of `{}`",
                m.name
            )),
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(
                "use one of the modifiers of the Sigma specification, e.g. `contains`, `startswith`, `endswith`, `re`, `all`",
            ),
        };
        out.push(d);
    }
}
