use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::values::yaml11_ambiguous_scalar::{YAML11_AMBIGUOUS_SCALAR, yaml11_bool};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports an unquoted `yes`, `no`, `on` or `off` (also `Yes`, `YES`, `Off`, `OFF`, …)
    /// among the values of a key with a modifier that takes a string or a number, such as
    /// `contains`, `startswith`, `endswith`, `windash`, `base64offset`, `cidr`, `cased`,
    /// `expand`, `fieldref`, `gt` or a time part. Typically the last word of a command line
    /// in a `contains|all` list: `netsh advfirewall set currentprofile state off`.
    ///
    /// pySigma reads rules as YAML 1.1, where these words are the booleans `true` and
    /// `false`; YAML 1.2 tools, sigscope included, read the text. Where a boolean only changes
    /// what the rule compares with (no modifier, `all`, `neq`, `exists`, or `re`, which
    /// pySigma turns back into text) `yaml11-ambiguous-scalar` warns instead.
    ///
    /// ## Why is this bad?
    /// pySigma applies the modifiers value by value and refuses a boolean for all of these:
    /// `SigmaTypeError: Modifier SigmaContainsModifier incompatible to value type of 'False'`.
    /// The rule cannot be converted with pySigma at all, while every YAML 1.2 tool reads what
    /// the author meant. The severity is error: the rule does not load.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains|all:
    ///             - 'advfirewall'
    ///             - 'state'
    ///             - off
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains|all:
    ///             - 'advfirewall'
    ///             - 'state'
    ///             - 'off'
    ///     condition: selection
    /// ```
    ///
    /// ## Fix
    /// `--fix` quotes the word (`off` → `'off'`) under a modifier that takes a string. Safe:
    /// YAML 1.2 tools already read the text `off`, so they match the same events, and
    /// pySigma, which could not load the rule, then reads the same text. No fix under a
    /// modifier that takes a number (`gt`, `hour`, …): the rule needs a number there.
    pub static YAML11_BOOLEAN_WITH_MODIFIER = "SC426", "yaml11-boolean-with-modifier", Error,
        fix = Sometimes, replaces = [YAML11_AMBIGUOUS_SCALAR];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Combinable, check_site))];

pub(super) fn check_site(_cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    // `re` makes pySigma build each value as text, and `exists` takes a boolean; `all` and
    // `neq` take any value. Any other modifier checks each value's type, in chain order.
    if site.has(Mod::Re) || site.has(Mod::Exists) {
        return;
    }
    let Some((m, by)) = site.find(|m| !m.is_list()) else {
        return;
    };
    let takes = if m.is_numeric() { "number" } else { "string" };
    for v in site.scalars() {
        let Some(b) = yaml11_bool(v) else { continue };
        let word = v.as_str().unwrap_or_default();
        out.push(
            Diagnostic::new(
                &YAML11_BOOLEAN_WITH_MODIFIER,
                v.span.clone(),
                format!(
                    "`{word}` is the boolean `{b}` for pySigma (YAML 1.1), which `{}` refuses: pySigma cannot load the rule",
                    by.name
                ),
            )
            .with_label("a boolean in YAML 1.1")
            .with_secondary(
                by.span.clone(),
                format!("`{}` takes a {takes}", by.name),
            )
            .with_help(if m.is_numeric() {
                format!(
                    "`{}` takes a number: write the number meant instead of `{word}`",
                    by.name
                )
            } else {
                format!("quote it: `'{word}'`")
            })
            .with_fix((!m.is_numeric()).then(|| {
                Fix::safe(
                    format!("quote `{word}`"),
                    vec![Edit {
                        span: v.span.clone(),
                        content: format!("'{word}'"),
                    }],
                )
            })),
        );
    }
}
