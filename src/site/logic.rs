//! The readable logic view of a detection: the condition as a tree, each selection as rows of
//! field, modifiers in words, and values.

use std::collections::HashSet;

use crate::sigma::condition::{Expr, Quantifier, Target};
use crate::sigma::{Detection, FieldMatch, SearchBody};
use crate::yaml::{Node, NodeKind, Resolved};

use super::views::{
    CondItem, ConditionView, DetectionView, FieldRow, ModifierChip, SelectionView, ValueView,
};

/// A node of the condition tree.
#[derive(Debug, Clone)]
struct CondNode {
    /// `all` (and), `any` (or), `not`, `sel` (a search identifier),
    /// `none` (a quantifier that matches nothing).
    op: &'static str,
    label: String,
    anchor: Option<String>,
    /// A search identifier that is not defined.
    missing: bool,
    children: Vec<CondNode>,
}

/// Values shown per field row or keyword list; the YAML listing has the rest.
pub const MAX_VALUES: usize = 200;

pub fn detection_view(det: &Detection<'_>) -> DetectionView {
    let names: Vec<&str> = det.names();
    let mut used: HashSet<&str> = HashSet::new();
    let conditions = det
        .conditions
        .iter()
        .map(|c| {
            let text = c.node.as_str().unwrap_or_default().to_owned();
            match &c.parsed {
                Ok(cond) => {
                    mark_used(&cond.expr, &names, &mut used);
                    ConditionView {
                        text,
                        tree: flatten(&tree(&cond.expr, &names)),
                        error: None,
                        aggregation: cond.aggregation.as_ref().map(|a| a.text.clone()),
                    }
                }
                Err(e) => ConditionView {
                    text,
                    tree: Vec::new(),
                    error: Some(e.message.clone()),
                    aggregation: None,
                },
            }
        })
        .collect();
    let unparsed = det.conditions.iter().any(|c| c.parsed.is_err());
    let selections: Vec<SelectionView> = det
        .search_ids
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let mut view = SelectionView {
                anchor: format!("sel-{n}"),
                name: s.name.to_owned(),
                shape: "other",
                // When a condition does not parse, nothing can be said about use.
                used: unparsed || used.contains(s.name),
                groups: Vec::new(),
                keywords: Vec::new(),
                omitted: 0,
            };
            match &s.body {
                SearchBody::Fields(fields) => {
                    view.shape = "fields";
                    view.groups.push(fields.iter().map(field_row).collect());
                }
                SearchBody::FieldsList(list) => {
                    view.shape = "maps";
                    view.groups = list
                        .iter()
                        .map(|fields| fields.iter().map(field_row).collect())
                        .collect();
                }
                SearchBody::Keywords(words) => {
                    view.shape = "keywords";
                    view.keywords = words.iter().take(MAX_VALUES).map(|n| value(n)).collect();
                    view.omitted = words.len().saturating_sub(MAX_VALUES);
                }
                SearchBody::Other => {}
            }
            view
        })
        .collect();
    let timeframe = det
        .timeframe
        .and_then(|e| e.value.as_str())
        .map(str::to_owned);
    let mut modifiers: Vec<ModifierChip> = Vec::new();
    for s in &selections {
        for row in s.groups.iter().flatten() {
            for m in &row.modifiers {
                if !modifiers.iter().any(|x| x.name == m.name) {
                    modifiers.push(m.clone());
                }
            }
        }
    }
    DetectionView {
        selections,
        conditions,
        timeframe,
        modifiers,
    }
}

fn mark_used<'a>(expr: &Expr, names: &[&'a str], used: &mut HashSet<&'a str>) {
    crate::sigma::condition::walk(expr, &mut |e| match e {
        Expr::Ident { name, .. } => {
            if let Some(n) = names.iter().find(|n| **n == name.as_str()) {
                used.insert(n);
            }
        }
        Expr::Quantified { target, .. } => {
            for n in names.iter().filter(|n| target.matches(n)) {
                used.insert(n);
            }
        }
        _ => {}
    });
}

fn anchor(names: &[&str], name: &str) -> Option<String> {
    names
        .iter()
        .position(|n| *n == name)
        .map(|i| format!("sel-{i}"))
}

fn sel_node(names: &[&str], name: &str) -> CondNode {
    let anchor = anchor(names, name);
    CondNode {
        op: "sel",
        label: name.to_owned(),
        missing: anchor.is_none(),
        anchor,
        children: Vec::new(),
    }
}

/// The condition tree; parentheses disappear into the structure. Recursion is bounded by the
/// parser's nesting limit.
fn tree(expr: &Expr, names: &[&str]) -> CondNode {
    let node = |op, label: &str, children| CondNode {
        op,
        label: label.to_owned(),
        anchor: None,
        missing: false,
        children,
    };
    match expr {
        Expr::Group { expr, .. } => tree(expr, names),
        Expr::And { operands, .. } => node(
            "all",
            "all of",
            operands.iter().map(|o| tree(o, names)).collect(),
        ),
        Expr::Or { operands, .. } => node(
            "any",
            "any of",
            operands.iter().map(|o| tree(o, names)).collect(),
        ),
        Expr::Not { expr, .. } => node("not", "not", vec![tree(expr, names)]),
        Expr::Ident { name, .. } => sel_node(names, name),
        Expr::Quantified {
            quantifier, target, ..
        } => {
            let written = match target {
                Target::Them { .. } => "them".to_owned(),
                Target::Pattern { pattern, .. } => pattern.clone(),
            };
            let children: Vec<CondNode> = names
                .iter()
                .filter(|n| target.matches(n))
                .map(|n| sel_node(names, n))
                .collect();
            let label = format!("{} of {written}", quantifier.keyword());
            if children.is_empty() {
                CondNode {
                    op: "none",
                    label,
                    anchor: None,
                    missing: true,
                    children,
                }
            } else {
                let op = match quantifier {
                    Quantifier::All => "all",
                    Quantifier::One | Quantifier::Any => "any",
                };
                node(op, &label, children)
            }
        }
    }
}

/// Pre-order list of the tree's nodes with the nesting as open/close counts.
fn flatten(root: &CondNode) -> Vec<CondItem> {
    fn walk(n: &CondNode, out: &mut Vec<CondItem>) {
        out.push(CondItem {
            op: n.op,
            label: n.label.clone(),
            anchor: n.anchor.clone(),
            missing: n.missing,
            open: !n.children.is_empty(),
            close: 0,
        });
        if n.children.is_empty() {
            return;
        }
        for c in &n.children {
            walk(c, out);
        }
        if let Some(last) = out.last_mut() {
            last.close += 1;
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

fn value(node: &Node) -> ValueView {
    match &node.kind {
        NodeKind::Scalar(s) => {
            let kind = match s.resolved {
                Resolved::Null => "null",
                Resolved::Bool(_) | Resolved::Int(_) | Resolved::Float(_) => "n",
                Resolved::String if s.value.is_empty() => "empty",
                Resolved::String => "s",
            };
            ValueView {
                text: s.value.clone(),
                kind,
            }
        }
        NodeKind::Sequence(_) => ValueView {
            text: "(a nested list)".to_owned(),
            kind: "null",
        },
        NodeKind::Mapping(_) => ValueView {
            text: "(a mapping)".to_owned(),
            kind: "null",
        },
    }
}

fn field_row(f: &FieldMatch<'_>) -> FieldRow {
    let modifiers: Vec<ModifierChip> = f
        .modifiers
        .iter()
        .map(|m| {
            let meaning = crate::sigma::modifiers::meaning(m.name);
            ModifierChip {
                name: m.name.to_owned(),
                known: meaning.is_some(),
                meaning: meaning.unwrap_or("not a modifier of Sigma v2.1").to_owned(),
            }
        })
        .collect();
    let values: Vec<ValueView> = f.values.iter().take(MAX_VALUES).map(|n| value(n)).collect();
    let quantifier = if f.values.len() > 1 {
        if f.has_modifier("all") {
            "all of"
        } else {
            "any of"
        }
    } else {
        ""
    };
    FieldRow {
        field: f.field.to_owned(),
        op: operation(f),
        quantifier: quantifier.to_owned(),
        omitted: f.values.len().saturating_sub(MAX_VALUES),
        values,
        modifiers,
    }
}

/// The comparison a field row makes, in words.
fn operation(f: &FieldMatch<'_>) -> String {
    let has = |m| f.has_modifier(m);
    let mut op = String::new();
    for unit in ["minute", "hour", "day", "week", "month", "year"] {
        if has(unit) {
            op = format!("has the {unit} ");
        }
    }
    let base = if has("exists") {
        return match f
            .values
            .first()
            .and_then(|v| v.as_scalar())
            .map(|s| s.resolved)
        {
            Some(Resolved::Bool(false)) => "does not exist".to_owned(),
            _ => "exists".to_owned(),
        };
    } else if has("fieldref") {
        if has("neq") {
            "differs from the value of the field"
        } else {
            "equals the value of the field"
        }
    } else if has("re") {
        "matches the regular expression"
    } else if has("cidr") {
        "is an address in"
    } else if has("lt") {
        "is less than"
    } else if has("lte") {
        "is less than or equal to"
    } else if has("gt") {
        "is greater than"
    } else if has("gte") {
        "is greater than or equal to"
    } else if has("contains") {
        if has("neq") {
            "does not contain"
        } else {
            "contains"
        }
    } else if has("startswith") {
        "starts with"
    } else if has("endswith") {
        "ends with"
    } else if has("neq") {
        "is not"
    } else if f.values.iter().any(|v| v.is_null()) && f.values.len() == 1 {
        "is null (empty or missing)"
    } else {
        "equals"
    };
    op.push_str(base);
    let notes: Vec<&str> = [
        ("base64offset", "Base64-encoded at any offset"),
        ("base64", "Base64-encoded"),
        ("utf16le", "as UTF-16LE"),
        ("wide", "as UTF-16LE"),
        ("utf16be", "as UTF-16BE"),
        ("utf16", "as UTF-16"),
        ("windash", "with any dash variant"),
        ("cased", "case-sensitive"),
        ("expand", "after placeholder expansion"),
    ]
    .into_iter()
    .filter(|(m, _)| has(m))
    .map(|(_, note)| note)
    .collect();
    if !notes.is_empty() {
        op.push_str(" (");
        op.push_str(&notes.join(", "));
        op.push(')');
    }
    op
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigma::SigmaDoc;
    use crate::yaml;

    #[test]
    fn tree_and_rows() {
        let text = "detection:\n  selection_a:\n    Image|endswith:\n      - '\\a.exe'\n      - '\\b.exe'\n  selection_b:\n    CommandLine|contains|all: [x, y]\n  filter:\n    User: null\n  unused: [kw]\n  condition: 1 of selection_* and not (filter or missing)\n";
        let p = yaml::parse(text);
        let doc = SigmaDoc::new(text, &p.documents[0]);
        let det = doc.detection.as_ref().unwrap();
        let v = detection_view(det);
        let t = &tree(
            &det.conditions[0].parsed.as_ref().unwrap().expr,
            &det.names(),
        );
        assert_eq!(t.op, "all");
        assert_eq!(t.children[0].op, "any");
        assert_eq!(t.children[0].label, "1 of selection_*");
        assert_eq!(t.children[0].children.len(), 2);
        assert_eq!(t.children[0].children[1].anchor.as_deref(), Some("sel-1"));
        let not = &t.children[1];
        assert_eq!(not.op, "not");
        assert_eq!(not.children[0].op, "any");
        assert!(not.children[0].children[1].missing);
        let flat: Vec<(&str, bool, usize)> = v.conditions[0]
            .tree
            .iter()
            .map(|i| (i.op, i.open, i.close))
            .collect();
        assert_eq!(
            flat,
            [
                ("all", true, 0),
                ("any", true, 0),
                ("sel", false, 0),
                ("sel", false, 1),
                ("not", true, 0),
                ("any", true, 0),
                ("sel", false, 0),
                ("sel", false, 3),
            ]
        );
        let s = &v.selections;
        assert_eq!(s[0].groups[0][0].op, "ends with");
        assert_eq!(s[0].groups[0][0].quantifier, "any of");
        assert_eq!(s[1].groups[0][0].quantifier, "all of");
        assert_eq!(s[1].groups[0][0].op, "contains");
        assert_eq!(s[2].groups[0][0].op, "is null (empty or missing)");
        assert_eq!(s[3].shape, "keywords");
        assert!(s[0].used && s[2].used && !s[3].used);
    }
}
