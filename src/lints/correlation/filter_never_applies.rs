use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack};
use crate::lints::{Hook, declare_lint};
use crate::sigma::Kind;
use crate::sigma::summary::LogSourceSummary;

declare_lint! {
    /// ## What it does
    /// Reports a filter that can never apply to a rule it names in `rules:`.
    ///
    /// That is: the filter's
    /// `logsource` sets a `category`, `product` or `service` that the rule's log source does
    /// not have (or has with another value), or the named rule is a correlation.
    ///
    /// This runs in the pack-wide phase, once the referenced rules are known; references that
    /// resolve to nothing are reported by SC806 instead. Values are compared ignoring case.
    ///
    /// ## Why is this bad?
    /// Converters apply a filter to a rule only when the rule's log source falls within the
    /// filter's (pySigma: `rule.logsource in filter.logsource`), and never to correlation
    /// rules. The tuning silently does nothing and the false positives it was written for keep
    /// coming. The severity is warning: the rules still work, untuned.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: linux
    /// filter:
    ///     rules:
    ///         - bb9ce79d-5b21-4731-83ff-a09a0642d7b8 # a Windows process_creation rule
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    pub static FILTER_NEVER_APPLIES = "SC713", "filter-never-applies", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check_pack)];

/// The first log source key the filter sets that the rule does not match: (key, filter value,
/// rule value).
fn mismatch<'a>(
    filter: &'a LogSourceSummary,
    rule: Option<&'a LogSourceSummary>,
) -> Option<(&'static str, &'a str, Option<&'a str>)> {
    let pairs = [
        (
            "category",
            &filter.category,
            rule.and_then(|r| r.category.as_deref()),
        ),
        (
            "product",
            &filter.product,
            rule.and_then(|r| r.product.as_deref()),
        ),
        (
            "service",
            &filter.service,
            rule.and_then(|r| r.service.as_deref()),
        ),
    ];
    pairs.into_iter().find_map(|(key, want, have)| {
        let want = want.as_deref()?;
        let same = have.is_some_and(|h| h.trim().eq_ignore_ascii_case(want.trim()));
        (!same).then_some((key, want, have))
    })
}

pub fn check_pack(pack: &Pack<'_>, out: &mut Found) {
    for (i, pd) in pack.docs.iter().enumerate() {
        let doc = pd.doc;
        if doc.kind != Kind::Filter {
            continue;
        }
        for r in &doc.references {
            let Some(t) = pack.resolve(&r.value) else {
                continue;
            };
            let target = pack.docs[t].doc;
            let d = match target.kind {
                Kind::Correlation => {
                    let d = Diagnostic::new(
                        &FILTER_NEVER_APPLIES,
                        r.span.clone(),
                        format!(
                            "filter never applies to `{}`: it is a correlation rule",
                            target.label()
                        ),
                    )
                    .with_label("filters are not applied to correlation rules")
                    .with_help("name the detection rules that the correlation refers to instead");
                    let span = target
                        .references_key
                        .clone()
                        .unwrap_or_else(|| target.span.clone());
                    pack.label(d, i, t, span, "the correlation's rules")
                }
                Kind::Filter => continue, // SC806 reports references to filters
                Kind::Detection => {
                    let Some(ls) = &doc.logsource else { continue };
                    let Some((key, want, have)) = mismatch(ls, target.logsource.as_ref()) else {
                        continue;
                    };
                    let has = match have {
                        Some(h) => format!("`{key}: {h}`"),
                        None => format!("no `{key}`"),
                    };
                    let d = Diagnostic::new(
                        &FILTER_NEVER_APPLIES,
                        r.span.clone(),
                        format!(
                            "filter never applies to `{}`: the filter needs `{key}: {want}`, the rule has {has}",
                            target.label()
                        ),
                    )
                    .with_label("log sources do not match")
                    .with_secondary(ls.key_span.clone(), "the filter's log source")
                    .with_help(format!(
                        "give the filter the log source of the rules it tunes ({}), or remove this reference",
                        target
                            .logsource
                            .as_ref()
                            .map_or_else(|| String::from("none"), LogSourceSummary::describe)
                    ));
                    let span = target
                        .logsource
                        .as_ref()
                        .map_or(target.span.clone(), |l| l.key_span.clone());
                    pack.label(d, i, t, span, "the rule's log source")
                }
            };
            out.push((pd.file, d));
        }
    }
}
