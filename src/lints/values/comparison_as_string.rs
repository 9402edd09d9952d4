use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Site, bits};
use crate::lints::{Hook, declare_lint};
use crate::yaml::{Node, NodeKind};

declare_lint! {
    /// ## What it does
    /// Reports a value that is a comparison written as text: a comparison operator (`>`,
    /// `>=`, `<`, `<=`, `!=`, `==`) and a number, and nothing else (`BytesOut: '> 1000000'`,
    /// `Port: '<1024'`, `Status: '!= 0'`), on a field compared for equality (no modifier, or
    /// only `all`, `neq` or `cased`).
    ///
    /// Only a whole value of operator and number is reported: `cmd > out.txt`, `2>&1`, `->`
    /// or `<script>` are text that command lines and scripts really contain, and with
    /// `contains`, `startswith` or `endswith` the value is a piece of such text.
    ///
    /// ## Why is this bad?
    /// Sigma has no comparison inside a value: the rule compares the field with the literal
    /// text `> 1000000`, which no log holds, so it never matches, and no tool says so. The
    /// comparisons are the modifiers `gt`, `gte`, `lt` and `lte`; `!=` is the `neq` modifier
    /// or a `not` in the condition. The severity is error: the rule cannot match what it
    /// means to.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 3
    ///         BytesOut: '> 1000000'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 3
    ///         BytesOut|gt: 1000000
    ///     condition: selection
    /// ```
    ///
    /// ## Fix
    /// With `--unsafe-fixes`, `Field: '> 1000000'` becomes `Field|gt: 1000000` (`>=` `gte`,
    /// `<` `lt`, `<=` `lte`) when the key has no modifier, the value is its only one (not a
    /// list) and the selection has no `Field|gt` key yet. No fix for `!=` and `==`, nor for a
    /// number with leading zeros (YAML 1.1 reads `0755` as octal). Unsafe: the rule then
    /// matches the events it describes instead of none, and a backend compares the field as
    /// a number.
    pub static COMPARISON_AS_STRING = "SC424", "comparison-as-string", Error, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Value(Gate::Known, 0, check_value))];

pub(super) fn check_value(
    cx: &Cx<'_, '_>,
    site: &Site<'_, '_>,
    v: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(s) = v.as_str() else { return };
    // Most values start with a letter, a digit or a path: one byte rules them out.
    if !s.trim_start_matches(' ').starts_with(['>', '<', '!', '=']) {
        return;
    }
    let field = site.field_name();
    if field.is_empty() || site.mask & !bits(&[Mod::All, Mod::Neq, Mod::Cased]) != 0 {
        return;
    }
    let Some((op, number)) = comparison(s) else {
        return;
    };
    let modifier = match op {
        ">" => Some("gt"),
        ">=" => Some("gte"),
        "<" => Some("lt"),
        "<=" => Some("lte"),
        _ => None,
    };
    let help = match (op, modifier) {
        (_, Some(m)) => format!("use the `{m}` modifier: `{field}|{m}: {number}`"),
        ("!=", _) => format!(
            "use the `neq` modifier (`{field}|neq: {number}`), or match `{field}: {number}` in a selection excluded with `not` in the condition"
        ),
        _ => format!("write the number alone: `{field}: {number}`"),
    };
    let fix = modifier.and_then(|m| fix(cx, site, v, m, number));
    out.push(
        Diagnostic::new(
            &COMPARISON_AS_STRING,
            cx.span(v),
            format!(
                "`{}` of `{}` is a comparison written as a string: it matches only that literal text",
                cx.show(v),
                site.key_text()
            ),
        )
        .with_label("compared as text")
        .with_help(help)
        .with_fix(fix),
    );
}

/// The operator and the number of a value that is only a comparison: `> 1000000`, `<=5`.
fn comparison(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_matches(' ');
    let op_len =
        if t.starts_with(">=") || t.starts_with("<=") || t.starts_with("!=") || t.starts_with("==")
        {
            2
        } else if t.starts_with(['>', '<']) {
            1
        } else {
            return None;
        };
    let (op, rest) = t.split_at(op_len);
    let number = rest.trim_start_matches(' ');
    let digits = number.strip_prefix('-').unwrap_or(number);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    (all_digits(int) && frac.is_none_or(all_digits)).then_some((op, number))
}

/// `Field: '> 5'` → `Field|gt: 5`, for a plain key without modifiers and a single value.
fn fix(cx: &Cx<'_, '_>, site: &Site<'_, '_>, v: &Node, m: &str, number: &str) -> Option<Fix> {
    let f = site.field?;
    if !f.modifiers.is_empty() || site.list.is_some() {
        return None;
    }
    let digits = number.strip_prefix('-').unwrap_or(number);
    if digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.") {
        return None;
    }
    let key = &f.key;
    if cx.text.get(key.span.clone())? != f.field {
        return None;
    }
    let new_key = format!("{}|{m}", f.field);
    let taken = match &site.search.value.kind {
        NodeKind::Mapping(entries) => entries
            .iter()
            .any(|e| e.key.as_str() == Some(new_key.as_str())),
        NodeKind::Sequence(items) => items.iter().filter_map(Node::as_mapping).any(|m| {
            m.iter().any(|e| e.key.span == key.span)
                && m.iter().any(|e| e.key.as_str() == Some(new_key.as_str()))
        }),
        NodeKind::Scalar(_) => true,
    };
    if taken {
        return None;
    }
    Some(Fix::unsafe_(
        format!("write `{new_key}: {number}`"),
        vec![
            Edit {
                span: key.span.end..key.span.end,
                content: format!("|{m}"),
            },
            Edit {
                span: cx.span(v),
                content: number.to_owned(),
            },
        ],
    ))
}
