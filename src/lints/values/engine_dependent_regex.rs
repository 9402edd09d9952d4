use crate::diagnostics::Diagnostic;
use crate::lints::values::invalid_regex::{Kind, each_finding};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `re` value whose meaning depends on the regular expression engine: a `{`
    /// that is not a repetition (`x{,3}`, `a{foo}`), `\Q…\E` quoting, the escape `\C`, and
    /// other syntax outside the common set that RE2 still accepts. The diagnostic points at
    /// the construct inside the pattern when the YAML value holds it verbatim.
    ///
    /// Constructs RE2 refuses (look-around, backreferences, …) are `non-portable-regex`.
    ///
    /// ## Why is this bad?
    /// Engines disagree on these. `x{,3}` is "up to three `x`" in Python and recent PCRE2,
    /// but the literal text `x{,3}` in RE2 (pySigma 2.x's default engine); Rust's `regex`
    /// refuses it. Python (pySigma 1.x) and Rust refuse `\Q…\E`, which PCRE and RE2 accept.
    /// The rule loads in pySigma 2.x, so the severity is warning, but it may match something
    /// else, or nothing, in the backend it is converted for.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|re: '-e(nc?){,3} '
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|re: '-e(nc?){0,3} '
    ///     condition: selection
    /// ```
    pub static ENGINE_DEPENDENT_REGEX = "SC437", "engine-dependent-regex", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Regex, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    each_finding(cx, site, Kind::EnginesDisagree, |span, f| {
        out.push(
            Diagnostic::new(
                &ENGINE_DEPENDENT_REGEX,
                span,
                format!(
                    "regular expression in {} uses {}, which regular expression engines read differently",
                    site.describe(),
                    f.message
                ),
            )
            .with_help(f.help),
        );
    });
}
