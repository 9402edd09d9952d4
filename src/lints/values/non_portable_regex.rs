use crate::diagnostics::Diagnostic;
use crate::lints::values::invalid_regex::{Kind, each_finding};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `re` value using a construct that PCRE accepts but RE2 does not: look-around
    /// (`(?=`, `(?!`, `(?<=`, `(?<!`), atomic groups `(?>`, possessive quantifiers (`a*+`,
    /// `a{2}+`), backreferences (`\1`, `\k<name>`), recursion, conditionals, comment groups,
    /// `\K`, `\G`, `\Z`, PCRE-only escapes such as `\h`, a repetition count over 1000
    /// (`{1500,}`, `{2,5000}`), and nested counts that make more than 1000 copies of a part
    /// (`(?:a{100}){20}`). The diagnostic points at the construct inside the pattern when the
    /// YAML value holds it verbatim.
    ///
    /// Common escapes and groups (`\d`, `\s`, `\w`, `\b`, `(?i)`, `(?:…)`) are not reported,
    /// although the specification's list of supported metacharacters omits them: every
    /// backend in use handles them and SigmaHQ rules rely on them. Syntax that RE2 accepts but
    /// other engines read differently (`x{,3}`, `\Q…\E`) is `engine-dependent-regex`.
    ///
    /// ## Why is this bad?
    /// pySigma 2.x compiles every `re` value with RE2 under its default (safe) policy and
    /// refuses to load the rule (`SigmaRegularExpressionError: … invalid perl operator`), so
    /// `sigma convert` fails on it; rsigma, Go and Rust tools use RE2-style engines too, and so
    /// do Microsoft Sentinel's KQL and Elasticsearch's Lucene syntax. The specification names
    /// PCRE with a small set of metacharacters and says "other metacharacters are unsupported
    /// and can not be used"; the SigmaHQ validator `sigmahq_unsupported_regex_group_construct`
    /// rejects look-around and atomic groups. RE2 refuses a count over 1000, and nested counts
    /// whose product is over 1000 (`*`, `+` and `?` do not count). The severity is error:
    /// current pySigma cannot load the rule.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|re: 'powershell(?!.*-NoProfile)'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'powershell'
    ///     filter_main_noprofile:
    ///         CommandLine|contains: '-NoProfile'
    ///     condition: selection and not filter_main_noprofile
    /// ```
    pub static NON_PORTABLE_REGEX = "SC413", "non-portable-regex", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Regex, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    each_finding(cx, site, Kind::Re2Refuses, |span, f| {
        out.push(
            Diagnostic::new(
                &NON_PORTABLE_REGEX,
                span,
                format!(
                    "regular expression in {} uses {}, which RE2 (pySigma 2.x, rsigma) does not support",
                    site.describe(),
                    f.message
                ),
            )
            .with_label("PCRE only")
            .with_help(f.help),
        );
    });
}
