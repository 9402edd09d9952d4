use crate::diagnostics::Diagnostic;
use crate::lints::values::invalid_regex::Finding;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a `re` value using a construct that PCRE accepts but RE2-style engines (Go,
    /// Rust, Microsoft Sentinel's KQL, Elasticsearch's Lucene syntax, …) do not:
    /// look-around (`(?=`, `(?!`, `(?<=`, `(?<!`), atomic groups `(?>`, possessive
    /// quantifiers (`a*+`, `a{2}+`), backreferences (`\1`, `\k<name>`), recursion,
    /// conditionals, `\K`, `\G`, `\Q…\E`, PCRE-only escapes such as `\h`, a `{` that is not
    /// a repetition, a repetition count over 1000 (`{1500,}`, `{2,5000}`), and nested counts
    /// that make more than 1000 copies of a part (`(?:a{100}){20}`). The diagnostic points at
    /// the construct inside the pattern when the YAML value holds it verbatim.
    ///
    /// Common escapes and groups (`\d`, `\s`, `\w`, `\b`, `(?i)`, `(?:…)`) are not reported,
    /// although the specification's list of supported metacharacters omits them: every
    /// backend in use handles them and SigmaHQ rules rely on them.
    ///
    /// ## Why is this bad?
    /// The specification names PCRE with a small set of metacharacters and says "other
    /// metacharacters are unsupported and can not be used"; the SigmaHQ validator
    /// `sigmahq_unsupported_regex_group_construct` rejects look-around and atomic groups.
    /// Backends without these features refuse the query or, worse, read the construct as
    /// something else (`a*+` is `(a*)+` in RE2). RE2 and Go's `regexp` refuse a count over
    /// 1000, and nested counts whose product is over 1000 (`*`, `+` and `?` do not count):
    /// `.{1500,}` cannot be written there. The severity is warning: the rule is valid PCRE
    /// but does not convert everywhere.
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
    pub static NON_PORTABLE_REGEX = "SC413", "non-portable-regex", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Regex, check_site))];

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    for v in site.scalars() {
        if let Some(f) = cx.regex_finding(v).filter(|f| f.portable_only) {
            report(cx, site, v, f, out);
        }
    }
}

fn report(cx: &Cx<'_, '_>, site: &Site<'_, '_>, v: &Node, f: Finding, out: &mut Vec<Diagnostic>) {
    out.push(
        Diagnostic::new(
            &NON_PORTABLE_REGEX,
            cx.inner_span(v, f.span),
            format!(
                "regular expression in {} uses {}, which RE2-style engines do not support",
                site.describe(),
                f.message
            ),
        )
        .with_label("PCRE only")
        .with_help(f.help),
    );
}
