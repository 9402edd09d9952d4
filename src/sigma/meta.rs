//! The keys of a Sigma document other than its logic: identity, text, dates, relations, tags
//! and the log source, each kept with its entry so that a lint can point at the key or its
//! value. Read in one pass over the document's top-level keys.

use std::ops::Range;

use crate::yaml::{Entry, Node, NodeKind, Resolved};

/// One top-level key of a document, when it is there (the first, when it is written twice).
#[derive(Debug, Clone, Copy, Default)]
pub struct Field<'a>(pub Option<&'a Entry>);

impl<'a> Field<'a> {
    pub fn entry(self) -> Option<&'a Entry> {
        self.0
    }

    pub fn is_some(self) -> bool {
        self.0.is_some()
    }

    /// The value node.
    pub fn node(self) -> Option<&'a Node> {
        self.0.map(|e| &e.value)
    }

    /// The span of the key.
    pub fn key_span(self) -> Option<Range<usize>> {
        self.0.map(|e| e.key.span.clone())
    }

    /// The value when it is a string (plain or quoted), with its node; `None` for numbers,
    /// booleans, null and collections, which the schema reports.
    pub fn string(self) -> Option<(&'a Node, &'a str)> {
        let node = self.node()?;
        Some((node, string_value(node)?))
    }

    /// The value of any scalar as written (a number or a date too), `None` for collections.
    pub fn text(self) -> Option<&'a str> {
        self.node()?.as_str()
    }

    /// The items of the value when it is a list; nothing otherwise.
    pub fn items(self) -> &'a [Node] {
        self.node().and_then(Node::as_sequence).unwrap_or_default()
    }
}

/// The value of a string scalar (plain or quoted); `None` for numbers, booleans, null and
/// collections.
pub fn string_value(node: &Node) -> Option<&str> {
    let s = node.as_scalar()?;
    (s.resolved == Resolved::String).then_some(s.value.as_str())
}

/// The top-level keys of a document, as written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Metadata<'a> {
    pub title: Field<'a>,
    pub id: Field<'a>,
    pub name: Field<'a>,
    pub related: Field<'a>,
    pub taxonomy: Field<'a>,
    pub status: Field<'a>,
    pub description: Field<'a>,
    pub license: Field<'a>,
    pub author: Field<'a>,
    pub references: Field<'a>,
    pub date: Field<'a>,
    pub modified: Field<'a>,
    pub logsource: Field<'a>,
    pub fields: Field<'a>,
    pub falsepositives: Field<'a>,
    pub level: Field<'a>,
    pub tags: Field<'a>,
    pub scope: Field<'a>,
    pub generate: Field<'a>,
    /// Sigma v1 collections: `action: global`, `reset` or `repeat`.
    pub action: Field<'a>,
    /// The sections, as written (the typed views are [`crate::sigma::SigmaDoc`]'s).
    pub detection: Field<'a>,
    pub correlation: Field<'a>,
    pub filter: Field<'a>,
}

impl<'a> Metadata<'a> {
    pub fn of(root: &'a Node) -> Self {
        let mut m = Self::default();
        for e in root.as_mapping().unwrap_or_default() {
            let Some(key) = e.key.as_str() else { continue };
            let slot = match key {
                "title" => &mut m.title,
                "id" => &mut m.id,
                "name" => &mut m.name,
                "related" => &mut m.related,
                "taxonomy" => &mut m.taxonomy,
                "status" => &mut m.status,
                "description" => &mut m.description,
                "license" => &mut m.license,
                "author" => &mut m.author,
                "references" => &mut m.references,
                "date" => &mut m.date,
                "modified" => &mut m.modified,
                "logsource" => &mut m.logsource,
                "fields" => &mut m.fields,
                "falsepositives" => &mut m.falsepositives,
                "level" => &mut m.level,
                "tags" => &mut m.tags,
                "scope" => &mut m.scope,
                "generate" => &mut m.generate,
                "action" => &mut m.action,
                "detection" => &mut m.detection,
                "correlation" => &mut m.correlation,
                "filter" => &mut m.filter,
                _ => continue,
            };
            if slot.0.is_none() {
                slot.0 = Some(e);
            }
        }
        m
    }

    /// The `related:` items with their `id` and `type`.
    pub fn related(&self) -> impl Iterator<Item = Related<'a>> + 'a {
        self.related.items().iter().map(|item| Related {
            node: item,
            id: item.get("id"),
            kind: item.get("type"),
        })
    }
}

/// One `related:` item.
#[derive(Debug, Clone, Copy)]
pub struct Related<'a> {
    pub node: &'a Node,
    pub id: Option<&'a Node>,
    /// `derived`, `obsolete`, `merged`, `renamed`, `similar`.
    pub kind: Option<&'a Node>,
}

/// The `logsource:` of a rule (or filter): the keys of the specification, and every key with
/// its entry.
#[derive(Debug, Clone, Copy)]
pub struct LogSource<'a> {
    /// The `logsource` entry.
    pub entry: &'a Entry,
    pub category: Field<'a>,
    pub product: Field<'a>,
    pub service: Field<'a>,
    pub definition: Field<'a>,
}

impl<'a> LogSource<'a> {
    /// The log source of a document, when its `logsource` key is there.
    pub fn of(meta: &Metadata<'a>) -> Option<Self> {
        let entry = meta.logsource.entry()?;
        let field = |k: &str| Field(entry.value.entry(k));
        Some(Self {
            entry,
            category: field("category"),
            product: field("product"),
            service: field("service"),
            definition: field("definition"),
        })
    }

    /// Every key of the mapping (none when `logsource` is not a mapping).
    pub fn entries(&self) -> &'a [Entry] {
        self.entry.value.as_mapping().unwrap_or_default()
    }

    pub fn is_mapping(&self) -> bool {
        matches!(self.entry.value.kind, NodeKind::Mapping(_))
    }
}
