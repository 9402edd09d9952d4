//! SC3xx: detection logic and the condition.

pub mod all_of_them;
pub mod condition_list;
pub mod condition_syntax;
pub mod contradictory_condition;
pub mod dangling_pattern;
pub mod dangling_selection;
pub mod empty_detection;
pub mod mixed_selection_list;
pub mod pipe_aggregation;
pub mod placeholder_logic;
pub mod quantifier_without_wildcard;
pub mod them_with_single_selection;
pub mod timeframe_in_detection;
pub mod undefined_identifier;

use crate::lints::{DocCheck, DocContext, doc_check};

use crate::lint::Lint;
use crate::sigma::condition::{self, Condition, Expr, Target};
use crate::sigma::{ConditionExpr, Detection, SearchId};

pub static LINTS: &[&Lint] = &[
    &placeholder_logic::PLACEHOLDER_LOGIC,
    &condition_syntax::CONDITION_SYNTAX,
    &undefined_identifier::UNDEFINED_IDENTIFIER,
    &dangling_pattern::DANGLING_PATTERN,
    &dangling_selection::DANGLING_SELECTION,
    &them_with_single_selection::THEM_WITH_SINGLE_SELECTION,
    &all_of_them::ALL_OF_THEM,
    &quantifier_without_wildcard::QUANTIFIER_WITHOUT_WILDCARD,
    &pipe_aggregation::PIPE_AGGREGATION,
    &condition_list::CONDITION_LIST,
    &contradictory_condition::CONTRADICTORY_CONDITION,
    &empty_detection::EMPTY_DETECTION,
    &mixed_selection_list::MIXED_SELECTION_LIST,
    &timeframe_in_detection::TIMEFRAME_IN_DETECTION,
];

pub static CHECKS: &[DocCheck] = &[
    doc_check!(condition_syntax, CONDITION_SYNTAX),
    doc_check!(placeholder_logic, PLACEHOLDER_LOGIC),
    doc_check!(undefined_identifier, UNDEFINED_IDENTIFIER),
    doc_check!(dangling_pattern, DANGLING_PATTERN),
    doc_check!(dangling_selection, DANGLING_SELECTION),
    doc_check!(them_with_single_selection, THEM_WITH_SINGLE_SELECTION),
    doc_check!(all_of_them, ALL_OF_THEM),
    doc_check!(quantifier_without_wildcard, QUANTIFIER_WITHOUT_WILDCARD),
    doc_check!(pipe_aggregation, PIPE_AGGREGATION),
    doc_check!(condition_list, CONDITION_LIST),
    doc_check!(contradictory_condition, CONTRADICTORY_CONDITION),
    doc_check!(empty_detection, EMPTY_DETECTION),
    doc_check!(mixed_selection_list, MIXED_SELECTION_LIST),
    doc_check!(timeframe_in_detection, TIMEFRAME_IN_DETECTION),
];

// ---------------------------------------------------------------------------------------------
// Helpers shared by the condition lints
// ---------------------------------------------------------------------------------------------

/// Most identifier comparisons one lint spends on resolving quantifier patterns in one
/// document. Real rules need a few hundred; a hostile one with thousands of distinct patterns
/// and thousands of search identifiers gets no verdict instead of a quadratic run.
const MATCH_BUDGET: usize = 2_000_000;

/// Most "did you mean" candidate comparisons (an edit distance each) one lint spends in one
/// document; past it, findings get the generic help.
const SUGGEST_BUDGET: usize = 50_000;

/// The search identifiers of one detection, indexed by name, and what quantifiers select.
#[derive(Debug)]
pub(crate) struct Names<'d, 'a> {
    pub ids: &'d [SearchId<'a>],
    det: &'d Detection<'a>,
    /// Identifier comparisons left before [`Names::selected`] gives up.
    budget: usize,
    /// Edit-distance comparisons left for suggestions.
    suggest_budget: usize,
}

impl<'d, 'a> Names<'d, 'a> {
    pub fn new(det: &'d Detection<'a>) -> Self {
        Self {
            ids: &det.search_ids,
            det,
            budget: MATCH_BUDGET,
            suggest_budget: SUGGEST_BUDGET,
        }
    }

    /// Index of the search identifier called `name` (the first, with duplicate keys).
    pub fn get(&self, name: &str) -> Option<usize> {
        self.det.index_of(name)
    }

    /// Search identifiers a quantifier over `target` includes, in definition order (see
    /// [`Target::matches`]); `None` once the comparison budget is spent.
    pub fn selected(&mut self, target: &Target) -> Option<Vec<usize>> {
        match target {
            Target::Pattern { pattern, .. } if !pattern.contains('*') => Some(
                self.get(pattern)
                    .filter(|_| !pattern.starts_with('_'))
                    .into_iter()
                    .collect(),
            ),
            _ => {
                self.charge(self.ids.len())?;
                Some(
                    self.ids
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| target.matches(s.name))
                        .map(|(i, _)| i)
                        .collect(),
                )
            }
        }
    }

    /// Whether a suggestion over all search identifiers is still affordable; spends it if so.
    pub fn may_suggest(&mut self) -> bool {
        match self.suggest_budget.checked_sub(self.ids.len()) {
            Some(left) => {
                self.suggest_budget = left;
                true
            }
            None => false,
        }
    }

    /// Spends `n` comparisons; `None` when the budget does not cover them.
    pub fn charge(&mut self, n: usize) -> Option<()> {
        self.budget = self.budget.checked_sub(n)?;
        Some(())
    }
}

/// The parsed conditions of a detection, with the condition they came from.
pub(crate) fn parsed<'d, 'a>(
    det: &'d Detection<'a>,
) -> impl Iterator<Item = (&'d ConditionExpr<'a>, &'d Condition)> {
    det.conditions
        .iter()
        .filter_map(|c| c.parsed.as_ref().ok().map(|p| (c, p)))
}

/// Calls `f` on every quantifier (`1 of x*`, `all of them`) of the condition, left to right.
pub(crate) fn for_each_quantifier<'e>(expr: &'e Expr, f: &mut impl FnMut(&'e Expr, &'e Target)) {
    condition::walk(expr, &mut |e| {
        if let Expr::Quantified { target, .. } = e {
            f(e, target);
        }
    });
}

/// Text of a quantifier as written, normalised: `1 of selection_*`.
pub(crate) fn quantifier_text(e: &Expr) -> String {
    e.to_string()
}

/// A key that identifies a quantifier target for de-duplication.
pub(crate) fn target_key(target: &Target) -> Option<&str> {
    match target {
        Target::Them { .. } => None,
        Target::Pattern { pattern, .. } => Some(pattern),
    }
}

/// Whether the file is a Sigma v1 rule collection (`action: global` / `reset` / `repeat`
/// documents), whose documents are fragments merged by the converter: a condition in one
/// document refers to search identifiers defined in another. The reference lints stay quiet on
/// such files rather than report every fragment.
pub(crate) fn v1_collection(ctx: &DocContext<'_>) -> bool {
    ctx.collection.any
}

/// Words of a v1 aggregation that name search identifiers: the operands of `near`
/// (`selection | near other and not third`). Other aggregations (`count(field) by x > 5`)
/// name fields, which never count.
pub(crate) fn aggregation_identifiers(text: &str) -> impl Iterator<Item = &str> {
    let near = text
        .trim_start()
        .strip_prefix("near")
        .filter(|rest| rest.starts_with(|c: char| c.is_whitespace() || c == '('));
    near.into_iter().flat_map(|rest| {
        rest.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .filter(|w| !w.is_empty() && !matches!(*w, "and" | "or" | "not"))
    })
}
