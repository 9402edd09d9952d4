use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::FieldMatch;
use crate::yaml::NodeKind;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a list of one element in a detection: a field's
    /// value list with one value, or a search identifier that is a list of one map. SigmaHQ's
    /// repository test `test_selection_list_one_value`. A keyword list of one string is
    /// accepted, as there; a one-value list under `|all` is `all-with-single-value` (SC403).
    ///
    /// ## Why is this bad?
    /// A list says "any of these"; with one element it reads as if values were lost in an
    /// edit, and it takes two lines where one does. It is a warning because SigmaHQ's CI fails
    /// on it.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith:
    ///             - '\certutil.exe'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\certutil.exe'
    ///     condition: selection
    /// ```
    pub static ONE_VALUE_LIST = "SC258", "one-value-list", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    for search in &det.search_ids {
        if let NodeKind::Sequence(items) = &search.value.kind
            && let [only] = &items[..]
            && only.as_str().is_none()
        {
            out.push(
                Diagnostic::new(
                    &ONE_VALUE_LIST,
                    only.span.clone(),
                    format!(
                        "search identifier `{}` is a list of one element",
                        search.name
                    ),
                )
                .with_help("write the element without the list: drop its `- `"),
            );
            continue;
        }
        search.body.field_matches().for_each(|f| report(f, out));
    }
}

fn report(f: &FieldMatch<'_>, out: &mut Vec<Diagnostic>) {
    let NodeKind::Sequence(items) = &f.value.kind else {
        return;
    };
    let [only] = &items[..] else { return };
    if f.has_modifier("all") {
        return;
    }
    let key = f.key.as_str().unwrap_or(f.field);
    out.push(
        Diagnostic::new(
            &ONE_VALUE_LIST,
            only.span.clone(),
            format!("`{key}` has a list of one value"),
        )
        .with_help(format!(
            "write the value after the key without the list: `{key}: <value>`"
        )),
    );
}
