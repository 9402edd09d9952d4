use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, MODIFIERS, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a value modifier that Sigma does not define, such as `Image|endwith` or
    /// `CommandLine|contians`, with the closest known modifier as a suggestion. Modifier
    /// names are case-sensitive (`Contains` is unknown), and `Field||contains` has an empty
    /// one.
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

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    if site.known() {
        return;
    }
    let key = site.key_text();
    for (parsed, m) in site.mods().iter().zip(site.modifiers()) {
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
        let suggestion = SYNONYMS
            .iter()
            .find(|(s, _)| *s == lower)
            .map(|(_, to)| *to)
            .or_else(|| did_you_mean(m.name, MODIFIERS.iter().map(|(n, _)| *n)));
        let mut d = Diagnostic::new(
            &UNKNOWN_MODIFIER,
            m.span.clone(),
            format!("unknown modifier `{}` in `{key}`", m.name),
        )
        .with_label("not a Sigma modifier");
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
