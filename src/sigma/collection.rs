//! Sigma v1 rule collections: the documents of a file with `action: global`, `reset` or
//! `repeat` are fragments that the converter merges into rules, and the merged rules are what is
//! checked. Merging follows pySigma (`SigmaCollection.from_dicts`):
//!
//! - `action: global` sets the global document (without its `action`); a later `global`
//!   replaces it;
//! - a document without `action` is merged with the global document, whose keys win (mappings
//!   are merged key by key, anything else is replaced); correlations and filters are not merged;
//! - `action: reset` clears the global document;
//! - `action: repeat` is the previous rule again (merged, or the global document when none came
//!   after it), with this document's keys winning.
//!
//! Every key and value of a merged rule is a node of the file, so findings point where each is
//! written. A file without `action` is its documents, unchanged.

use std::borrow::Cow;

use crate::yaml::{Entry, Node, NodeKind};

/// The actions of a v1 collection document (pySigma's `SigmaCollection.from_dicts`).
pub const ACTIONS: &[&str] = &["global", "reset", "repeat"];

/// The value of each `action` that is none of [`ACTIONS`]: pySigma refuses the file. An
/// `action:` without a value is no action, for pySigma too.
pub fn unknown_actions<'a>(docs: &[&'a Node]) -> impl Iterator<Item = &'a Node> {
    docs.iter()
        .filter_map(|d| d.get("action"))
        .filter(|v| !v.is_null() && !v.as_str().is_some_and(|a| ACTIONS.contains(&a)))
}

/// The rules of a file: its documents, with v1 collections merged.
pub fn rules<'a>(docs: &[&'a Node]) -> Vec<Cow<'a, Node>> {
    if !docs.iter().any(|d| d.entry("action").is_some()) {
        return docs.iter().map(|d| Cow::Borrowed(*d)).collect();
    }
    let mut out = Vec::with_capacity(docs.len());
    let mut global: Option<Node> = None;
    let mut prev: Option<Node> = None;
    for &doc in docs {
        match doc.get("action").and_then(Node::as_str) {
            None if doc.entry("correlation").is_some() || doc.entry("filter").is_some() => {
                out.push(Cow::Borrowed(doc));
            }
            None => {
                let merged = match &global {
                    Some(g) => merge(doc.clone(), g),
                    None => doc.clone(),
                };
                prev = Some(merged.clone());
                out.push(match &global {
                    Some(_) => Cow::Owned(merged),
                    None => Cow::Borrowed(doc),
                });
            }
            Some("global") => {
                let g = without_action(doc);
                prev = Some(g.clone());
                global = Some(g);
            }
            Some("reset") => global = None,
            Some("repeat") => {
                let base = prev.take().unwrap_or_else(|| empty_like(doc));
                let repeated = merge(base, &without_action(doc));
                prev = Some(repeated.clone());
                out.push(Cow::Owned(repeated));
            }
            // An unknown action: the document as it is (`unknown_actions` says what is wrong).
            Some(_) => out.push(Cow::Borrowed(doc)),
        }
    }
    out
}

/// `dest` with the keys of `src` merged in, `src` winning: a mapping of `src` is merged into
/// the same key's mapping of `dest` (an empty one when `dest` has none), anything else replaces
/// the key's value (a new key goes at the end).
fn merge(mut dest: Node, src: &Node) -> Node {
    let Some(src_entries) = src.as_mapping() else {
        return dest;
    };
    if !matches!(dest.kind, NodeKind::Mapping(_)) {
        dest = empty_like(&dest);
    }
    let NodeKind::Mapping(entries) = &mut dest.kind else {
        return dest;
    };
    for e in src_entries {
        let key = e.key.as_str();
        let at = key.and_then(|k| entries.iter().position(|d| d.key.as_str() == Some(k)));
        let value = match (&e.value.kind, at) {
            (NodeKind::Mapping(_), Some(i)) => merge(entries[i].value.clone(), &e.value),
            (NodeKind::Mapping(_), None) => merge(empty_like(&e.value), &e.value),
            _ => e.value.clone(),
        };
        match at {
            Some(i) => {
                entries[i] = Entry {
                    key: entries[i].key.clone(),
                    value,
                }
            }
            None => entries.push(Entry {
                key: e.key.clone(),
                value,
            }),
        }
    }
    dest
}

/// An empty mapping at `node`'s place.
fn empty_like(node: &Node) -> Node {
    Node {
        span: node.span.clone(),
        kind: NodeKind::Mapping(Vec::new()),
    }
}

/// The document without its `action` key.
fn without_action(doc: &Node) -> Node {
    let mut out = doc.clone();
    if let NodeKind::Mapping(entries) = &mut out.kind {
        entries.retain(|e| e.key.as_str() != Some("action"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merged rules of `text`, each written back as `key: value` lines of its source text.
    fn merged(text: &str) -> Vec<String> {
        let parsed = crate::yaml::parse(text);
        let docs: Vec<&Node> = parsed.documents.iter().collect();
        rules(&docs)
            .iter()
            .map(|r| {
                r.as_mapping()
                    .unwrap_or_default()
                    .iter()
                    .map(|e| format!("{}={}", &text[e.key.span.clone()], show(text, &e.value)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn show(text: &str, n: &Node) -> String {
        match &n.kind {
            NodeKind::Mapping(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|e| format!("{}={}", &text[e.key.span.clone()], show(text, &e.value)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            _ => text[n.span.clone()].trim().to_owned(),
        }
    }

    #[test]
    fn documents_without_action_are_unchanged() {
        assert_eq!(merged("a: 1\n---\nb: 2\n"), ["a=1", "b=2"]);
    }

    #[test]
    fn global_keys_win_and_mappings_merge() {
        let text = "action: global\ntitle: T\ndetection:\n  sel: {x: 1}\n  condition: sel\n\
                    ---\ntitle: mine\nid: 1\ndetection:\n  other: {y: 2}\n---\nid: 2\n";
        assert_eq!(
            merged(text),
            [
                "title=T id=1 detection={other={y=2},sel={x=1},condition=sel}",
                "id=2 title=T detection={sel={x=1},condition=sel}",
            ]
        );
    }

    #[test]
    fn reset_repeat_and_sections_that_are_not_merged() {
        let text = "action: global\nlevel: high\n---\nid: 1\nlogsource: {product: a}\n\
                    ---\naction: repeat\nlogsource: {service: b}\n---\naction: reset\n\
                    ---\nid: 3\n---\ncorrelation: {type: x}\n";
        assert_eq!(
            merged(text),
            [
                "id=1 logsource={product=a} level=high",
                "id=1 logsource={product=a,service=b} level=high",
                "id=3",
                "correlation={type=x}",
            ]
        );
    }
}
