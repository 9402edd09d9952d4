use crate::diagnostics::Diagnostic;
use crate::lints::detection::parsed;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{Atom, Tautology, is_contradiction};

declare_lint! {
    /// ## What it does
    /// Reports a condition that is false for every event whatever the search identifiers
    /// match, such as `selection and not selection`, `all of sel_* and not sel_img` (where
    /// `sel_img` is one of the `sel_*`), or `(a or b) and not a and not b`.
    ///
    /// Only the logic of the condition is considered: each search identifier may or may not
    /// match, independently of the others. Conditions with more than 16 distinct identifiers
    /// after simplification are not decided.
    ///
    /// ## Why is this bad?
    /// The rule can never fire, yet it looks like working detection coverage. It usually comes
    /// from a misplaced `not` or a filter that repeats the selection. The severity is error
    /// because the rule certainly does not do what it claims.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\regsvr32.exe'
    ///     filter:
    ///         ParentImage|endswith: '\msiexec.exe'
    ///     condition: selection and not (selection or filter)
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     condition: selection and not filter
    /// ```
    pub static CONTRADICTORY_CONDITION = "SC311", "contradictory-condition", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let resolve = |name: &str| det.index_of(name).map(Atom::Var);
    for (cond, parsed) in parsed(det) {
        let span = parsed.expr.span();
        // `expr` can never be true exactly when `not expr` is always true.
        if is_contradiction(&parsed.expr, det.name_list(), &resolve) != Tautology::Always {
            continue;
        }
        let text = cond
            .node
            .as_str()
            .and_then(|t| t.get(span.clone()))
            .map_or_else(|| parsed.expr.to_string(), str::to_owned);
        out.push(
            Diagnostic::new(
                &CONTRADICTORY_CONDITION,
                cond.file_span(span),
                format!("condition `{text}` can never be true"),
            )
            .with_label("a contradiction: false whatever the search identifiers match")
            .with_help(
                "the rule never fires; check the `not`s and parentheses, e.g. `selection and not filter`",
            ),
        );
    }
}
