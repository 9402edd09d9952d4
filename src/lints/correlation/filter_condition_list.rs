use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a filter whose `filter.condition` is a list instead of one string.
    ///
    /// ## Why is this bad?
    /// A filter's condition is added to each filtered rule's condition as one expression; the
    /// Sigma filter schema defines it as a string and pySigma rejects a list ("Sigma filter
    /// condition must be a string"), so the filter cannot be applied. The severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// filter:
    ///     rules:
    ///         - 6f3e2987-db24-4c78-a860-b4f4095a7095
    ///     selection:
    ///         User|startswith: 'adm_'
    ///     condition:
    ///         - not selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     condition: not selection
    /// ```
    pub static FILTER_CONDITION_LIST = "SC711", "filter-condition-list", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.doc.kind != Kind::Filter {
        return;
    }
    let Some(cond) = ctx.doc.filter.and_then(|f| f.condition.node()) else {
        return;
    };
    let Some(items) = cond.as_sequence() else {
        return;
    };
    let texts: Vec<&str> = items.iter().filter_map(Node::as_str).collect();
    let help = match texts.as_slice() {
        [one] => format!("write `condition: {one}`"),
        [] => String::from("write the condition as one string, e.g. `condition: not selection`"),
        many => format!(
            "join the conditions into one string: `condition: ({})`",
            many.join(") or (")
        ),
    };
    out.push(
        Diagnostic::new(
            &FILTER_CONDITION_LIST,
            cond.span.clone(),
            "a filter `condition` must be one string, found a list",
        )
        .with_label("a list")
        .with_help(help),
    );
}
