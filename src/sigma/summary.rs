//! A small owned summary of each Sigma document, extracted in the per-file phase and kept in the
//! file's report so the pack-wide phase (duplicates, references) can run after every file was
//! checked without keeping the YAML trees alive.

use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;
use std::path::PathBuf;

use crate::sigma::condition::{Expr, Target};
use crate::sigma::{Field, FieldMatch, Kind, SearchBody, SigmaDoc};
use crate::yaml::{Entry, Node, NodeKind, Resolved};

/// A string value and the byte span of its scalar in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    pub value: String,
    pub span: Range<usize>,
}

impl Spanned {
    fn of(node: &Node) -> Option<Self> {
        let s = node.as_scalar()?;
        if s.resolved == Resolved::Null {
            return None;
        }
        Some(Self {
            value: s.value.clone(),
            span: node.span.clone(),
        })
    }
}

/// One `related:` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedRef {
    pub id: Spanned,
    /// `derived`, `obsolete`, `merged`, `renamed`, `similar` (as written; `None` if missing).
    pub relation: Option<String>,
}

/// One rule named by a correlation's `aliases:` (`aliases: {alias: {rule: field}}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasRule {
    pub alias: String,
    /// The rule reference (the mapping key) and its span.
    pub rule: Spanned,
}

/// The three standard log source keys, as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogSourceSummary {
    /// Span of the `logsource` key.
    pub key_span: Range<usize>,
    pub category: Option<String>,
    pub product: Option<String>,
    pub service: Option<String>,
}

impl LogSourceSummary {
    /// `category: x, product: y` for messages.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            ("category", &self.category),
            ("product", &self.product),
            ("service", &self.service),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
        .collect();
        if parts.is_empty() {
            String::from("(empty)")
        } else {
            parts.join(", ")
        }
    }
}

/// What identifies a detection's logic: a hash of its normalised log source and detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogicFingerprint {
    pub hash: u64,
}

/// Owned facts about one document of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSummary {
    /// The file the document is in (as the walk named it).
    pub path: PathBuf,
    /// Index of the document among the file's checked documents (0-based).
    pub index: usize,
    pub kind: Kind,
    /// Span of the document's root mapping.
    pub span: Range<usize>,
    pub id: Option<Spanned>,
    pub name: Option<Spanned>,
    pub title: Option<Spanned>,
    pub status: Option<Spanned>,
    pub level: Option<Spanned>,
    /// The `tags` that are strings, as written.
    pub tags: Vec<Spanned>,
    pub related: Vec<RelatedRef>,
    /// A correlation's or filter's `rules:` entries.
    pub references: Vec<Spanned>,
    /// Span of the `rules` key of a correlation or filter.
    pub references_key: Option<Range<usize>>,
    /// A filter written `rules: any` (or `all`): it applies to every rule of its log source.
    pub references_any: bool,
    /// A correlation's `type`, as written.
    pub correlation_type: Option<String>,
    pub aliases: Vec<AliasRule>,
    pub logsource: Option<LogSourceSummary>,
    /// Detection rules only: the normalised logic and the span of the `detection` key.
    pub logic: Option<LogicFingerprint>,
    pub detection_span: Option<Range<usize>>,
}

impl DocSummary {
    /// Extracts the summary of one parsed document.
    pub fn new(path: impl Into<PathBuf>, index: usize, doc: &SigmaDoc<'_>) -> Self {
        let root = doc.root;
        let meta = &doc.meta;
        let get = |f: Field<'_>| f.node().and_then(Spanned::of);
        let related = meta
            .related()
            .filter_map(|item| {
                Some(RelatedRef {
                    id: item.id.and_then(Spanned::of)?,
                    relation: item.kind.and_then(Node::as_str).map(str::to_owned),
                })
            })
            .collect();
        let rules_entry = match doc.kind {
            Kind::Correlation => doc.correlation.as_ref().and_then(|c| c.rules),
            Kind::Filter => doc.filter.and_then(|f| f.rules.entry()),
            Kind::Detection => None,
        };
        let (references, references_any) = match rules_entry.map(|e| &e.value.kind) {
            Some(NodeKind::Sequence(items)) => {
                (items.iter().filter_map(Spanned::of).collect(), false)
            }
            Some(NodeKind::Scalar(s)) if doc.kind == Kind::Filter => {
                let v = s.value.trim();
                if v.eq_ignore_ascii_case("any") || v.eq_ignore_ascii_case("all") {
                    (Vec::new(), true)
                } else {
                    // pySigma reads a single string as one reference.
                    (
                        rules_entry
                            .and_then(|e| Spanned::of(&e.value))
                            .into_iter()
                            .collect(),
                        false,
                    )
                }
            }
            Some(NodeKind::Scalar(_)) => (
                rules_entry
                    .and_then(|e| Spanned::of(&e.value))
                    .into_iter()
                    .collect(),
                false,
            ),
            _ => (Vec::new(), false),
        };
        let correlation_type = doc
            .correlation
            .as_ref()
            .and_then(|c| c.type_entry?.value.as_str())
            .map(str::to_owned);
        let aliases = aliases_of(doc.correlation.as_ref().and_then(|c| c.aliases));
        let logsource = doc.logsource.map(|l| {
            let field = |f: Field<'_>| f.text().map(str::to_owned);
            LogSourceSummary {
                key_span: l.entry.key.span.clone(),
                category: field(l.category),
                product: field(l.product),
                service: field(l.service),
            }
        });
        let (logic, detection_span) = match (&doc.kind, &doc.detection) {
            // An empty or unfinished detection is not "logic" to compare.
            (Kind::Detection, Some(det))
                if !det.search_ids.is_empty() && !det.conditions.is_empty() =>
            {
                (
                    Some(LogicFingerprint {
                        hash: fingerprint(doc),
                    }),
                    Some(det.key.span.clone()),
                )
            }
            _ => (None, None),
        };
        Self {
            path: path.into(),
            index,
            kind: doc.kind,
            span: root.span.clone(),
            id: get(meta.id),
            name: get(meta.name),
            title: get(meta.title),
            status: get(meta.status),
            level: get(meta.level),
            tags: meta.tags.items().iter().filter_map(Spanned::of).collect(),
            related,
            references,
            references_key: rules_entry.map(|e| e.key.span.clone()),
            references_any,
            correlation_type,
            aliases,
            logsource,
            logic,
            detection_span,
        }
    }

    /// The status value, if any.
    pub fn status(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.value.as_str())
    }

    /// A short human name for messages: the title, else the id, else the name.
    pub fn label(&self) -> &str {
        self.title
            .as_ref()
            .or(self.id.as_ref())
            .or(self.name.as_ref())
            .map_or("untitled rule", |s| s.value.as_str())
    }
}

fn aliases_of(aliases: Option<&Entry>) -> Vec<AliasRule> {
    let Some(entries) = aliases.and_then(|e| e.value.as_mapping()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries {
        let Some(alias) = e.key.as_str() else {
            continue;
        };
        for m in e.value.as_mapping().unwrap_or_default() {
            if let Some(rule) = Spanned::of(&m.key) {
                out.push(AliasRule {
                    alias: alias.to_owned(),
                    rule,
                });
            }
        }
    }
    out
}

/// Hash of a detection rule's logic, equal for rules that match the same events by
/// construction: the log source (`category`, `product`, `service` and custom keys; not
/// `definition`, which is prose) and the detection, with the order of keys in a mapping, of
/// values in a list, of mappings in a list of mappings and of search identifiers ignored (all
/// of them are AND or OR sets). Everything else is compared as written: search identifier
/// names, `field|modifier` keys, value text and YAML type, the condition (in canonical
/// spacing). Sets are hashed as the count and the wrapping sum of their items' hashes, so
/// nothing is copied or sorted.
fn fingerprint(doc: &SigmaDoc<'_>) -> u64 {
    let logsource = set(doc
        .logsource
        .map(|l| l.entries())
        .unwrap_or_default()
        .iter()
        .filter(|e| e.key.as_str() != Some("definition"))
        .map(|e| hash(&(node_hash(&e.key), node_hash(&e.value)))));
    let Some(det) = &doc.detection else {
        return logsource;
    };
    let searches = set(det.search_ids.iter().map(|s| {
        let body = match &s.body {
            SearchBody::Fields(f) => fields_hash(f),
            SearchBody::FieldsList(maps) => hash(&("or", set(maps.iter().map(|f| fields_hash(f))))),
            SearchBody::Keywords(words) => hash(&("kw", set(words.iter().map(|w| node_hash(w))))),
            SearchBody::Other => node_hash(s.value),
        };
        hash(&(s.name, body))
    }));
    let conditions = set(det.conditions.iter().map(|c| match &c.parsed {
        Ok(p) => {
            let mut h = hasher();
            expr_hash(&p.expr, &mut h);
            if let Some(a) = &p.aggregation {
                a.text.hash(&mut h);
            }
            h.finish()
        }
        Err(_) => hash(
            &c.node
                .as_str()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>(),
        ),
    }));
    let timeframe = det.timeframe.map(|e| node_hash(&e.value));
    hash(&(logsource, searches, conditions, timeframe))
}

/// A 64-bit hash with a fixed seed (the same in every run, so pack-wide comparisons are
/// deterministic); foldhash's quality variant costs a fraction of SipHash on these short keys.
fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    STATE.hash_one(value)
}

const STATE: foldhash::quality::FixedState =
    foldhash::quality::FixedState::with_seed(0x5167_5c09_e5a1_7a3b);

fn hasher() -> foldhash::quality::FoldHasher<'static> {
    STATE.build_hasher()
}

/// A set (a multiset: repeated items count): its size and the wrapping sum of its items'
/// hashes, which no order changes.
fn set(items: impl Iterator<Item = u64>) -> u64 {
    let (mut n, mut sum) = (0u64, 0u64);
    for h in items {
        n += 1;
        sum = sum.wrapping_add(h);
    }
    hash(&(n, sum))
}

/// Feeds the tree of a parsed condition to `h`, spans left out: two trees get the same input
/// exactly when they have the same canonical text (`Expr`'s `Display`), which a parsed tree
/// determines and is determined by. Pre-order with operand counts, so the shape is unambiguous.
/// Recursive; bounded for parsed trees by [`crate::sigma::condition::MAX_DEPTH`].
fn expr_hash(e: &Expr, h: &mut impl Hasher) {
    match e {
        Expr::Ident { name, .. } => {
            h.write_u8(0);
            name.hash(h);
        }
        Expr::Not { expr, .. } => {
            h.write_u8(1);
            expr_hash(expr, h);
        }
        Expr::And { operands, .. } | Expr::Or { operands, .. } => {
            h.write_u8(if matches!(e, Expr::And { .. }) { 2 } else { 3 });
            h.write_usize(operands.len());
            for op in operands {
                expr_hash(op, h);
            }
        }
        Expr::Quantified {
            quantifier, target, ..
        } => {
            h.write_u8(4);
            quantifier.keyword().hash(h);
            match target {
                Target::Them { .. } => h.write_u8(0),
                Target::Pattern { pattern, .. } => {
                    h.write_u8(1);
                    pattern.hash(h);
                }
            }
        }
        Expr::Group { expr, .. } => {
            h.write_u8(5);
            expr_hash(expr, h);
        }
    }
}

/// A field map as an AND set of `key` → set of values (a one-item list and the bare value are
/// the same).
fn fields_hash(fields: &[FieldMatch<'_>]) -> u64 {
    set(fields.iter().map(|f| {
        let key = f.key.as_str().unwrap_or_default();
        hash(&(key, set(f.values.iter().map(|v| node_hash(v)))))
    }))
}

/// Any node; scalars with their YAML type, so `1` and `'1'` stay distinct (the conservative
/// choice); mappings as sets of entries, sequences in order.
fn node_hash(node: &Node) -> u64 {
    match &node.kind {
        NodeKind::Scalar(s) => {
            let tag: u8 = match s.resolved {
                Resolved::Null => 0,
                Resolved::Bool(_) => 1,
                Resolved::Int(_) | Resolved::Float(_) => 2,
                Resolved::String => 3,
            };
            hash(&(tag, s.value.as_str()))
        }
        NodeKind::Sequence(items) => {
            let mut h = hasher();
            "seq".hash(&mut h);
            h.write_usize(items.len());
            for item in items {
                h.write_u64(node_hash(item));
            }
            h.finish()
        }
        NodeKind::Mapping(entries) => hash(&(
            "map",
            set(entries
                .iter()
                .map(|e| hash(&(node_hash(&e.key), node_hash(&e.value))))),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn summary(text: &str) -> DocSummary {
        let parsed = yaml::parse(text);
        let doc = SigmaDoc::new(text, &parsed.documents[0]);
        DocSummary::new("x.yml", 0, &doc)
    }

    #[test]
    fn same_logic_in_another_order_has_the_same_fingerprint() {
        let a = summary(
            "title: a\nlogsource:\n  product: windows\n  category: process_creation\n  definition: x\ndetection:\n  sel:\n    Image|endswith: ['\\a.exe', '\\b.exe']\n    User: x\n  filter:\n    - A: 1\n    - B: 2\n  condition: sel and not   filter\n",
        );
        let b = summary(
            "title: b\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  filter:\n    - B: 2\n    - A: 1\n  sel:\n    User: x\n    Image|endswith:\n      - '\\b.exe'\n      - '\\a.exe'\n  condition: sel and not filter\n",
        );
        assert_eq!(a.logic, b.logic);
        assert!(a.logic.is_some());
    }

    #[test]
    fn different_values_types_or_logsources_differ() {
        let base = "title: a\nlogsource:\n  product: windows\ndetection:\n  sel:\n    EventID: 1\n  condition: sel\n";
        let a = summary(base);
        for other in [
            base.replace("EventID: 1", "EventID: '1'"),
            base.replace("EventID: 1", "EventID: 2"),
            base.replace("windows", "linux"),
            base.replace("condition: sel", "condition: not sel"),
            base.replace("sel:", "selection:")
                .replace(": sel", ": selection"),
        ] {
            assert_ne!(a.logic, summary(&other).logic, "{other}");
        }
    }

    #[test]
    fn conditions_and_value_sets_compare_by_shape() {
        let base = "title: a\nlogsource:\n  product: windows\ndetection:\n  sel:\n    A: [x, y]\n  filter:\n    B: 1\n  condition: COND\n";
        let with = |cond: &str| summary(&base.replace("COND", cond)).logic;
        assert_eq!(with("sel and not filter"), with("  sel   and\tnot filter "));
        assert_eq!(with("(sel or filter)"), with("( sel or filter )"));
        for (a, b) in [
            ("sel and not filter", "sel and not filter | count() > 5"),
            ("sel | count() > 5", "sel | count() > 6"),
            ("1 of sel*", "any of sel*"),
            ("1 of sel*", "all of sel*"),
            ("1 of them", "1 of them*"),
            ("sel", "(sel)"),
            ("not sel and filter", "not (sel and filter)"),
            ("sel and filter", "sel or filter"),
            ("sel and not filter", "filter and not sel"),
            ("sel or (filter or sel)", "(sel or filter) or sel"),
        ] {
            assert_ne!(with(a), with(b), "{a} vs {b}");
        }
        // A set keeps repeated items.
        let one = summary(&base.replace("[x, y]", "[x]").replace("COND", "sel"));
        let two = summary(&base.replace("[x, y]", "[x, x]").replace("COND", "sel"));
        assert_ne!(one.logic, two.logic);
        let swapped = summary(&base.replace("[x, y]", "[y, x]").replace("COND", "sel"));
        assert_eq!(swapped.logic, with("sel"));
    }

    #[test]
    fn references_aliases_and_related() {
        let s = summary(
            "title: c\nid: 0e95725d-7320-415d-80f7-004da920fc11\nrelated:\n  - id: 5638f7c0-ac70-491d-8465-2a65075e0d86\n    type: obsolete\ncorrelation:\n  type: temporal\n  rules:\n    - a\n    - b\n  aliases:\n    ip:\n      a: src\n      b: dst\n  group-by: [ip]\n  timespan: 1m\n",
        );
        assert_eq!(s.kind, Kind::Correlation);
        assert_eq!(s.references.len(), 2);
        assert_eq!(s.correlation_type.as_deref(), Some("temporal"));
        assert_eq!(s.aliases.len(), 2);
        assert_eq!(s.related[0].relation.as_deref(), Some("obsolete"));
        assert!(s.logic.is_none());
        let f = summary(
            "title: f\nlogsource:\n  product: windows\nfilter:\n  rules: any\n  selection:\n    User: x\n  condition: not selection\n",
        );
        assert!(f.references_any);
        assert!(f.references.is_empty());
    }
}
