//! Navigation: go to definition, document symbols and the rename of a search identifier.

use std::collections::HashMap;
use std::ops::Range;

use lsp_types::{
    DocumentSymbol, GotoDefinitionResponse, Location, Position, PrepareRenameResponse, SymbolKind,
    TextEdit, Uri, WorkspaceEdit,
};

use crate::sigma::condition::{Expr, Target, glob_match};
use crate::sigma::{Detection, Kind, SearchId, SigmaDoc, locate};
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
        if let Some((_, _, _, named)) = condition_target(&detection, offset) {
            let locations: Vec<_> = named
                .iter()
                .map(|s| Location::new(uri.clone(), index.range(&s.key.span)))
                .collect();
            return (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations));
        }
    }
    None
}

/// The identifier or pattern of a condition under `offset`: its name, whether it is a pattern,
/// its span in the file, and the search identifiers it names.
pub(super) fn condition_target<'d, 't>(
    detection: &'d Detection<'t>,
    offset: usize,
) -> Option<(&'d str, bool, Range<usize>, Vec<&'d SearchId<'t>>)> {
    detection.conditions.iter().find_map(|condition| {
        let parsed = condition.parsed.as_ref().ok()?;
        let (name, pattern, span) = name_at(&parsed.expr, &|span| {
            condition
                .exact_file_span(span.clone())
                .is_some_and(|s| s.start <= offset && offset <= s.end)
        })?;
        let named = detection
            .search_ids
            .iter()
            .filter(|s| {
                if pattern {
                    glob_match(name, s.name)
                } else {
                    s.name == name
                }
            })
            .collect();
        Some((name, pattern, condition.exact_file_span(span)?, named))
    })
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

/// What a rename starts from: a search identifier, as its key or as named in a condition.
struct Renamed<'d, 'a> {
    detection: &'d Detection<'a>,
    name: &'a str,
    /// The span under the cursor.
    span: Range<usize>,
}

fn rename_target<'d, 'a>(
    text: &'a str,
    docs: &'d [SigmaDoc<'a>],
    offset: usize,
) -> Result<Option<Renamed<'d, 'a>>, String> {
    let covers = |s: &Range<usize>| s.start <= offset && offset <= s.end;
    for doc in docs {
        let Some(detection) = &doc.detection else {
            continue;
        };
        for s in &detection.search_ids {
            if covers(&s.key.span) {
                let start = locate(text, s.key, s.name).ok_or_else(|| {
                    format!(
                        "the key `{}` is not written as it reads: rename it by hand",
                        s.name
                    )
                })?;
                return Ok(Some(Renamed {
                    detection,
                    name: s.name,
                    span: start..start + s.name.len(),
                }));
            }
        }
        for condition in &detection.conditions {
            let Ok(parsed) = &condition.parsed else {
                continue;
            };
            let Some((name, pattern, span)) = name_at(&parsed.expr, &|span| {
                condition
                    .exact_file_span(span.clone())
                    .is_some_and(|s| covers(&s))
            }) else {
                continue;
            };
            if pattern {
                return Err(format!(
                    "`{name}` is a pattern: rename one of the search identifiers it matches"
                ));
            }
            let Some(s) = detection.search_id(name) else {
                return Err(format!(
                    "`{name}` names no search identifier of this detection"
                ));
            };
            return Ok(Some(Renamed {
                detection,
                name: s.name,
                span: condition.exact_file_span(span).unwrap_or_default(),
            }));
        }
    }
    Ok(None)
}

/// The range and name a rename at `position` would start from; an error says why there is
/// nothing to rename where there seems to be something.
pub fn prepare_rename(
    text: &str,
    parsed: &Parsed,
    position: Position,
) -> Result<Option<PrepareRenameResponse>, String> {
    let index = LineIndex::new(text);
    let docs: Vec<_> = parsed
        .documents
        .iter()
        .map(|r| SigmaDoc::new(text, r))
        .collect();
    Ok(
        rename_target(text, &docs, index.offset(position))?.map(|t| {
            PrepareRenameResponse::RangeWithPlaceholder {
                range: index.range(&t.span),
                placeholder: t.name.to_owned(),
            }
        }),
    )
}

/// Renames the search identifier at `position` to `new_name`: its key and every reference in
/// the detection's conditions. Refused when the name is not an identifier, is taken, or would
/// change what a pattern of a condition (`1 of sel_*`) matches.
pub fn rename(
    text: &str,
    parsed: &Parsed,
    uri: &Uri,
    position: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    let index = LineIndex::new(text);
    let docs: Vec<_> = parsed
        .documents
        .iter()
        .map(|r| SigmaDoc::new(text, r))
        .collect();
    let Some(target) = rename_target(text, &docs, index.offset(position))? else {
        return Ok(None);
    };
    let (old, detection) = (target.name, target.detection);
    check_name(new_name)?;
    if new_name != old && detection.search_id(new_name).is_some() {
        return Err(format!(
            "`{new_name}` already names a search identifier of this detection"
        ));
    }
    let key = detection
        .search_id(old)
        .map(|s| s.key)
        .ok_or_else(|| format!("no `{old}`"))?;
    let start = locate(text, key, old)
        .ok_or_else(|| format!("the key `{old}` is not written as it reads: rename it by hand"))?;
    let mut edits = vec![TextEdit::new(
        index.range(&(start..start + old.len())),
        new_name.to_owned(),
    )];
    for condition in &detection.conditions {
        let parsed = match &condition.parsed {
            Ok(parsed) => parsed,
            Err(_) => {
                let raw = condition.node.as_str().unwrap_or_default();
                if raw
                    .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
                    .any(|w| w == old)
                {
                    return Err(format!(
                        "the condition `{raw}` does not parse: fix it before renaming `{old}`"
                    ));
                }
                continue;
            }
        };
        let mut found = Vec::new();
        let mut patterns = Vec::new();
        walk(&parsed.expr, &mut |e| match e {
            Expr::Ident { name, span } if name == old => found.push(span.clone()),
            Expr::Quantified {
                target: Target::Pattern { pattern, .. },
                ..
            } => patterns.push(pattern.as_str()),
            _ => {}
        });
        if let Some(p) = patterns
            .iter()
            .find(|p| glob_match(p, old) != glob_match(p, new_name))
        {
            let (was, now) = if glob_match(p, old) {
                ("matches", "would not")
            } else {
                ("does not match", "would")
            };
            return Err(format!(
                "`{p}` in the condition {was} `{old}` and {now} match `{new_name}`: renaming would change what the rule detects"
            ));
        }
        for span in found {
            let file = condition.exact_file_span(span).ok_or_else(|| {
                format!("the condition is not written as it reads (folded or escaped): rename `{old}` in it by hand")
            })?;
            edits.push(TextEdit::new(index.range(&file), new_name.to_owned()));
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }))
}

/// Why `name` cannot be a search identifier: a condition could not name it, or YAML would
/// read it as something else than a plain key.
fn check_name(name: &str) -> Result<(), String> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if name.is_empty()
        || !ok_chars
        || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
    {
        return Err(format!(
            "`{name}` is not a search identifier: use letters, digits, `_`, `-` and `.`, starting with a letter or `_`"
        ));
    }
    let reserved = [
        "and",
        "or",
        "not",
        "of",
        "all",
        "any",
        "them",
        "condition",
        "timeframe",
    ];
    if let Some(word) = reserved.iter().find(|w| name.eq_ignore_ascii_case(w)) {
        return Err(format!(
            "`{name}` is reserved (`{word}`): a condition could not name it"
        ));
    }
    Ok(())
}

/// Calls `f` on `expr` and every expression in it.
fn walk<'e>(expr: &'e Expr, f: &mut impl FnMut(&'e Expr)) {
    f(expr);
    match expr {
        Expr::Not { expr, .. } | Expr::Group { expr, .. } => walk(expr, f),
        Expr::And { operands, .. } | Expr::Or { operands, .. } => {
            for e in operands {
                walk(e, f);
            }
        }
        Expr::Ident { .. } | Expr::Quantified { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{complete, hover};
    use crate::settings::Settings;

    /// Every feature at every position of rules whole, cut short and odd: answers or nothing,
    /// never a panic.
    #[test]
    fn no_position_panics() {
        let rule = "title: Ünï 😀\nstatus: test\ntags:\n  - attack.t1059\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  sel_1:\n    Fïeld😀|contains|windash:\n      - 'é'\n  'quoted':\n    - A: 1\n  condition: 1 of sel_* and not quoted # é\nlevel: high\n---\ncorrelation:\n  rules: [a]\n  condition: {gte: 2}\n";
        let settings = Settings::default();
        let uri: Uri = "file:///r.yml".parse().unwrap_or_else(|_| unreachable!());
        let mut texts = vec![rule.to_owned(), "\r\n- : |\n  ? x\n".to_owned()];
        texts.extend(
            rule.char_indices()
                .step_by(7)
                .map(|(i, _)| rule[..i].to_owned()),
        );
        for text in &texts {
            let parsed = crate::yaml::parse(text);
            document_symbols(text, &parsed);
            let index = LineIndex::new(text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let at = index.position(offset);
                let _ = complete::completion(text, &settings, at);
                let _ = hover::hover(text, &parsed, &settings, &[], at);
                let _ = definition(text, &parsed, &uri, at);
                let _ = prepare_rename(text, &parsed, at);
                let _ = rename(text, &parsed, &uri, at, "renamed");
            }
        }
    }
}
