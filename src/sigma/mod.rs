//! Typed view of a Sigma document over the spanned YAML tree.
//!
//! The model borrows from the tree: every part keeps the node it came from, so a lint can point
//! at any key or value. Building it never fails; shapes the model cannot make sense of are kept
//! as [`SearchBody::Other`] or left out, and the schema and lints report them.

/// Every top-level key the Sigma v2.1 specification defines for rules, correlations and filters.
pub const KNOWN_TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "id",
    "name",
    "related",
    "taxonomy",
    "status",
    "description",
    "license",
    "author",
    "references",
    "date",
    "modified",
    "logsource",
    "detection",
    "fields",
    "falsepositives",
    "level",
    "tags",
    "scope",
    "correlation",
    "generate",
    "filter",
];

pub mod classify;
pub mod collection;
pub mod condition;
pub mod correlation;
pub mod dialect;
pub mod meta;
pub mod modifiers;
pub mod summary;
pub mod taxonomy;

use std::ops::Range;

use crate::yaml::{Entry, Node, NodeKind};

pub use condition::{Condition, ParseError};
pub use correlation::Correlation;
pub use meta::{Field, LogSource, Metadata};

/// Which of the three Sigma document kinds a YAML document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Detection,
    Correlation,
    Filter,
}

impl Kind {
    /// Decided by the document's section key, as the Sigma tools do.
    pub fn of(root: &Node) -> Self {
        if root.entry("correlation").is_some() {
            Self::Correlation
        } else if root.entry("filter").is_some() && root.entry("detection").is_none() {
            Self::Filter
        } else {
            Self::Detection
        }
    }
}

/// One Sigma document: a detection rule, a correlation or a filter.
#[derive(Debug)]
pub struct SigmaDoc<'a> {
    pub root: &'a Node,
    pub kind: Kind,
    /// The metadata keys.
    pub meta: Metadata<'a>,
    pub logsource: Option<LogSource<'a>>,
    /// The search identifiers and condition: `detection` of a rule, `filter` of a filter.
    pub detection: Option<Detection<'a>>,
    /// The `correlation:` section of a correlation.
    pub correlation: Option<Correlation<'a>>,
    /// The `filter:` section of a filter.
    pub filter: Option<Filter<'a>>,
}

impl<'a> SigmaDoc<'a> {
    pub fn new(text: &'a str, root: &'a Node) -> Self {
        let kind = Kind::of(root);
        let section = match kind {
            Kind::Detection => root.entry("detection"),
            Kind::Filter => root.entry("filter"),
            Kind::Correlation => None,
        };
        let detection = section.and_then(|e| Detection::new(text, kind, &e.key, &e.value));
        let meta = Metadata::of(root);
        Self {
            root,
            kind,
            logsource: LogSource::of(&meta),
            meta,
            detection,
            correlation: (kind == Kind::Correlation)
                .then(|| Correlation::of(root))
                .flatten(),
            filter: (kind == Kind::Filter)
                .then(|| root.entry("filter"))
                .flatten()
                .map(Filter::of),
        }
    }
}

/// The `filter:` section of a filter: the rules it applies to and its condition (its search
/// identifiers are the filter's [`Detection`]).
#[derive(Debug, Clone, Copy)]
pub struct Filter<'a> {
    /// The `filter` entry.
    pub entry: &'a Entry,
    pub rules: Field<'a>,
    pub condition: Field<'a>,
}

impl<'a> Filter<'a> {
    fn of(entry: &'a Entry) -> Self {
        Self {
            entry,
            rules: Field(entry.value.entry("rules")),
            condition: Field(entry.value.entry("condition")),
        }
    }
}

#[derive(Debug)]
pub struct Detection<'a> {
    /// The `detection:` (or `filter:`) key.
    pub key: &'a Node,
    pub node: &'a Node,
    pub search_ids: Vec<SearchId<'a>>,
    /// One per condition string; the deprecated list form gives several.
    pub conditions: Vec<ConditionExpr<'a>>,
    /// The `condition` key (the first, when it is written twice).
    pub condition: Option<&'a Entry>,
    /// The Sigma v1 aggregation window `timeframe`, not a search identifier.
    pub timeframe: Option<&'a Entry>,
    /// The names of `search_ids`, in the same order.
    names: Vec<&'a str>,
    /// Name → first index in `search_ids`, built only for detections too large to scan.
    index: Option<foldhash::HashMap<&'a str, usize>>,
}

/// Up to this many search identifiers a lookup by name scans the names: cheaper than hashing
/// for the handful a real rule has.
const SCAN_LIMIT: usize = 16;

impl<'a> Detection<'a> {
    /// Every field match of every search identifier, keyword searches left out.
    pub fn field_matches(&self) -> impl Iterator<Item = &FieldMatch<'a>> {
        self.search_ids.iter().flat_map(|s| s.body.field_matches())
    }

    fn new(text: &'a str, kind: Kind, key: &'a Node, node: &'a Node) -> Option<Self> {
        let entries = node.as_mapping()?;
        let mut search_ids = Vec::new();
        let mut conditions = Vec::new();
        let (mut condition, mut timeframe) = (None, None);
        for e in entries {
            let Some(name) = e.key.as_str() else { continue };
            match name {
                "condition" => {
                    condition = condition.or(Some(e));
                    conditions = ConditionExpr::from_node(text, &e.value);
                }
                "timeframe" => timeframe = timeframe.or(Some(e)),
                "rules" if kind == Kind::Filter => {}
                _ => search_ids.push(SearchId {
                    name,
                    key: &e.key,
                    value: &e.value,
                    body: SearchBody::new(text, &e.value),
                }),
            }
        }
        let names: Vec<&'a str> = search_ids.iter().map(|s| s.name).collect();
        let index = (names.len() > SCAN_LIMIT).then(|| {
            let mut index = foldhash::HashMap::default();
            index.reserve(names.len());
            for (i, &name) in names.iter().enumerate() {
                // With duplicate keys the first definition wins.
                index.entry(name).or_insert(i);
            }
            index
        });
        Some(Self {
            key,
            node,
            search_ids,
            conditions,
            condition,
            timeframe,
            names,
            index,
        })
    }

    pub fn search_id(&self, name: &str) -> Option<&SearchId<'a>> {
        self.index_of(name).map(|i| &self.search_ids[i])
    }

    /// Index in `search_ids` of the first search identifier called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.names.iter().position(|n| *n == name),
        }
    }

    pub fn names(&self) -> Vec<&'a str> {
        self.names.clone()
    }

    /// The names of the search identifiers, in definition order.
    pub fn name_list(&self) -> &[&'a str] {
        &self.names
    }
}

/// One condition string with its parse result, and where it sits in the file.
#[derive(Debug)]
pub struct ConditionExpr<'a> {
    pub node: &'a Node,
    pub parsed: Result<Condition, ParseError>,
    /// Byte offset of the condition's first character in the file, when the YAML scalar holds
    /// the text verbatim (plain or quoted without escapes); `None` for folded or escaped text.
    offset: Option<usize>,
}

impl<'a> ConditionExpr<'a> {
    fn from_node(text: &str, node: &'a Node) -> Vec<Self> {
        let one = |n: &'a Node| {
            // `condition:`, `condition: ~` and `condition: null` are no condition at all, not
            // an identifier `null`.
            let s = if n.is_null() { "" } else { n.as_str()? };
            Some(Self {
                node: n,
                parsed: condition::parse(s),
                offset: locate(text, n, s),
            })
        };
        match &node.kind {
            NodeKind::Sequence(items) => items.iter().filter_map(one).collect(),
            _ => one(node).into_iter().collect(),
        }
    }

    /// Maps a span inside the condition string to a byte span in the file; falls back to the
    /// whole scalar when the string is not verbatim in the source.
    /// The exact file range of `span` (a range of the condition string), only when the file
    /// holds the condition verbatim: what a fix may replace.
    pub fn exact_file_span(&self, span: Range<usize>) -> Option<Range<usize>> {
        self.offset.map(|o| o + span.start..o + span.end)
    }

    pub fn file_span(&self, span: Range<usize>) -> Range<usize> {
        match self.offset {
            Some(o) => o + span.start..o + span.end,
            None => self.node.span.clone(),
        }
    }
}

/// Byte offset of the scalar's content `value` in the file, when the source holds it verbatim.
pub fn locate(text: &str, node: &Node, value: &str) -> Option<usize> {
    let raw = text.get(node.span.clone())?;
    if raw == value {
        return Some(node.span.start);
    }
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    (inner == value && (raw.starts_with('\'') || raw.starts_with('"')))
        .then_some(node.span.start + 1)
}

#[derive(Debug)]
pub struct SearchId<'a> {
    pub name: &'a str,
    pub key: &'a Node,
    pub value: &'a Node,
    pub body: SearchBody<'a>,
}

/// The three shapes a search identifier may take.
#[derive(Debug)]
pub enum SearchBody<'a> {
    /// A mapping of field conditions, all of which must hold.
    Fields(Vec<FieldMatch<'a>>),
    /// A list of mappings, any of which may hold.
    FieldsList(Vec<Vec<FieldMatch<'a>>>),
    /// Keywords searched in the whole event, any of which may match.
    Keywords(Vec<&'a Node>),
    /// Anything else (a mix of maps and scalars, nested lists, null).
    Other,
}

impl<'a> SearchBody<'a> {
    /// Its field matches: those of the mapping, or of each mapping of the list; none for
    /// keywords.
    pub fn field_matches(&self) -> impl Iterator<Item = &FieldMatch<'a>> {
        let (map, maps): (&[FieldMatch<'a>], &[Vec<FieldMatch<'a>>]) = match self {
            Self::Fields(f) => (f, &[]),
            Self::FieldsList(m) => (&[], m),
            Self::Keywords(_) | Self::Other => (&[], &[]),
        };
        map.iter().chain(maps.iter().flatten())
    }

    fn new(text: &'a str, node: &'a Node) -> Self {
        match &node.kind {
            NodeKind::Mapping(_) => Self::Fields(fields(text, node)),
            NodeKind::Sequence(items) if items.is_empty() => Self::Other,
            NodeKind::Sequence(items) => {
                if items.iter().all(|i| i.as_mapping().is_some()) {
                    Self::FieldsList(items.iter().map(|i| fields(text, i)).collect())
                } else if items.iter().all(|i| i.as_scalar().is_some()) {
                    Self::Keywords(items.iter().collect())
                } else {
                    Self::Other
                }
            }
            NodeKind::Scalar(_) if node.is_null() => Self::Other,
            NodeKind::Scalar(_) => Self::Keywords(vec![node]),
        }
    }
}

fn fields<'a>(text: &'a str, node: &'a Node) -> Vec<FieldMatch<'a>> {
    node.as_mapping()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| FieldMatch::new(text, &e.key, &e.value))
        .collect()
}

/// `Field|mod1|mod2: value(s)`.
#[derive(Debug)]
pub struct FieldMatch<'a> {
    pub key: &'a Node,
    /// The field name; empty for the keyword form `'|all': [...]`.
    pub field: &'a str,
    pub field_span: Range<usize>,
    pub modifiers: Vec<Modifier<'a>>,
    pub value: &'a Node,
    /// The value, or each item of a value list.
    pub values: Values<'a>,
}

/// The nodes of a field's value as a slice (through `Deref`); the usual single value needs no
/// allocation.
#[derive(Debug)]
pub enum Values<'a> {
    One([&'a Node; 1]),
    List(Vec<&'a Node>),
}

impl<'a> std::ops::Deref for Values<'a> {
    type Target = [&'a Node];

    fn deref(&self) -> &[&'a Node] {
        match self {
            Self::One(one) => one,
            Self::List(list) => list,
        }
    }
}

#[derive(Debug)]
pub struct Modifier<'a> {
    pub name: &'a str,
    pub span: Range<usize>,
}

impl<'a> FieldMatch<'a> {
    fn new(text: &'a str, key: &'a Node, value: &'a Node) -> Option<Self> {
        let raw = key.as_str()?;
        let base = locate(text, key, raw);
        let at =
            |r: Range<usize>| base.map_or_else(|| key.span.clone(), |b| b + r.start..b + r.end);
        let mut parts = raw.split('|');
        let field = parts.next().unwrap_or_default();
        let mut pos = field.len() + 1;
        let modifiers = parts
            .map(|name| {
                let m = Modifier {
                    name,
                    span: at(pos..pos + name.len()),
                };
                pos += name.len() + 1;
                m
            })
            .collect();
        let values = match &value.kind {
            NodeKind::Sequence(items) => Values::List(items.iter().collect()),
            _ => Values::One([value]),
        };
        Some(Self {
            key,
            field,
            field_span: at(0..field.len()),
            modifiers,
            value,
            values,
        })
    }

    pub fn has_modifier(&self, name: &str) -> bool {
        self.modifiers.iter().any(|m| m.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn builds_search_ids_and_locates_conditions() {
        let text = "title: t\ndetection:\n  sel:\n    Image|endswith|all:\n      - 'a'\n      - b\n  keywords:\n    - x\n  lst:\n    - A: 1\n    - B: 2\n  condition: 'sel and keywords'\n";
        let parsed = yaml::parse(text);
        let root = &parsed.documents[0];
        let doc = SigmaDoc::new(text, root);
        assert_eq!(doc.kind, Kind::Detection);
        let det = doc.detection.as_ref().unwrap();
        assert_eq!(det.names(), ["sel", "keywords", "lst"]);
        let SearchBody::Fields(f) = &det.search_ids[0].body else {
            panic!()
        };
        assert_eq!(f[0].field, "Image");
        assert_eq!(&text[f[0].field_span.clone()], "Image");
        let mods: Vec<_> = f[0]
            .modifiers
            .iter()
            .map(|m| &text[m.span.clone()])
            .collect();
        assert_eq!(mods, ["endswith", "all"]);
        assert_eq!(f[0].values.len(), 2);
        assert!(matches!(det.search_ids[1].body, SearchBody::Keywords(ref k) if k.len() == 1));
        assert!(matches!(det.search_ids[2].body, SearchBody::FieldsList(ref l) if l.len() == 2));
        let c = &det.conditions[0];
        let cond = c.parsed.as_ref().unwrap();
        assert_eq!(&text[c.file_span(cond.expr.span())], "sel and keywords");
    }

    #[test]
    fn kinds() {
        for (t, k) in [
            ("correlation: {}\n", Kind::Correlation),
            ("filter: {}\n", Kind::Filter),
            ("detection: {}\n", Kind::Detection),
            ("title: x\n", Kind::Detection),
        ] {
            let p = yaml::parse(t);
            assert_eq!(Kind::of(&p.documents[0]), k, "{t}");
        }
    }
}
