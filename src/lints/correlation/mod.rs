//! SC7xx: correlation and filter rules — the per-type semantics that the JSON Schema
//! (`schema/sigma-correlation-rule.schema.json`, `schema/sigma-filter-rule.schema.json`) cannot
//! express. Shapes (required keys, types, the timespan pattern, unique `rules` and `group-by`
//! items, known condition operators) are the schema's job and are not repeated here.
//!
//! Most checks look at one document; [`unknown_alias_rule`] and [`filter_never_applies`] also
//! run in the pack-wide phase (`crate::lints::pack`), where rules in other files are known.

pub mod always_true_correlation_condition;
pub mod excessive_timespan;
pub mod filter_condition_list;
pub mod filter_never_applies;
pub mod filter_with_level_or_status;
pub mod impossible_correlation_condition;
pub mod misplaced_generate;
pub mod temporal_too_few_rules;
pub mod unknown_alias_rule;
pub mod unused_alias;
pub mod unused_correlation_field;
pub mod value_count_field_in_group_by;
pub mod zero_timespan;

use crate::lints::{DocCheck, doc_check};

use crate::lint::Lint;
use crate::sigma::{Kind, SigmaDoc};
use crate::yaml::{Entry, Node, NodeKind, Resolved};

pub static LINTS: &[&Lint] = &[
    &temporal_too_few_rules::TEMPORAL_TOO_FEW_RULES,
    &impossible_correlation_condition::IMPOSSIBLE_CORRELATION_CONDITION,
    &always_true_correlation_condition::ALWAYS_TRUE_CORRELATION_CONDITION,
    &zero_timespan::ZERO_TIMESPAN,
    &excessive_timespan::EXCESSIVE_TIMESPAN,
    &unused_correlation_field::UNUSED_CORRELATION_FIELD,
    &value_count_field_in_group_by::VALUE_COUNT_FIELD_IN_GROUP_BY,
    &unknown_alias_rule::UNKNOWN_ALIAS_RULE,
    &unused_alias::UNUSED_ALIAS,
    &misplaced_generate::MISPLACED_GENERATE,
    &filter_condition_list::FILTER_CONDITION_LIST,
    &filter_with_level_or_status::FILTER_WITH_LEVEL_OR_STATUS,
    &filter_never_applies::FILTER_NEVER_APPLIES,
];

pub static CHECKS: &[DocCheck] = &[
    doc_check!(temporal_too_few_rules, TEMPORAL_TOO_FEW_RULES),
    doc_check!(
        impossible_correlation_condition,
        IMPOSSIBLE_CORRELATION_CONDITION
    ),
    doc_check!(
        always_true_correlation_condition,
        ALWAYS_TRUE_CORRELATION_CONDITION
    ),
    doc_check!(zero_timespan, ZERO_TIMESPAN),
    doc_check!(excessive_timespan, EXCESSIVE_TIMESPAN),
    doc_check!(unused_correlation_field, UNUSED_CORRELATION_FIELD),
    doc_check!(value_count_field_in_group_by, VALUE_COUNT_FIELD_IN_GROUP_BY),
    doc_check!(unknown_alias_rule, UNKNOWN_ALIAS_RULE),
    doc_check!(unused_alias, UNUSED_ALIAS),
    doc_check!(misplaced_generate, MISPLACED_GENERATE),
    doc_check!(filter_condition_list, FILTER_CONDITION_LIST),
    doc_check!(filter_with_level_or_status, FILTER_WITH_LEVEL_OR_STATUS),
];

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
    pub rules: Option<&'a Entry>,
    pub group_by: Option<&'a Entry>,
    pub timespan: Option<&'a Entry>,
    pub condition: Option<&'a Entry>,
    pub aliases: Option<&'a Entry>,
    pub generate: Option<&'a Entry>,
}

impl<'a> Correlation<'a> {
    pub fn of(doc: &SigmaDoc<'a>) -> Option<Self> {
        if doc.kind != Kind::Correlation {
            return None;
        }
        let node = doc.root.get("correlation")?;
        node.as_mapping()?;
        let kind = node
            .get("type")
            .and_then(|t| Some((CorrelationType::parse(t.as_str()?)?, t)));
        Some(Self {
            root: doc.root,
            node,
            kind,
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

/// A bound of the set of values a condition accepts.
#[derive(Debug, Clone, Copy)]
pub struct Bound<'a> {
    pub value: f64,
    /// Only for real-valued types; whole-number bounds are normalised to inclusive ones.
    pub strict: bool,
    pub by: Threshold<'a>,
}

/// The set of values a correlation condition accepts, and the domain of what it compares.
#[derive(Debug)]
pub struct Accepted<'a> {
    pub kind: CorrelationType,
    pub thresholds: Vec<Threshold<'a>>,
    pub lower: Option<Bound<'a>>,
    pub upper: Option<Bound<'a>>,
    /// Smallest and largest possible value of the compared quantity (whole-number types).
    pub domain: (f64, f64),
    /// Number of rules of a temporal correlation, when `rules:` is a list.
    pub rule_count: Option<usize>,
}

impl<'a> Accepted<'a> {
    /// The accepted set of a correlation's condition; `None` without a known type or without
    /// numeric comparisons.
    pub fn of(corr: &Correlation<'a>) -> Option<Self> {
        let kind = corr.kind()?;
        let thresholds = corr.thresholds();
        if thresholds.is_empty() {
            return None;
        }
        let whole = kind.counts();
        let rule_count = if kind.is_temporal() {
            corr.rule_count().filter(|n| *n > 0)
        } else {
            None
        };
        #[allow(clippy::cast_precision_loss)]
        let domain = match kind {
            CorrelationType::EventCount => (1.0, f64::INFINITY),
            // Distinct values of a field that no event of the group has: zero.
            CorrelationType::ValueCount => (0.0, f64::INFINITY),
            CorrelationType::Temporal | CorrelationType::TemporalOrdered => {
                (1.0, rule_count.map_or(f64::INFINITY, |n| n as f64))
            }
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        };
        let mut lower: Option<Bound<'a>> = None;
        let mut upper: Option<Bound<'a>> = None;
        for t in &thresholds {
            let (is_lower, value, strict) = match (t.op, whole) {
                (Op::Gt, true) => (true, t.value.floor() + 1.0, false),
                (Op::Gte, true) => (true, t.value.ceil(), false),
                (Op::Lt, true) => (false, t.value.ceil() - 1.0, false),
                (Op::Lte, true) => (false, t.value.floor(), false),
                (Op::Gt, false) => (true, t.value, true),
                (Op::Gte, false) => (true, t.value, false),
                (Op::Lt, false) => (false, t.value, true),
                (Op::Lte, false) => (false, t.value, false),
                (Op::Eq | Op::Neq, _) => continue,
            };
            let b = Bound {
                value,
                strict,
                by: *t,
            };
            if is_lower {
                let stronger = lower
                    .is_none_or(|l| value > l.value || (value == l.value && strict && !l.strict));
                if stronger {
                    lower = Some(b);
                }
            } else {
                let stronger = upper
                    .is_none_or(|u| value < u.value || (value == u.value && strict && !u.strict));
                if stronger {
                    upper = Some(b);
                }
            }
        }
        Some(Self {
            kind,
            thresholds,
            lower,
            upper,
            domain,
            rule_count,
        })
    }

    /// Whether `v` satisfies the lower and upper bounds.
    pub fn within_bounds(&self, v: f64) -> bool {
        let lo = self
            .lower
            .is_none_or(|l| if l.strict { v > l.value } else { v >= l.value });
        let hi = self
            .upper
            .is_none_or(|u| if u.strict { v < u.value } else { v <= u.value });
        lo && hi
    }

    pub fn eqs(&self) -> impl Iterator<Item = &Threshold<'a>> {
        self.thresholds.iter().filter(|t| t.op == Op::Eq)
    }

    pub fn neqs(&self) -> impl Iterator<Item = &Threshold<'a>> {
        self.thresholds.iter().filter(|t| t.op == Op::Neq)
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
        assert_eq!(timespan_seconds("1w"), None);
        assert_eq!(timespan_seconds("m"), None);
        assert_eq!(timespan_seconds("1é"), None);
        assert_eq!(timespan_seconds(""), None);
        assert!(timespan_seconds(&format!("{}d", "9".repeat(60))).is_some());
    }
}
