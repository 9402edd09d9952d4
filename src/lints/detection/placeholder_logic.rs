use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{self, Atom, Tautology};
use crate::sigma::{FieldMatch, Kind, SearchBody, SearchId};
use crate::yaml::{Node, Resolved};

declare_lint! {
    /// ## What it does
    /// Reports a detection whose condition is true for every event: the search identifiers it
    /// depends on match anything (a lone `'*'` value such as `EventID: '*'`, `|contains: '*'`,
    /// a `'*'` keyword, `|re: '.*'`, `|cidr: 0.0.0.0/0`), or the condition is a tautology such
    /// as `selection or not selection`.
    ///
    /// A match-all selection narrowed by a filter (`selection and not filter`) is exclusion
    /// logic, not a placeholder, and is not reported.
    ///
    /// ## Why is this bad?
    /// Such a rule alerts on every event of its log source. It is almost always a placeholder
    /// left by a generator or an unfinished rule ("logic could not be translated"), and deployed
    /// as is it floods the SOC and hides real alerts.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: '*'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// Write the real detection logic:
    /// ```yaml
    /// detection:
    ///     selection:
    ///         ParentImage|endswith: '\msedge.exe'
    ///         Image|endswith: '\msiexec.exe'
    ///     condition: selection
    /// ```
    /// or, when only the presence of a field is meant, `EventID|exists: true`.
    ///
    /// ## Fix
    /// When the match-all value is a lone `*` of a field (`Field: '*'`, also with `contains`,
    /// `startswith` or `endswith`), `--fix --unsafe-fixes` rewrites it as `Field|exists: true`.
    /// Unsafe, so never applied by `--fix` alone: the rule still matches every event that has the
    /// field, and the placeholder may stand for logic that was never written. Apply it only when
    /// presence of the field really is the detection.
    pub static PLACEHOLDER_LOGIC = "SC301", "placeholder-logic", Error, fix = Sometimes,
        replaces = [crate::lints::values::wildcard_as_exists::WILDCARD_AS_EXISTS];
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.doc.kind != Kind::Detection {
        return;
    }
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    let witnesses: Vec<Option<&Node>> = det.search_ids.iter().map(match_all).collect();
    let names = det.name_list();
    let resolve = |name: &str| -> Option<Atom> {
        let i = det.index_of(name)?;
        Some(match witnesses[i] {
            Some(_) => Atom::Const(true),
            None => Atom::Var(i),
        })
    };
    for cond in &det.conditions {
        let Ok(parsed) = &cond.parsed else { continue };
        // `selection | count() > 5` counts events; matching all of them is the point.
        if parsed.aggregation.is_some() {
            continue;
        }
        if condition::is_tautology(&parsed.expr, names, &resolve) != Tautology::Always {
            continue;
        }
        let cond_span = cond.file_span(parsed.expr.span());
        let cond_text = cond.node.as_str().unwrap_or_default();
        let referenced = referenced_match_all(&parsed.expr, names, &det.search_ids, &witnesses);
        let d = match referenced {
            Some((search, value)) => {
                let raw = &ctx.text()[value.span.clone()];
                let field = field_of(search, value);
                let help = match field {
                    Some(f) if !f.field.is_empty() => format!(
                        "replace the placeholder with real detection logic; if the rule only needs `{}` to be present, write `{}|exists: true`",
                        f.field, f.field
                    ),
                    _ => String::from("replace the placeholder with real detection logic"),
                };
                let fix = field.and_then(|f| exists_fix(ctx.text(), f));
                Diagnostic::new(
                    &PLACEHOLDER_LOGIC,
                    value.span.clone(),
                    format!(
                        "detection matches every event: `{}` matches anything and the condition `{cond_text}` does not narrow it",
                        search.name
                    ),
                )
                .with_label(format!("`{raw}` matches any value"))
                .with_secondary(cond_span, "this condition is true for every event")
                .with_help(help)
                .with_fix(fix)
            }
            None => Diagnostic::new(
                &PLACEHOLDER_LOGIC,
                cond_span,
                format!("condition `{cond_text}` is true for every event"),
            )
            .with_label("a tautology: true whatever the selections match")
            .with_help(
                "rewrite the condition so that it can be false, e.g. `selection and not filter`",
            ),
        };
        out.push(d);
    }
}

/// The first match-all search identifier the condition refers to, with its witness value.
fn referenced_match_all<'s, 'a>(
    expr: &condition::Expr,
    names: &[&str],
    search_ids: &'s [SearchId<'a>],
    witnesses: &[Option<&'a Node>],
) -> Option<(&'s SearchId<'a>, &'a Node)> {
    let mut found: Option<usize> = None;
    condition::walk(expr, &mut |e| {
        let hit = match e {
            condition::Expr::Ident { name, .. } => names.iter().position(|n| n == name),
            condition::Expr::Quantified { target, .. } => names
                .iter()
                .enumerate()
                .position(|(i, n)| target.matches(n) && witnesses[i].is_some()),
            _ => None,
        };
        if let Some(i) = hit
            && witnesses[i].is_some()
        {
            found = Some(found.map_or(i, |f| f.min(i)));
        }
    });
    let i = found?;
    Some((&search_ids[i], witnesses[i]?))
}

fn field_of<'s, 'a>(search: &'s SearchId<'a>, value: &Node) -> Option<&'s FieldMatch<'a>> {
    let fields: Vec<&FieldMatch<'a>> = match &search.body {
        SearchBody::Fields(f) => f.iter().collect(),
        SearchBody::FieldsList(l) => l.iter().flatten().collect(),
        _ => return None,
    };
    fields
        .into_iter()
        .find(|f| f.values.iter().any(|v| std::ptr::eq(*v, value)))
}

/// `Field: '*'` (or `Field|contains: '*'`) as `Field|exists: true`. Unsafe: the rule still
/// matches nearly every event, and a placeholder may stand for logic the author has not
/// written yet, so the user applies it knowingly (`--unsafe-fixes`).
fn exists_fix(text: &str, f: &FieldMatch<'_>) -> Option<Fix> {
    let plain = f
        .modifiers
        .iter()
        .all(|m| matches!(m.name, "contains" | "startswith" | "endswith" | "cased"));
    if f.field.is_empty() || !plain || f.values.len() != 1 || !is_wildcard_only(f.values[0]) {
        return None;
    }
    let edit = crate::lints::edit::exists_edit(text, f.key, f.field, f.value)?;
    Some(Fix::unsafe_(
        format!("write `{}|exists: true`", f.field),
        vec![edit],
    ))
}

/// Whether a search identifier matches every event; returns the value that makes it so.
pub fn match_all<'a>(search: &SearchId<'a>) -> Option<&'a Node> {
    match &search.body {
        SearchBody::Fields(fields) => fields_match_all(fields),
        SearchBody::FieldsList(maps) => maps.iter().find_map(|f| fields_match_all(f)),
        SearchBody::Keywords(words) => words.iter().copied().find(|w| is_wildcard_only(w)),
        SearchBody::Other => None,
    }
}

/// A mapping is an AND of its fields: match-all only when every field is.
fn fields_match_all<'a>(fields: &[FieldMatch<'a>]) -> Option<&'a Node> {
    let mut first = None;
    for f in fields {
        let w = field_match_all(f)?;
        first.get_or_insert(w);
    }
    first
}

fn field_match_all<'a>(f: &FieldMatch<'a>) -> Option<&'a Node> {
    let mut all = false;
    let mut kind = ValueKind::Wildcard;
    for m in &f.modifiers {
        match m.name {
            // These keep a lone `*` meaning "anything".
            "contains" | "startswith" | "endswith" | "windash" | "cased" => {}
            "all" => all = true,
            "re" => kind = ValueKind::Regex,
            "i" | "m" | "s" | "ignorecase" | "multiline" | "dotall" => {}
            "cidr" => kind = ValueKind::Cidr,
            // Encodings, comparisons, existence, field references: a `*` is no longer a wildcard.
            _ => return None,
        }
    }
    let test = |v: &&'a Node| match kind {
        ValueKind::Wildcard => is_wildcard_only(v),
        ValueKind::Regex => v.as_str().is_some_and(regex_matches_all),
        ValueKind::Cidr => v
            .as_str()
            .is_some_and(|s| matches!(s.trim(), "0.0.0.0/0" | "::/0")),
    };
    if all {
        // `|all` is an AND over the values.
        (!f.values.is_empty() && f.values.iter().all(test)).then(|| f.values[0])
    } else {
        f.values.iter().copied().find(|v| test(v))
    }
}

#[derive(Clone, Copy)]
enum ValueKind {
    Wildcard,
    Regex,
    Cidr,
}

/// `*`, `**`, …: a string of only unescaped `*` wildcards.
fn is_wildcard_only(node: &Node) -> bool {
    node.as_scalar().is_some_and(|s| {
        s.resolved == Resolved::String && !s.value.is_empty() && s.value.bytes().all(|b| b == b'*')
    })
}

/// Regular expressions that match every string (conservatively: `.*` and its spellings).
fn regex_matches_all(pattern: &str) -> bool {
    let mut p = pattern.trim();
    for flags in ["(?i)", "(?s)", "(?m)", "(?is)", "(?si)"] {
        p = p.strip_prefix(flags).unwrap_or(p);
    }
    p = p.strip_prefix('^').unwrap_or(p);
    p = p.strip_suffix('$').unwrap_or(p);
    if let Some(inner) = p.strip_prefix('(').and_then(|q| q.strip_suffix(')')) {
        p = inner.strip_prefix("?:").unwrap_or(inner);
    }
    matches!(p, ".*" | ".*?" | "[\\s\\S]*")
}
