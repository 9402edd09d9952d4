use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::values::{
    Cx, Gate, Hook as ValueHook, Scan, Site, Tok, is_wildcard_only, sigma_tokens,
};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports two or more unescaped `*` wildcards in a row inside a value, such as
    /// `'powershell**-enc'`. Values that are only wildcards (`'**'`) are left to
    /// `wildcard-as-exists` and `placeholder-logic`, and regular expressions are not
    /// concerned.
    ///
    /// ## Why is this bad?
    /// `**` means the same as `*` in Sigma (there is no "recursive" wildcard); the second
    /// star is noise, often from concatenating a `contains` value with a wildcard, and some
    /// backends turn it into a slower query. pySigma reports it as `DoubleWildcardIssue`
    /// (low). The severity is info: the rule works.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'powershell**-enc'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         CommandLine|contains: 'powershell*-enc'
    ///     condition: selection
    /// ```
    ///
    /// ## Fix
    /// `--fix` replaces the run of stars with one `*`, one run per round. No fix when the
    /// value is not written verbatim in the file (double-quoted escapes, line folding). Safe:
    /// `*` already matches any sequence of characters, the empty one included, so `**` matches
    /// exactly the same strings.
    pub static DOUBLE_WILDCARD = "SC417", "double-wildcard", Info, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Value(
    Gate::NotRegex,
    Scan::DOUBLE_STAR,
    check_value,
))];

pub(super) fn check_value(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(s) = v.as_str() else { return };
    // Two `*` tokens in a row are two adjacent `*` characters.
    // (A byte loop: `str::contains` sets up a substring searcher per call, too dear for
    // values of a few dozen bytes.)
    if !s.as_bytes().windows(2).any(|w| w == b"**") || is_wildcard_only(v) {
        return;
    }
    let mut run: Option<(usize, usize)> = None;
    for (t, r) in sigma_tokens(s) {
        match (t, run) {
            (Tok::Star, None) => run = Some((r.start, r.end)),
            (Tok::Star, Some((start, _))) => run = Some((start, r.end)),
            (_, Some((start, end))) if end - start > 1 => break,
            _ => run = None,
        }
    }
    let Some((start, end)) = run.filter(|(s, e)| e - s > 1) else {
        return;
    };
    let span = cx.inner_span(v, start..end);
    // The stars are exactly there only when the span maps back to them (verbatim source).
    let fix = (cx.text.get(span.clone()) == Some(&s[start..end])).then(|| {
        Fix::safe(
            "write a single `*`",
            vec![Edit {
                span: span.clone(),
                content: "*".into(),
            }],
        )
    });
    out.push(
        Diagnostic::new(
            &DOUBLE_WILDCARD,
            span,
            format!("`{}` in a value of {}", &s[start..end], site.describe()),
        )
        .with_label("one `*` means the same")
        .with_help("write a single `*`")
        .with_fix(fix),
    );
}
