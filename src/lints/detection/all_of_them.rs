use crate::diagnostics::Diagnostic;
use crate::lints::detection::{for_each_quantifier, parsed};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{Expr, Quantifier, Target};

declare_lint! {
    /// ## What it does
    /// Reports `all of them` in a condition over two or more search identifiers. (Over a
    /// single one, `them-with-single-selection` applies instead.)
    ///
    /// ## Why is this bad?
    /// The specification discourages `all of them`: it ANDs every search identifier, including
    /// any filter a downstream user adds to tune the rule, so filters cannot be added without
    /// rewriting the condition. A pattern such as `all of selection_*` says the same and leaves
    /// room for `filter_*` identifiers. pySigma reports it as `all_of_them_condition`. The
    /// severity is info because the rule works as written; SigmaHQ rules never use it.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection_img:
    ///         Image|endswith: '\reg.exe'
    ///     selection_cli:
    ///         CommandLine|contains: 'save hklm\sam'
    ///     condition: all of them
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     condition: all of selection_*
    /// ```
    pub static ALL_OF_THEM = "SC307", "all-of-them", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Shortest common prefix worth suggesting as `all of <prefix>*`.
const MIN_PREFIX: usize = 3;

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let included: Vec<&str> = det
        .search_ids
        .iter()
        .map(|s| s.name)
        .filter(|n| !n.starts_with('_'))
        .collect();
    if included.len() < 2 {
        return;
    }
    let prefix = common_prefix(&included);
    for (cond, parsed) in parsed(det) {
        for_each_quantifier(&parsed.expr, &mut |e, target| {
            let Expr::Quantified {
                quantifier: Quantifier::All,
                ..
            } = e
            else {
                return;
            };
            if !matches!(target, Target::Them { .. }) {
                return;
            }
            let help = if prefix.len() >= MIN_PREFIX {
                format!(
                    "write `all of {prefix}*`, so that filters can be added as `filter_*` and excluded with `and not 1 of filter_*`"
                )
            } else {
                String::from(
                    "give the selections a common prefix and write `all of selection_*`, so that filters can be added as `filter_*` and excluded with `and not 1 of filter_*`",
                )
            };
            out.push(
                Diagnostic::new(
                    &ALL_OF_THEM,
                    cond.file_span(e.span()),
                    "`all of them` is discouraged by the Sigma specification",
                )
                .with_label(format!(
                    "requires all {} search identifiers, and any filter added later",
                    included.len()
                ))
                .with_help(help),
            );
        });
    }
}

/// Longest common prefix of `names`, on a char boundary.
fn common_prefix<'a>(names: &[&'a str]) -> &'a str {
    let Some((first, rest)) = names.split_first() else {
        return "";
    };
    let mut end = first.len();
    for n in rest {
        end = first
            .char_indices()
            .zip(n.chars())
            .take_while(|((i, a), b)| *i < end && a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        if end == 0 {
            break;
        }
    }
    &first[..end]
}

#[cfg(test)]
mod tests {
    use super::common_prefix;

    #[test]
    fn prefixes() {
        assert_eq!(common_prefix(&["selection_a", "selection_b"]), "selection_");
        assert_eq!(common_prefix(&["sel", "selection"]), "sel");
        assert_eq!(common_prefix(&["a", "b"]), "");
        assert_eq!(common_prefix(&["éa", "éb"]), "é");
        assert_eq!(common_prefix(&["x"]), "x");
    }
}
