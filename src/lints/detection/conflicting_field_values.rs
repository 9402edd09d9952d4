use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::lints::detection::{Names, References, is_misplaced_keyword, parsed};
use crate::lints::values::{Tok, shorten, sigma_tokens};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{Expr, Quantifier};
use crate::sigma::{ConditionExpr, Detection, FieldMatch, SearchBody};
use crate::yaml::{Node, Resolved};

declare_lint! {
    /// ## What it does
    /// Reports a condition that can never be true because it requires one field to equal two
    /// different values in the same event: `selection_install and selection_svc` where one
    /// says `EventID: 4697` and the other `EventID: 7045`, `all of selection_*` over
    /// selections that pick different event ids, or one selection that names a field twice
    /// (`EventID: 1` and `EventID|cased: 4688`).
    ///
    /// Only plain equality counts: values without modifiers (or with `cased` alone) and
    /// without wildcards. A value list is any of its values, so `EventID: [1, 4688]` and
    /// `EventID: 4688` can both hold. Strings compare case-insensitively, as Sigma does by
    /// default, and field names exactly as written; a number and a string that reads as the
    /// same number (`4688`, `'4688'`, `'04688'`) are the same value, since backends differ in
    /// how they compare them. `contains`, `startswith`, `re`, `cidr`, `exists`, `all`
    /// (`contradictory-all`, SC404, covers `Field|all: [a, b]`), comparisons, `null`, booleans
    /// and keywords are not judged, and neither is anything under a `not`:
    /// `selection and not selection` is `contradictory-condition` (SC311).
    ///
    /// The whole condition must be impossible. A branch of an `or` (or one map of a list of
    /// maps) that is impossible while the others are not is not reported: the rule still fires
    /// on the others.
    ///
    /// ## Why is this bad?
    /// A field has one value in an event, so the rule never fires, yet it looks like detection
    /// coverage. It usually comes from an `and` that was meant as `or`, `all of` meant as
    /// `1 of`, or from an attempt to relate two events (a download, then its execution), which
    /// a single-event rule cannot express. The severity is error: the rule cannot match.
    ///
    /// The lint assumes, as Sigma's data model does, that a field holds one value. A field
    /// that holds a list in your logs (an array in JSON events) can contain both values; say
    /// so with a suppression comment.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection_sysmon:
    ///         EventID: 6
    ///     selection_system:
    ///         EventID: 7045
    ///     condition: selection_sysmon and selection_system
    /// ```
    ///
    /// ## Use instead
    /// Either event is enough:
    /// ```yaml
    ///     condition: selection_sysmon or selection_system
    /// ```
    /// To find both events together, write one rule for each and a `temporal` correlation rule
    /// over them.
    pub static CONFLICTING_FIELD_VALUES = "SC315", "conflicting-field-values", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Most value comparisons and copies one document may spend; a hostile condition that names a
/// selection of 100,000 values thousands of times gets no verdict instead of a quadratic run.
const BUDGET: usize = 2_000_000;

/// Values shown in a message before "or N more".
const SHOWN: usize = 3;

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    if det.search_ids.is_empty() || !some_field_matched_twice(det) {
        return;
    }
    let mut eval = Eval {
        det,
        names: Names::new(det),
        refs: References::new(det),
        budget: BUDGET,
        cache: vec![None; det.search_ids.len()],
    };
    for (cond, parsed) in parsed(det) {
        if let Some(Need::Never(conflict)) = eval.expr(&parsed.expr) {
            out.push(diagnostic(cond, &parsed.expr, &conflict));
        }
    }
}

/// Whether one field name is matched in two places of the detection: without that, no two
/// requirements can meet on a field, and most rules are done here.
fn some_field_matched_twice(det: &Detection<'_>) -> bool {
    let mut names: Vec<&str> = det
        .search_ids
        .iter()
        .flat_map(|s| match &s.body {
            SearchBody::Fields(f) => f.iter().collect::<Vec<_>>(),
            SearchBody::FieldsList(l) => l.iter().flatten().collect(),
            SearchBody::Keywords(_) | SearchBody::Other => Vec::new(),
        })
        .map(|f| f.field)
        .collect();
    let all = names.len();
    names.sort_unstable();
    names.dedup();
    names.len() < all
}

fn diagnostic(cond: &ConditionExpr<'_>, expr: &Expr, c: &Conflict<'_>) -> Diagnostic {
    // A requirement always holds a value; the condition is a fallback that never panics.
    let span = |r: &Req<'_>| {
        r.values
            .first()
            .map_or_else(|| cond.file_span(expr.span()), |(_, n)| n.span.clone())
    };
    let cond_text = cond
        .node
        .as_str()
        .and_then(|t| t.get(expr.span()))
        .map_or_else(|| shorten(&expr.to_string()), shorten);
    let field = c.field;
    let (first, second) = (show(&c.first), show(&c.second));
    let mut d = Diagnostic::new(
        &CONFLICTING_FIELD_VALUES,
        span(&c.second),
        format!(
            "condition `{cond_text}` can never match: one event cannot have `{field}` equal to {first} and to {second}"
        ),
    )
    .with_label(format!("`{field}` must equal {second}"))
    .with_secondary(span(&c.first), format!("`{field}` must equal {first}"));
    let help = match &c.via {
        Via::Selection(name) => {
            format!(
                "to accept any of the values, list them under one key of `{name}`: `{field}: [...]`"
            )
        }
        Via::And(at) => {
            d = d.with_secondary(
                cond.file_span(at.clone()),
                "`and` requires both in one event",
            );
            String::from(
                "to match either event, join them with `or`; to find both events together, write a rule for each and a `temporal` correlation rule over them",
            )
        }
        Via::AllOf { span: at, target } => {
            d = d.with_secondary(
                cond.file_span(at.clone()),
                "`all of` requires every one in one event",
            );
            format!("to match any of them, write `1 of {target}`")
        }
    };
    d.with_help(help)
}

/// `` `6` ``, `` `1` or `6` `` or `` `1`, `6`, `7` or 2 more ``.
fn show(req: &Req<'_>) -> String {
    let vals: Vec<String> = req
        .values
        .iter()
        .take(SHOWN)
        .map(|(_, n)| format!("`{}`", shorten(n.as_str().unwrap_or_default())))
        .collect();
    match (vals.split_last(), req.values.len()) {
        (Some((last, rest)), n) if n == vals.len() && !rest.is_empty() => {
            format!("{} or {last}", rest.join(", "))
        }
        (_, n) if n > vals.len() => format!("{} or {} more", vals.join(", "), n - vals.len()),
        _ => vals.join(""),
    }
}

/// A plain value as Sigma's backends compare it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// A number, or a string that reads as one: `4688` and `'4688'` are the same value.
    Num(u64),
    /// A string, lowercased: Sigma compares strings case-insensitively.
    Text(String),
}

/// What a part of the condition requires of one field: to equal one of `values`.
#[derive(Debug, Clone)]
struct Req<'a> {
    /// Each value once, in the order written, with the node that first wrote it.
    values: Vec<(Key, &'a Node)>,
}

/// What a part of the condition requires, per field.
type Reqs<'a> = BTreeMap<&'a str, Req<'a>>;

#[derive(Debug, Clone)]
enum Need<'a> {
    /// The event must satisfy these (nothing, when empty).
    Reqs(Reqs<'a>),
    /// No event can satisfy it.
    Never(Box<Conflict<'a>>),
}

/// Two requirements on one field that no value meets.
#[derive(Debug, Clone)]
struct Conflict<'a> {
    field: &'a str,
    first: Req<'a>,
    second: Req<'a>,
    via: Via,
}

/// Where two requirements were joined.
#[derive(Debug, Clone)]
enum Via {
    /// Two field matches of one selection (its name).
    Selection(String),
    /// An `and` of the condition (its span in the condition string).
    And(Range<usize>),
    /// `all of target`.
    AllOf { span: Range<usize>, target: String },
}

struct Eval<'d, 'a> {
    det: &'d Detection<'a>,
    names: Names<'d, 'a>,
    refs: References<'d, 'a>,
    budget: usize,
    /// What each search identifier requires, worked out once.
    cache: Vec<Option<Need<'a>>>,
}

impl<'a> Eval<'_, 'a> {
    /// What `expr` requires of an event for it to be true (an over-approximation: every event
    /// it matches meets the requirements); `None` when the budget ran out.
    fn expr(&mut self, expr: &Expr) -> Option<Need<'a>> {
        match expr {
            Expr::Ident { name, .. } => match self.names.get(name) {
                Some(i) => self.search(i),
                None => Some(Need::Reqs(Reqs::new())),
            },
            Expr::Group { expr, .. } => self.expr(expr),
            // What a negation requires is not a plain value; see the lint's documentation.
            Expr::Not { .. } => Some(Need::Reqs(Reqs::new())),
            Expr::And { operands, span } => {
                let mut parts = Vec::with_capacity(operands.len());
                for op in operands {
                    parts.push(self.expr(op)?);
                }
                self.all(parts, &|| Via::And(span.clone()))
            }
            Expr::Or { operands, .. } => {
                let mut parts = Vec::with_capacity(operands.len());
                for op in operands {
                    parts.push(self.expr(op)?);
                }
                self.any(parts)
            }
            Expr::Quantified {
                quantifier,
                target,
                span,
            } => {
                let selected = self.names.selected(target)?;
                let mut parts = Vec::with_capacity(selected.len());
                for i in selected {
                    parts.push(self.search(i)?);
                }
                if *quantifier == Quantifier::All {
                    self.all(parts, &|| Via::AllOf {
                        span: span.clone(),
                        target: target.to_string(),
                    })
                } else if parts.is_empty() {
                    // A quantifier over nothing is `dangling-pattern`'s finding.
                    Some(Need::Reqs(Reqs::new()))
                } else {
                    self.any(parts)
                }
            }
        }
    }

    /// What search identifier `i` requires.
    fn search(&mut self, i: usize) -> Option<Need<'a>> {
        if self.cache[i].is_none() {
            let s = &self.det.search_ids[i];
            let need = match &s.body {
                SearchBody::Fields(fields) => self.fields(s.name, fields)?,
                SearchBody::FieldsList(maps) => {
                    let mut parts = Vec::with_capacity(maps.len());
                    for fields in maps {
                        parts.push(self.fields(s.name, fields)?);
                    }
                    self.any(parts)?
                }
                SearchBody::Keywords(_) | SearchBody::Other => Need::Reqs(Reqs::new()),
            };
            self.cache[i] = Some(need);
        }
        let need = self.cache[i].clone()?;
        self.charge(size(&need))?;
        Some(need)
    }

    /// A mapping of field matches: all of them.
    fn fields(&mut self, name: &str, fields: &[FieldMatch<'a>]) -> Option<Need<'a>> {
        let parts = fields
            .iter()
            .filter_map(|f| {
                let values = plain_values(f, &self.refs)?;
                Some(Need::Reqs(Reqs::from([(f.field, Req { values })])))
            })
            .collect();
        self.all(parts, &|| Via::Selection(name.to_owned()))
    }

    /// The conjunction of `parts`: each field must meet every requirement on it.
    fn all(&mut self, parts: Vec<Need<'a>>, via: &dyn Fn() -> Via) -> Option<Need<'a>> {
        let mut acc = Reqs::new();
        for part in parts {
            let reqs = match part {
                Need::Never(c) => return Some(Need::Never(c)),
                Need::Reqs(r) => r,
            };
            for (field, req) in reqs {
                let Some(have) = acc.get_mut(field) else {
                    acc.insert(field, req);
                    continue;
                };
                self.charge(have.values.len() + req.values.len())?;
                let theirs: foldhash::HashSet<&Key> = req.values.iter().map(|(k, _)| k).collect();
                let both: Vec<(Key, &Node)> = have
                    .values
                    .iter()
                    .filter(|(k, _)| theirs.contains(k))
                    .cloned()
                    .collect();
                if both.is_empty() {
                    return Some(Need::Never(Box::new(Conflict {
                        field,
                        first: have.clone(),
                        second: req,
                        via: via(),
                    })));
                }
                have.values = both;
            }
        }
        Some(Need::Reqs(acc))
    }

    /// The disjunction of `parts`: a field is required only when every possible part requires
    /// it, to equal one of their values. Impossible only when every part is.
    fn any(&mut self, parts: Vec<Need<'a>>) -> Option<Need<'a>> {
        let mut acc: Option<Reqs<'a>> = None;
        let mut never = None;
        for part in parts {
            let reqs = match part {
                Need::Never(c) => {
                    never.get_or_insert(c);
                    continue;
                }
                Need::Reqs(r) => r,
            };
            let Some(have) = acc.as_mut() else {
                acc = Some(reqs);
                continue;
            };
            have.retain(|field, _| reqs.contains_key(field));
            for (field, req) in reqs {
                let Some(mine) = have.get_mut(field) else {
                    continue;
                };
                self.charge(mine.values.len() + req.values.len())?;
                let known: foldhash::HashSet<Key> =
                    mine.values.iter().map(|(k, _)| k.clone()).collect();
                mine.values
                    .extend(req.values.into_iter().filter(|(k, _)| !known.contains(k)));
            }
        }
        match (acc, never) {
            (Some(reqs), _) => Some(Need::Reqs(reqs)),
            (None, Some(c)) => Some(Need::Never(c)),
            (None, None) => Some(Need::Reqs(Reqs::new())),
        }
    }

    fn charge(&mut self, n: usize) -> Option<()> {
        self.budget = self.budget.checked_sub(n)?;
        Some(())
    }
}

/// Values held by a requirement set, what copying it costs.
fn size(need: &Need<'_>) -> usize {
    match need {
        Need::Reqs(r) => r.values().map(|q| q.values.len()).sum(),
        Need::Never(_) => 1,
    }
}

/// The values a field match requires the field to equal one of, when it is a plain equality:
/// no modifier but `cased`, every value a number or a string without wildcards that does not
/// read as a reference to another selection's field, and not a Sigma key such as `timeframe`.
fn plain_values<'a>(f: &FieldMatch<'a>, refs: &References<'_, '_>) -> Option<Vec<(Key, &'a Node)>> {
    if f.field.is_empty()
        || f.values.is_empty()
        || f.modifiers.iter().any(|m| m.name != "cased")
        // `logic-in-selection` reports Sigma keys written as fields.
        || is_misplaced_keyword(f)
    {
        return None;
    }
    let mut seen = foldhash::HashSet::default();
    let mut values = Vec::with_capacity(f.values.len());
    for &v in f.values.iter() {
        // A reference to another selection's field is `logic-in-selection`'s finding.
        if v.as_str().is_some_and(|s| refs.of(s).is_some()) {
            return None;
        }
        let k = key(v)?;
        if seen.insert(k.clone()) {
            values.push((k, v));
        }
    }
    Some(values)
}

fn key(v: &Node) -> Option<Key> {
    let s = v.as_scalar()?;
    match s.resolved {
        Resolved::Int(i) => number(i as f64),
        Resolved::Float(x) => number(x),
        // `null` asks for a missing field and booleans compare differently per backend.
        Resolved::Null | Resolved::Bool(_) => None,
        Resolved::String => {
            let mut literal = String::with_capacity(s.value.len());
            for (tok, r) in sigma_tokens(&s.value) {
                match tok {
                    Tok::Star | Tok::Question => return None,
                    Tok::Escaped => literal.push_str(&s.value[r.start + 1..r.end]),
                    Tok::Lit if &s.value[r.clone()] == "\\\\" => literal.push('\\'),
                    Tok::Lit => literal.push_str(&s.value[r]),
                }
            }
            let trimmed = literal.trim();
            match trimmed.parse::<f64>() {
                Ok(x) if x.is_finite() && !trimmed.is_empty() => number(x),
                _ => Some(Key::Text(
                    literal.chars().flat_map(char::to_lowercase).collect(),
                )),
            }
        }
    }
}

fn number(x: f64) -> Option<Key> {
    // `-0` and `0` are one value.
    x.is_finite().then(|| Key::Num((x + 0.0).to_bits()))
}
