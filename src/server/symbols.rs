//! Navigation: go to definition and document symbols.

use std::ops::Range;

use lsp_types::{DocumentSymbol, GotoDefinitionResponse, Location, Position, SymbolKind, Uri};

use crate::sigma::condition::{Expr, Target, glob_match};
use crate::sigma::{Kind, SigmaDoc};
use crate::yaml::{Entry, Node, Parsed};

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

/// The outline of each document of the file: its title, with its log source, its detection
/// (each search identifier and the condition) or its correlation (rules, group-by, timespan).
pub fn document_symbols(text: &str, parsed: &Parsed) -> Vec<DocumentSymbol> {
    let index = LineIndex::new(text);
    let range = |span: &Range<usize>| index.range(span);
    let entry_span = |e: &Entry| e.key.span.start..e.value.span.end.max(e.key.span.end);
    let symbol = |name: String,
                  detail: Option<String>,
                  kind: SymbolKind,
                  span: Range<usize>,
                  selection: &Range<usize>,
                  children: Vec<DocumentSymbol>| {
        #[allow(deprecated)] // `deprecated` is a required field of the struct.
        DocumentSymbol {
            name: if name.trim().is_empty() {
                "(empty)".to_owned()
            } else {
                name
            },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: range(&span),
            selection_range: range(selection),
            children: (!children.is_empty()).then_some(children),
        }
    };
    let scalar = |n: &Node| n.as_str().map(str::to_owned);
    let keyed = |e: &Entry, kind: SymbolKind, children: Vec<DocumentSymbol>| {
        symbol(
            e.key.as_str().unwrap_or_default().to_owned(),
            scalar(&e.value),
            kind,
            entry_span(e),
            &e.key.span,
            children,
        )
    };
    let mut out = Vec::new();
    for root in &parsed.documents {
        if root.as_mapping().is_none() {
            continue;
        }
        let doc = SigmaDoc::new(text, root);
        let mut children = Vec::new();
        if let Some(logsource) = &doc.logsource {
            let keys = logsource
                .entries()
                .iter()
                .map(|e| keyed(e, SymbolKind::PROPERTY, Vec::new()))
                .collect();
            let detail = logsource
                .entries()
                .iter()
                .filter_map(|e| Some(format!("{}: {}", e.key.as_str()?, e.value.as_str()?)))
                .collect::<Vec<_>>()
                .join(", ");
            let e = logsource.entry;
            children.push(symbol(
                "logsource".to_owned(),
                (!detail.is_empty()).then_some(detail),
                SymbolKind::NAMESPACE,
                entry_span(e),
                &e.key.span,
                keys,
            ));
        }
        if let Some(detection) = &doc.detection {
            let mut items: Vec<DocumentSymbol> = detection
                .search_ids
                .iter()
                .map(|s| {
                    symbol(
                        s.name.to_owned(),
                        None,
                        SymbolKind::VARIABLE,
                        s.key.span.start..s.value.span.end.max(s.key.span.end),
                        &s.key.span,
                        Vec::new(),
                    )
                })
                .collect();
            for e in [detection.condition, detection.timeframe]
                .into_iter()
                .flatten()
            {
                items.push(keyed(e, SymbolKind::OPERATOR, Vec::new()));
            }
            items.sort_by_key(|s| (s.range.start.line, s.range.start.character));
            let section = if doc.kind == Kind::Filter {
                "filter"
            } else {
                "detection"
            };
            children.push(symbol(
                section.to_owned(),
                None,
                SymbolKind::OBJECT,
                detection.key.span.start..detection.node.span.end,
                &detection.key.span,
                items,
            ));
        }
        if let Some(correlation) = &doc.correlation
            && let Some(e) = root.entry("correlation")
        {
            let list = |e: &Entry| {
                e.value
                    .as_sequence()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|n| {
                        Some(symbol(
                            scalar(n)?,
                            None,
                            SymbolKind::STRING,
                            n.span.clone(),
                            &n.span,
                            Vec::new(),
                        ))
                    })
                    .collect()
            };
            let items = [
                correlation
                    .type_entry
                    .map(|e| keyed(e, SymbolKind::ENUM_MEMBER, Vec::new())),
                correlation
                    .rules
                    .map(|e| keyed(e, SymbolKind::ARRAY, list(e))),
                correlation
                    .group_by
                    .map(|e| keyed(e, SymbolKind::ARRAY, list(e))),
                correlation
                    .timespan
                    .map(|e| keyed(e, SymbolKind::PROPERTY, Vec::new())),
                correlation
                    .condition
                    .map(|e| keyed(e, SymbolKind::OPERATOR, Vec::new())),
            ]
            .into_iter()
            .flatten()
            .collect();
            children.push(symbol(
                "correlation".to_owned(),
                None,
                SymbolKind::OBJECT,
                entry_span(e),
                &e.key.span,
                items,
            ));
        }
        let title = root.entry("title");
        let name = title
            .and_then(|t| scalar(&t.value))
            .unwrap_or_else(|| "(untitled)".to_owned());
        let selection = title.map_or(root.span.start..root.span.start, |t| t.value.span.clone());
        out.push(symbol(
            name,
            Some(
                match doc.kind {
                    Kind::Detection => "rule",
                    Kind::Correlation => "correlation",
                    Kind::Filter => "filter",
                }
                .to_owned(),
            ),
            SymbolKind::MODULE,
            root.span.clone(),
            &selection,
            children,
        ));
    }
    out
}
