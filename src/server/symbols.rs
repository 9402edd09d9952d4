//! Navigation: go to definition.

use std::ops::Range;

use lsp_types::{GotoDefinitionResponse, Location, Position, Uri};

use crate::sigma::SigmaDoc;
use crate::sigma::condition::{Expr, Target, glob_match};
use crate::yaml::Parsed;

use super::position::LineIndex;

/// From an identifier of a condition to the search identifier it names; from a pattern
/// (`1 of selection_*`) to every one it matches.
pub fn definition(
    text: &str,
    parsed: &Parsed,
    uri: &Uri,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    for root in &parsed.documents {
        let Some(detection) = SigmaDoc::new(text, root).detection else {
            continue;
        };
        for condition in &detection.conditions {
            let Ok(parsed) = &condition.parsed else {
                continue;
            };
            let Some((name, pattern, _)) = name_at(&parsed.expr, &|span| {
                condition
                    .exact_file_span(span.clone())
                    .is_some_and(|s| s.start <= offset && offset <= s.end)
            }) else {
                continue;
            };
            let locations: Vec<_> = detection
                .search_ids
                .iter()
                .filter(|s| {
                    if pattern {
                        glob_match(name, s.name)
                    } else {
                        s.name == name
                    }
                })
                .map(|s| Location::new(uri.clone(), index.range(&s.key.span)))
                .collect();
            return (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations));
        }
    }
    None
}

/// The identifier (`false`) or pattern (`true`) of `expr` whose span `hit` accepts, with that
/// span (in the condition string).
pub(super) fn name_at<'e>(
    expr: &'e Expr,
    hit: &dyn Fn(&Range<usize>) -> bool,
) -> Option<(&'e str, bool, Range<usize>)> {
    match expr {
        Expr::Ident { name, span } => hit(span).then(|| (name.as_str(), false, span.clone())),
        Expr::Quantified {
            target: Target::Pattern { pattern, span },
            ..
        } => hit(span).then(|| (pattern.as_str(), true, span.clone())),
        Expr::Quantified { .. } => None,
        Expr::Not { expr, .. } | Expr::Group { expr, .. } => name_at(expr, hit),
        Expr::And { operands, .. } | Expr::Or { operands, .. } => {
            operands.iter().find_map(|e| name_at(e, hit))
        }
    }
}
