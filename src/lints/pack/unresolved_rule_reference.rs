use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::pack::{Found, Pack};
use crate::lints::{Hook, declare_lint};
use crate::sigma::Kind;

/// Suggestions compare a reference with every `name`; bound the work for huge, broken packs.
const MAX_SUGGESTIONS: usize = 100;

declare_lint! {
    /// ## What it does
    /// Reports an entry of a correlation's or filter's `rules:` that is neither the `id` nor
    /// the `name` of a rule in the checked files.
    ///
    /// An entry that names a filter is reported too: correlations and filters refer to
    /// detection and correlation rules. Ids are matched ignoring case,
    /// names exactly; like pySigma, an entry is tried as an id first.
    ///
    /// Only reported when at least one directory was checked: `sigscope check one_file.yml`
    /// (a pre-commit hook on the changed files) cannot see the rest of the pack, so there an
    /// unknown reference is expected. Check the whole pack in CI.
    ///
    /// ## Why is this bad?
    /// Converters resolve references when they load the pack and fail on one that resolves
    /// to nothing ("Rule 'x' not found in rule collection"); the correlation or filter is not
    /// deployed at all. Usually the rule was renamed, deleted, or its `name` misspelled. The
    /// severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_logon   # the rule's name is failed_login
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_login
    /// ```
    pub static UNRESOLVED_RULE_REFERENCE = "SC806", "unresolved-rule-reference", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    let mut suggestions = 0;
    // Sorted, so that ties between equally close names always pick the same one.
    let mut names: Option<Vec<&str>> = None;
    for (i, pd) in pack.docs.iter().enumerate() {
        let doc = pd.doc;
        let what = match doc.kind {
            Kind::Correlation => "correlation",
            Kind::Filter => "filter",
            Kind::Detection => continue,
        };
        for r in &doc.references {
            // A blank entry is the schema's finding.
            if r.value.trim().is_empty() {
                continue;
            }
            let d = match pack.resolve(&r.value) {
                Some(t) if pack.docs[t].doc.kind == Kind::Filter => {
                    let target = pack.docs[t].doc;
                    let d = Diagnostic::new(
                        &UNRESOLVED_RULE_REFERENCE,
                        r.span.clone(),
                        format!(
                            "{what} refers to `{}`, which is a filter, not a rule",
                            r.value
                        ),
                    )
                    .with_label("a filter")
                    .with_help("refer to detection or correlation rules by their `id` or `name`");
                    pack.label(d, i, t, target.span.start..target.span.start, "the filter")
                }
                Some(_) => continue,
                None if !pack.options.resolve_references => continue,
                None => {
                    let mut d = Diagnostic::new(
                        &UNRESOLVED_RULE_REFERENCE,
                        r.span.clone(),
                        format!(
                            "{what} refers to `{}`, which is no rule id or name in the checked files",
                            r.value
                        ),
                    )
                    .with_label("unknown rule");
                    let suggestion = if suggestions < MAX_SUGGESTIONS {
                        suggestions += 1;
                        let names = names.get_or_insert_with(|| {
                            let mut n: Vec<&str> = pack.names().collect();
                            n.sort_unstable();
                            n
                        });
                        did_you_mean(&r.value, names.iter().copied())
                    } else {
                        None
                    };
                    d = match suggestion {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(
                            "refer to a rule by its `id` or `name`, and check that its file is in the checked folders",
                        ),
                    };
                    d
                }
            };
            out.push((pd.file, d));
        }
    }
}
