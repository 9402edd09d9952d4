use crate::diagnostics::Diagnostic;
use crate::lints::correlation::Accepted;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::correlation::{Correlation, CorrelationType, Op, Threshold};

declare_lint! {
    /// ## What it does
    /// Reports a correlation `condition` that no group of events can ever satisfy.
    ///
    /// That is: contradictory comparisons (`gt: 10` with `lt: 5`, `eq: 3` with `neq: 3`), a range with
    /// no whole number in it for a count (`gt: 5` with `lt: 6`), a fractional `eq` for a count,
    /// a count below its minimum (`lt: 1` for `event_count`, whose groups hold at least one
    /// event) or a `temporal` threshold above the number of its rules (`gte: 3` with two rules).
    ///
    /// ## Why is this bad?
    /// The correlation never fires, silently. The severity is error: the rule cannot detect
    /// what its title claims.
    ///
    /// ## Example
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gt: 100
    ///         lt: 50
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     condition:
    ///         gt: 50
    ///         lt: 100
    /// ```
    pub static IMPOSSIBLE_CORRELATION_CONDITION = "SC702", "impossible-correlation-condition", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(corr) = &ctx.doc.correlation else {
        return;
    };
    let Some(a) = Accepted::of(corr) else { return };
    if let Some(d) = finding(ctx.text(), corr, &a) {
        out.push(d);
    }
}

fn is_whole(v: f64) -> bool {
    v.fract() == 0.0
}

/// The later of two thresholds in the file is the primary place; the other is labelled.
fn pair(text: &str, a: &Threshold<'_>, b: &Threshold<'_>, why: Option<String>) -> Diagnostic {
    let (first, second) = if a.entry.key.span.start <= b.entry.key.span.start {
        (a, b)
    } else {
        (b, a)
    };
    let (ft, st) = (first.text(text), second.text(text));
    let message = match why {
        Some(w) => format!("correlation condition `{ft}` and `{st}` can never both hold: {w}"),
        None => format!("correlation condition `{ft}` and `{st}` can never both hold"),
    };
    Diagnostic::new(
        &IMPOSSIBLE_CORRELATION_CONDITION,
        second.entry.key.span.clone(),
        message,
    )
    .with_label("contradicts the other comparison")
    .with_secondary(first.entry.key.span.clone(), "this comparison")
    .with_help("fix the numbers or the operators; for a range write e.g. `gte: 10` and `lte: 20`")
}

fn single(t: &Threshold<'_>, text: &str, why: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        &IMPOSSIBLE_CORRELATION_CONDITION,
        t.entry.key.span.clone(),
        format!(
            "correlation condition `{}` can never hold: {why}",
            t.text(text)
        ),
    )
    .with_label("never true")
    .with_help(help.to_owned())
}

fn finding(text: &str, corr: &Correlation<'_>, a: &Accepted<'_>) -> Option<Diagnostic> {
    let whole = a.kind.counts();
    let counted = a.kind.counted();
    let whole_note = || Some(format!("{counted} is a whole number"));
    // 1. The lower bound is above the upper bound.
    if let (Some(l), Some(u)) = (a.lower, a.upper) {
        let empty = l.value > u.value || (l.value == u.value && (l.strict || u.strict));
        if empty {
            // `gt: 5` + `lt: 6` is only empty because counts are whole numbers.
            let real_empty = l.by.value > u.by.value
                || (l.by.value == u.by.value && (l.by.op == Op::Gt || u.by.op == Op::Lt));
            let why = if whole && !real_empty {
                whole_note()
            } else {
                None
            };
            return Some(pair(text, &l.by, &u.by, why));
        }
    }
    // 2. `eq` against the bounds, against `neq`, and fractional counts.
    for e in a.eqs() {
        if whole && !is_whole(e.value) {
            return Some(single(
                e,
                text,
                &format!("{counted} is a whole number"),
                "compare with a whole number",
            ));
        }
        if let Some(l) = a.lower {
            let ok = if l.strict {
                e.value > l.value
            } else {
                e.value >= l.value
            };
            if !ok {
                return Some(pair(text, e, &l.by, None));
            }
        }
        if let Some(u) = a.upper {
            let ok = if u.strict {
                e.value < u.value
            } else {
                e.value <= u.value
            };
            if !ok {
                return Some(pair(text, e, &u.by, None));
            }
        }
        if let Some(n) = a.neqs().find(|n| n.value == e.value) {
            return Some(pair(text, e, n, None));
        }
    }
    // 3. Outside what the compared quantity can be.
    let (dmin, dmax) = a.domain;
    let below_help = match a.kind {
        CorrelationType::EventCount => {
            "a group exists only once an event matched; count from 1, e.g. `gte: 1`"
        }
        _ => "counts are never negative; compare with 0 or more",
    };
    let minimum = match a.kind {
        CorrelationType::EventCount => "a group holds at least one event".to_owned(),
        _ => format!("{counted} is never negative"),
    };
    let temporal_max = |t: &Threshold<'_>| -> Diagnostic {
        let n = a.rule_count.unwrap_or_default();
        let d = single(
            t,
            text,
            &format!("the correlation has only {n} rules, so at most {n} can match"),
            "lower the threshold to the number of rules or fewer, or leave `condition` out to require all rules",
        );
        match corr.rules {
            Some(r) => d.with_secondary(r.key.span.clone(), format!("{n} rules")),
            None => d,
        }
    };
    if let Some(u) = a.upper
        && u.value < dmin
    {
        return Some(single(&u.by, text, &minimum, below_help));
    }
    if let Some(l) = a.lower
        && l.value > dmax
    {
        return Some(temporal_max(&l.by));
    }
    for e in a.eqs() {
        if e.value < dmin {
            return Some(single(e, text, &minimum, below_help));
        }
        if e.value > dmax {
            return Some(temporal_max(e));
        }
    }
    // 4. A single accepted count that `neq` excludes.
    if whole {
        let lo = a.lower.map_or(dmin, |l| l.value.max(dmin));
        let hi = a.upper.map_or(dmax, |u| u.value.min(dmax));
        if lo == hi
            && let Some(n) = a.neqs().find(|n| n.value == lo)
        {
            let other = a.lower.filter(|l| l.value >= dmin).or(a.upper);
            return Some(match other {
                Some(b) => pair(text, n, &b.by, whole_note()),
                None => single(n, text, &minimum, below_help),
            });
        }
    }
    None
}
