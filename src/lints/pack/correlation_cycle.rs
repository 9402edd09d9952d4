use crate::diagnostics::Diagnostic;
use crate::lints::pack::{Found, Pack};
use crate::lints::{Hook, declare_lint};
use crate::sigma::Kind;

/// Most rules named in a cycle's message.
const MAX_SHOWN: usize = 6;

declare_lint! {
    /// ## What it does
    /// Reports correlation rules that refer to each other in a cycle through their `rules:`
    /// (`A` correlates `B`, `B` correlates `A`), including a correlation that refers to
    /// itself.
    ///
    /// Each cycle is reported once, at the reference that closes it.
    ///
    /// ## Why is this bad?
    /// Correlations may be chained, but a chain must end in detection rules: a cycle has no
    /// events to start from, and converters that flatten the chain either loop or give up. The
    /// severity is error.
    ///
    /// ## Example
    /// ```yaml
    /// title: Many failed logins
    /// name: many_failed_logins
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - brute_force_success # a temporal correlation over many_failed_logins
    /// ```
    ///
    /// ## Use instead
    /// Refer to the detection rule whose events are counted:
    /// ```yaml
    /// correlation:
    ///     type: event_count
    ///     rules:
    ///         - failed_login
    /// ```
    pub static CORRELATION_CYCLE = "SC810", "correlation-cycle", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Pack(check)];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Color {
    White,
    Gray,
    Black,
}

pub fn check(pack: &Pack<'_>, out: &mut Found) {
    let n = pack.docs.len();
    // Edges between correlations: (target, index of the reference in `references`).
    let edges: Vec<Vec<(usize, usize)>> = pack
        .docs
        .iter()
        .map(|pd| {
            if pd.doc.kind != Kind::Correlation {
                return Vec::new();
            }
            pd.doc
                .references
                .iter()
                .enumerate()
                .filter_map(|(k, r)| {
                    let t = pack.resolve(&r.value)?;
                    (pack.docs[t].doc.kind == Kind::Correlation).then_some((t, k))
                })
                .collect()
        })
        .collect();
    let mut color = vec![Color::White; n];
    // Position of each gray node on the stack, to find where a cycle starts in O(1).
    let mut position = vec![0usize; n];
    // Iterative depth-first search: (node, next edge to follow).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if color[start] != Color::White || edges[start].is_empty() {
            continue;
        }
        color[start] = Color::Gray;
        position[start] = 0;
        stack.push((start, 0));
        while let Some(top) = stack.last_mut() {
            let (u, next) = *top;
            let Some(&(v, k)) = edges[u].get(next) else {
                color[u] = Color::Black;
                stack.pop();
                continue;
            };
            top.1 += 1;
            match color[v] {
                Color::White => {
                    color[v] = Color::Gray;
                    position[v] = stack.len();
                    stack.push((v, 0));
                }
                Color::Gray => {
                    // A back edge u → v: the cycle is v … u on the stack.
                    let from = position[v];
                    let len = stack.len() - from;
                    let shown: Vec<usize> = stack[from..]
                        .iter()
                        .take(MAX_SHOWN)
                        .map(|(x, _)| *x)
                        .collect();
                    out.push((pack.docs[u].file, report(pack, u, v, k, &shown, len)));
                }
                Color::Black => {}
            }
        }
    }
}

/// `shown`: the first rules of the cycle (from `v`), `len`: how many rules it has.
fn report(
    pack: &Pack<'_>,
    u: usize,
    v: usize,
    k: usize,
    shown: &[usize],
    len: usize,
) -> Diagnostic {
    let doc = pack.docs[u].doc;
    let r = &doc.references[k];
    let handle = |i: usize| {
        let d = pack.docs[i].doc;
        d.name
            .as_ref()
            .or(d.id.as_ref())
            .map_or(d.label(), |h| h.value.as_str())
            .to_owned()
    };
    let message = if u == v {
        format!("correlation refers to itself through `{}`", r.value)
    } else {
        let mut names: Vec<String> = shown.iter().map(|&i| handle(i)).collect();
        if len > shown.len() {
            names.push(String::from("…"));
        }
        names.push(handle(v));
        format!(
            "correlation rules refer to each other in a cycle: {}",
            names
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" → ")
        )
    };
    let d = Diagnostic::new(&CORRELATION_CYCLE, r.span.clone(), message)
        .with_label("closes the cycle")
        .with_help(
            "make the chain end in detection rules: refer to the rules whose events are correlated",
        );
    if u == v {
        return d;
    }
    let target = pack.docs[v].doc;
    let span = target
        .references_key
        .clone()
        .unwrap_or_else(|| target.span.clone());
    pack.label(d, u, v, span, "the cycle starts here")
}
