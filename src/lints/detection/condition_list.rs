use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::yaml::NodeKind;

declare_lint! {
    /// ## What it does
    /// Reports a `condition` written as a list of conditions instead of one string.
    ///
    /// ## Why is this bad?
    /// The list form is a Sigma v1 leftover: the entries are linked with OR, which one
    /// condition says more plainly. The official Sigma v2 JSON schema only allows a string, so
    /// schema-based validation such as SigmaHQ's CI rejects the rule, while pySigma still reads
    /// it. The severity is warning: the rule works in pySigma but is not valid v2.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection_img:
    ///         Image|endswith: '\wmic.exe'
    ///     selection_cli:
    ///         CommandLine|contains: 'shadowcopy delete'
    ///     condition:
    ///         - selection_img
    ///         - selection_cli
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     condition: selection_img or selection_cli
    /// ```
    pub static CONDITION_LIST = "SC310", "condition-list", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Longest joined condition shown in the help.
const MAX_HELP_LEN: usize = 160;

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let Some(entry) = det.condition else {
        return;
    };
    let NodeKind::Sequence(items) = &entry.value.kind else {
        return;
    };
    // An empty list is a schema error (at least one condition is required).
    if items.is_empty() {
        return;
    }
    // `or` binds least, so joining the entries with ` or ` keeps each one's meaning; an
    // aggregation cannot be joined.
    let joinable = det.conditions.len() == items.len()
        && det
            .conditions
            .iter()
            .all(|c| c.parsed.as_ref().is_ok_and(|p| p.aggregation.is_none()));
    let joined = joinable
        .then(|| {
            let parts: Vec<&str> = items
                .iter()
                .filter_map(|i| i.as_str())
                .map(str::trim)
                .collect();
            parts.join(" or ")
        })
        .filter(|j| j.len() <= MAX_HELP_LEN && !j.contains('\n'));
    let help = match joined {
        Some(j) => format!("write one condition: `condition: {j}`"),
        None => String::from("join the conditions with `or` into one string"),
    };
    let n = items.len();
    let label = if n == 1 {
        String::from("a list with one condition")
    } else {
        format!("a list of {n} conditions, linked with OR")
    };
    out.push(
        Diagnostic::new(
            &CONDITION_LIST,
            entry.key.span.clone(),
            "`condition` is a list; the list form is deprecated in Sigma v2",
        )
        .with_label(label)
        .with_help(help),
    );
}
