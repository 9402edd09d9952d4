use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::{FieldMatch, SearchBody};
use crate::yaml::Resolved;

declare_lint! {
    /// ## What it does
    /// Reports a field written twice in one selection, with and without a modifier (or with
    /// two modifiers), where one key already implies the other: `Image` equal to
    /// `'C:\Windows\System32\cmd.exe'` and `Image|endswith: '\cmd.exe'`, or
    /// `CommandLine|startswith: 'certutil -urlcache'` and `CommandLine|contains: 'urlcache'`.
    /// The diagnostic points at the key that adds nothing and labels the one that implies it.
    ///
    /// Only plain text is judged: values without wildcards or escapes, keys with no modifier
    /// or one of `contains`, `startswith`, `endswith` (and `all` on the implied key). Strings
    /// compare case-insensitively, as Sigma does by default. Keys of different selections are
    /// not compared: the condition may combine them in any way.
    ///
    /// ## Why is this bad?
    /// The keys of a selection must all hold, so the implied key filters nothing: it costs a
    /// comparison per event and suggests a restriction the rule does not have. It is often the
    /// remains of an edit, where the author meant another value (`'\cmd.exe'` next to
    /// `'powershell.exe'`). The severity is info: the rule matches what it says.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image: 'C:\Windows\System32\certutil.exe'
    ///         Image|endswith: '\certutil.exe'
    ///         CommandLine|contains: 'urlcache'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image: 'C:\Windows\System32\certutil.exe'
    ///         CommandLine|contains: 'urlcache'
    ///     condition: selection
    /// ```
    pub static REDUNDANT_FIELD_MATCH = "SC318", "redundant-field-match", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equals,
    Contains,
    StartsWith,
    EndsWith,
}

impl Op {
    fn verb(self) -> &'static str {
        match self {
            Self::Equals => "equals",
            Self::Contains => "contains",
            Self::StartsWith => "starts with",
            Self::EndsWith => "ends with",
        }
    }
}

/// One key of a selection as plain text: its operation, whether every value must hold
/// (`all`), and its values, lowercased.
struct Plain<'f, 'a> {
    f: &'f FieldMatch<'a>,
    op: Op,
    all: bool,
    values: Vec<String>,
}

fn plain<'f, 'a>(f: &'f FieldMatch<'a>) -> Option<Plain<'f, 'a>> {
    let mut op = Op::Equals;
    let mut all = false;
    for m in &f.modifiers {
        match (m.name, op) {
            ("contains", Op::Equals) => op = Op::Contains,
            ("startswith", Op::Equals) => op = Op::StartsWith,
            ("endswith", Op::Equals) => op = Op::EndsWith,
            ("all", _) if !all => all = true,
            _ => return None,
        }
    }
    let values = f
        .values
        .iter()
        .map(|v| {
            let s = v.as_scalar().filter(|s| s.resolved == Resolved::String)?;
            let t = s.value.as_str();
            (!t.is_empty() && !t.contains(['*', '?']) && !t.contains("\\\\"))
                .then(|| t.to_lowercase())
        })
        .collect::<Option<Vec<String>>>()?;
    (!values.is_empty()).then_some(Plain { f, op, all, values })
}

/// Whether every text that `a` (one value under `op_a`) matches also matches `b` under `op_b`.
fn implies(op_a: Op, a: &str, op_b: Op, b: &str) -> bool {
    match (op_a, op_b) {
        (Op::Equals, Op::Contains) => a.contains(b),
        (Op::Equals, Op::StartsWith) | (Op::StartsWith, Op::StartsWith) => a.starts_with(b),
        (Op::Equals, Op::EndsWith) | (Op::EndsWith, Op::EndsWith) => a.ends_with(b),
        (Op::StartsWith | Op::EndsWith | Op::Contains, Op::Contains) => a.contains(b),
        _ => false,
    }
}

/// Whether key `a` implies key `b`: whichever of its values an event matches (all of them with
/// `all`), `b` holds too.
fn key_implies(a: &Plain<'_, '_>, b: &Plain<'_, '_>) -> bool {
    let one = |x: &str| {
        if b.all {
            b.values.iter().all(|y| implies(a.op, x, b.op, y))
        } else {
            b.values.iter().any(|y| implies(a.op, x, b.op, y))
        }
    };
    if a.all {
        a.values.iter().any(|x| one(x))
    } else {
        a.values.iter().all(|x| one(x))
    }
}

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    for search in &det.search_ids {
        match &search.body {
            SearchBody::Fields(fields) => map(fields, out),
            SearchBody::FieldsList(maps) => maps.iter().for_each(|m| map(m, out)),
            SearchBody::Keywords(_) | SearchBody::Other => {}
        }
    }
}

fn map(fields: &[FieldMatch<'_>], out: &mut Vec<Diagnostic>) {
    // Most selections name each field once: nothing to compare.
    let twice = fields
        .iter()
        .enumerate()
        .any(|(i, f)| fields[..i].iter().any(|g| g.field == f.field));
    if !twice {
        return;
    }
    let keys: Vec<Plain<'_, '_>> = fields
        .iter()
        .filter(|f| !f.field.is_empty())
        .filter_map(plain)
        .collect();
    let mut reported: Vec<usize> = Vec::new();
    for (j, b) in keys.iter().enumerate() {
        let by = keys.iter().enumerate().find(|&(i, a)| {
            i != j
                && !reported.contains(&i)
                && a.f.field == b.f.field
                && (a.op, a.all) != (b.op, b.all)
                && key_implies(a, b)
        });
        let Some((_, a)) = by else { continue };
        reported.push(j);
        let (a_key, b_key) = (
            a.f.key.as_str().unwrap_or(a.f.field),
            b.f.key.as_str().unwrap_or(b.f.field),
        );
        let which = if b.values.len() == 1 {
            "its value"
        } else if b.all {
            "all of its values"
        } else {
            "one of its values"
        };
        out.push(
            Diagnostic::new(
                &REDUNDANT_FIELD_MATCH,
                b.f.key.span.clone(),
                format!(
                    "`{b_key}` adds nothing to this selection: whatever `{a_key}` matches already {} {which}",
                    b.op.verb()
                ),
            )
            .with_label("implied by the other key")
            .with_secondary(a.f.key.span.clone(), format!("`{a_key}` implies `{b_key}`"))
            .with_help(format!(
                "remove `{b_key}`, or correct its value if another one was meant"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implication_between_operations() {
        assert!(implies(
            Op::Equals,
            r"c:\w\cmd.exe",
            Op::EndsWith,
            r"\cmd.exe"
        ));
        assert!(implies(
            Op::StartsWith,
            "certutil -urlcache",
            Op::Contains,
            "urlcache"
        ));
        assert!(implies(
            Op::EndsWith,
            r"\system32\cmd.exe",
            Op::EndsWith,
            r"\cmd.exe"
        ));
        assert!(!implies(Op::Contains, "urlcache", Op::StartsWith, "url"));
        assert!(!implies(Op::Equals, "a", Op::Equals, "a"));
        assert!(!implies(Op::EndsWith, r"\cmd.exe", Op::StartsWith, "c:"));
    }
}
