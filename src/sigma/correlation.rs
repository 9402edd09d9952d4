//! The `correlation:` section of a correlation rule: its type, rules, grouping, window and
//! condition, each kept with its entry.

use crate::yaml::{Entry, Node, NodeKind, Resolved};

/// The correlation types of Sigma v2.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrelationType {
    EventCount,
    ValueCount,
    Temporal,
    TemporalOrdered,
    ValueSum,
    ValueAvg,
    ValuePercentile,
}

impl CorrelationType {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "event_count" => Self::EventCount,
            "value_count" => Self::ValueCount,
            "temporal" => Self::Temporal,
            "temporal_ordered" => Self::TemporalOrdered,
            "value_sum" => Self::ValueSum,
            "value_avg" => Self::ValueAvg,
            "value_percentile" => Self::ValuePercentile,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::EventCount => "event_count",
            Self::ValueCount => "value_count",
            Self::Temporal => "temporal",
            Self::TemporalOrdered => "temporal_ordered",
            Self::ValueSum => "value_sum",
            Self::ValueAvg => "value_avg",
            Self::ValuePercentile => "value_percentile",
        }
    }

    pub fn is_temporal(self) -> bool {
        matches!(self, Self::Temporal | Self::TemporalOrdered)
    }

    /// The types whose condition is about a `field` (`value_*`).
    pub fn uses_field(self) -> bool {
        matches!(
            self,
            Self::ValueCount | Self::ValueSum | Self::ValueAvg | Self::ValuePercentile
        )
    }

    /// The types whose condition compares a whole-number count.
    pub fn counts(self) -> bool {
        matches!(
            self,
            Self::EventCount | Self::ValueCount | Self::Temporal | Self::TemporalOrdered
        )
    }

    /// What the condition counts, for messages.
    pub fn counted(self) -> &'static str {
        match self {
            Self::EventCount => "the number of events",
            Self::ValueCount => "the number of distinct values",
            Self::Temporal | Self::TemporalOrdered => "the number of distinct rules that matched",
            Self::ValueSum => "the sum",
            Self::ValueAvg => "the average",
            Self::ValuePercentile => "the percentile",
        }
    }
}

/// A view of a correlation document's `correlation:` section.
#[derive(Debug)]
pub struct Correlation<'a> {
    pub root: &'a Node,
    pub node: &'a Node,
    /// The parsed `type` and its value node, when it is a known type.
    pub kind: Option<(CorrelationType, &'a Node)>,
    /// The `type` entry, whatever it says.
    pub type_entry: Option<&'a Entry>,
    pub rules: Option<&'a Entry>,
    pub group_by: Option<&'a Entry>,
    pub timespan: Option<&'a Entry>,
    pub condition: Option<&'a Entry>,
    pub aliases: Option<&'a Entry>,
    pub generate: Option<&'a Entry>,
}

impl<'a> Correlation<'a> {
    /// The `correlation:` section of a correlation document (see [`crate::sigma::Kind::of`]).
    pub fn of(root: &'a Node) -> Option<Self> {
        let node = root.get("correlation")?;
        node.as_mapping()?;
        let kind = node
            .get("type")
            .and_then(|t| Some((CorrelationType::parse(t.as_str()?)?, t)));
        Some(Self {
            root,
            node,
            kind,
            type_entry: node.entry("type"),
            rules: node.entry("rules"),
            group_by: node.entry("group-by"),
            timespan: node.entry("timespan"),
            condition: node.entry("condition"),
            aliases: node.entry("aliases"),
            generate: node.entry("generate"),
        })
    }

    pub fn kind(&self) -> Option<CorrelationType> {
        self.kind.map(|(k, _)| k)
    }

    /// The `rules:` items that are strings (a single string counts as one item).
    pub fn rule_refs(&self) -> Vec<&'a Node> {
        strings(self.rules.map(|e| &e.value))
    }

    /// The number of rules when `rules:` is a list.
    pub fn rule_count(&self) -> Option<usize> {
        self.rules
            .and_then(|e| e.value.as_sequence())
            .map(<[Node]>::len)
    }

    /// The `group-by:` items that are strings (a single string counts as one item).
    pub fn group_by_fields(&self) -> Vec<&'a Node> {
        strings(self.group_by.map(|e| &e.value))
    }

    /// `condition.field`.
    pub fn field(&self) -> Option<&'a Entry> {
        self.condition.and_then(|c| c.value.entry("field"))
    }

    /// The numeric comparisons of the condition, in document order. Unknown operators and
    /// non-numbers are left to the schema.
    pub fn thresholds(&self) -> Vec<Threshold<'a>> {
        let Some(entries) = self.condition.and_then(|c| c.value.as_mapping()) else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|e| {
                let op = Op::parse(e.key.as_str()?)?;
                let value = match e.value.as_scalar()?.resolved {
                    #[allow(clippy::cast_precision_loss)]
                    Resolved::Int(i) => i as f64,
                    Resolved::Float(f) if f.is_finite() => f,
                    _ => return None,
                };
                Some(Threshold {
                    op,
                    value,
                    entry: e,
                })
            })
            .collect()
    }
}

fn strings(node: Option<&Node>) -> Vec<&Node> {
    match node.map(|n| &n.kind) {
        Some(NodeKind::Sequence(items)) => items
            .iter()
            .filter(|i| i.as_scalar().is_some() && !i.is_null())
            .collect(),
        Some(NodeKind::Scalar(_)) => node.filter(|n| !n.is_null()).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A correlation condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
    Neq,
}

impl Op {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "gt" => Self::Gt,
            "gte" => Self::Gte,
            "lt" => Self::Lt,
            "lte" => Self::Lte,
            "eq" => Self::Eq,
            "neq" => Self::Neq,
            _ => return None,
        })
    }
}

/// One `op: number` item of a correlation condition.
#[derive(Debug, Clone, Copy)]
pub struct Threshold<'a> {
    pub op: Op,
    pub value: f64,
    pub entry: &'a Entry,
}

impl Threshold<'_> {
    /// `gt: 10` as written.
    pub fn text(&self, source: &str) -> String {
        let key = self.entry.key.as_str().unwrap_or_default();
        let value = source
            .get(self.entry.value.span.clone())
            .unwrap_or_default();
        format!("{key}: {value}")
    }
}

/// Seconds of a `timespan` such as `90m`; `None` when it is not `<digits><s|m|h|d>` (the schema
/// reports that). Saturates instead of overflowing.
pub fn timespan_seconds(s: &str) -> Option<u128> {
    let unit = s.chars().last()?;
    let digits = &s[..s.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let factor: u128 = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        // Beyond the specification's units, as pySigma reads them (a month and a year are
        // their average lengths in the Gregorian calendar).
        'w' => 604_800,
        'M' => 2_629_746,
        'y' => 31_556_952,
        _ => return None,
    };
    // More than 38 digits cannot be a u128; anything that long is "huge" anyway.
    let n: u128 = digits.parse().unwrap_or(u128::MAX);
    Some(n.saturating_mul(factor))
}

/// Whether a rule reference looks like a UUID (and so is an `id`, not a `name`).
pub fn looks_like_uuid(s: &str) -> bool {
    uuid::Uuid::try_parse(s.trim()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timespans() {
        assert_eq!(timespan_seconds("90m"), Some(5_400));
        assert_eq!(timespan_seconds("0s"), Some(0));
        assert_eq!(timespan_seconds("7d"), Some(604_800));
        // pySigma's units beyond the specification's.
        assert_eq!(timespan_seconds("1w"), Some(604_800));
        assert_eq!(timespan_seconds("1M"), Some(2_629_746));
        assert_eq!(timespan_seconds("1y"), Some(31_556_952));
        assert_eq!(timespan_seconds("1x"), None);
        assert_eq!(timespan_seconds("m"), None);
        assert_eq!(timespan_seconds("1é"), None);
        assert_eq!(timespan_seconds(""), None);
        assert!(timespan_seconds(&format!("{}d", "9".repeat(60))).is_some());
    }
}
