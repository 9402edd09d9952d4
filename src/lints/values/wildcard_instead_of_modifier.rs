use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::edit::{plain_or_quoted, replace_scalar};
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Site, Tok, sigma_tokens};
use crate::lints::{Hook, declare_lint};
use crate::yaml::{Node, Resolved};
use saphyr_parser::ScalarStyle;

declare_lint! {
    /// ## What it does
    /// Reports a field without modifiers whose values all put a `*` wildcard where a modifier
    /// says the same: every value `'*text*'` (`contains`), every value `'*text'` (`endswith`)
    /// or every value `'text*'` (`startswith`), with no other wildcard in `text`.
    ///
    /// Not reported when the values mix those forms, when a value has another `*` or `?`
    /// inside, an escaped `\*` or `\?` (see `escaped-wildcard`), or is only wildcards (see
    /// `wildcard-as-exists`), when the field has any modifier, nor for keywords.
    ///
    /// ## Why is this bad?
    /// The modifier states the intent and lets the backend pick its prefix, suffix or
    /// substring query; the wildcard form hides it in the value, and one value written
    /// without its `*` silently changes what the list matches. SigmaHQ writes modifiers.
    /// pySigma loads the rule and its `wildcards_instead_of_modifiers` validator reports it
    /// (`WildcardsInsteadOfContainsModifierIssue`, `WildcardInsteadOfEndswithIssue` or
    /// `WildcardInsteadOfStartswithIssue`, low). The severity is info: the rule matches what
    /// it means to.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image: '*\rundll32.exe'
    ///         CommandLine:
    ///             - '*javascript:*'
    ///             - '*vbscript:*'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\rundll32.exe'
    ///         CommandLine|contains:
    ///             - 'javascript:'
    ///             - 'vbscript:'
    ///     condition: selection
    /// ```
    ///
    /// ## Fix
    /// `--fix` adds the modifier to the key and removes the wildcards from every value,
    /// keeping each value's quoting (a plain value is quoted when what is left would read
    /// back as something else, as `1*` becomes `'1'`). No fix when the key with the modifier
    /// is already a key of the same mapping, when the key is not written verbatim, or for a
    /// block scalar. Safe: `contains`, `startswith` and `endswith` are defined as adding
    /// those wildcards, and pySigma converts both forms to the same query.
    pub static WILDCARD_INSTEAD_OF_MODIFIER = "SC431", "wildcard-instead-of-modifier", Info, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Values(ValueHook::Site(Gate::Always, check_site))];

/// Where the wildcards of a value stand, and the modifier that says the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Contains,
    Endswith,
    Startswith,
}

impl Shape {
    /// `'*text*'`, `'*text'` or `'text*'` with `text` free of wildcards and escapes.
    fn of(s: &str) -> Option<Self> {
        if !(s.starts_with('*') || s.ends_with('*')) {
            return None;
        }
        let mut toks = sigma_tokens(s).peekable();
        let lead = toks.next_if(|(t, _)| *t == Tok::Star).is_some();
        let (mut text, mut trail) = (false, false);
        for (t, _) in toks {
            match t {
                _ if trail => return None,
                Tok::Lit => text = true,
                Tok::Star => trail = true,
                Tok::Question | Tok::Escaped => return None,
            }
        }
        match (text, lead, trail) {
            (true, true, true) => Some(Self::Contains),
            (true, true, false) => Some(Self::Endswith),
            (true, false, true) => Some(Self::Startswith),
            _ => None,
        }
    }

    fn modifier(self) -> &'static str {
        match self {
            Self::Contains => "contains",
            Self::Endswith => "endswith",
            Self::Startswith => "startswith",
        }
    }

    /// The byte offsets of the wildcards the modifier replaces.
    fn stars(self, len: usize) -> Vec<usize> {
        match self {
            Self::Contains => vec![0, len - 1],
            Self::Endswith => vec![0],
            Self::Startswith => vec![len - 1],
        }
    }

    fn strip(self, s: &str) -> &str {
        match self {
            Self::Contains => &s[1..s.len() - 1],
            Self::Endswith => &s[1..],
            Self::Startswith => &s[..s.len() - 1],
        }
    }

    fn place(self) -> &'static str {
        match self {
            Self::Contains => "at both ends",
            Self::Endswith => "at the start",
            Self::Startswith => "at the end",
        }
    }
}

pub(super) fn check_site(cx: &Cx<'_, '_>, site: &Site<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(f) = site.field else { return };
    if f.field.is_empty() || !f.modifiers.is_empty() || site.values.is_empty() {
        return;
    }
    let mut shape = None;
    for v in site.values {
        let s = v
            .as_scalar()
            .filter(|s| s.resolved == Resolved::String)
            .and_then(|s| Shape::of(&s.value));
        match (s, shape) {
            (None, _) => return,
            (Some(s), Some(prev)) if s != prev => return,
            (s, _) => shape = s,
        }
    }
    let Some(shape) = shape else { return };
    let field = f.field;
    let m = shape.modifier();
    let one = site.values.len() == 1;
    let message = format!(
        "`*` {} of {} of `{field}` instead of `{m}`",
        shape.place(),
        if one { "the value" } else { "every value" }
    );
    let help = match site.values.first() {
        Some(v) if one => format!("write `{field}|{m}: {}`", written(cx, v, shape)),
        _ => format!("write `{field}|{m}` and drop the `*` from each value"),
    };
    out.push(
        Diagnostic::new(&WILDCARD_INSTEAD_OF_MODIFIER, f.field_span.clone(), message)
            .with_label(format!("`{m}` says this"))
            .with_help(help)
            .with_fix(fix(cx, site, shape).map(|edits| {
                Fix::safe(format!("write `{field}|{m}` without the wildcards"), edits)
            })),
    );
}

fn fix(cx: &Cx<'_, '_>, site: &Site<'_, '_>, shape: Shape) -> Option<Vec<Edit>> {
    let f = site.field?;
    let new_key = format!("{}|{}", f.field, shape.modifier());
    if cx.text.get(f.field_span.clone()) != Some(f.field) || site.mapping_has_key(&new_key) {
        return None;
    }
    let mut edits = vec![Edit {
        span: f.field_span.end..f.field_span.end,
        content: format!("|{}", shape.modifier()),
    }];
    for v in site.values {
        edits.extend(strip_value(cx, v, shape)?);
    }
    Some(edits)
}

/// The value without its wildcards as the fix writes it, quoting included.
fn written(cx: &Cx<'_, '_>, v: &Node, shape: Shape) -> String {
    let span = cx.span(v);
    let edited = strip_value(cx, v, shape).and_then(|edits| {
        let mut out = cx.text.get(span.clone())?.to_owned();
        for e in edits.iter().rev() {
            let at = e.span.start.checked_sub(span.start)?..e.span.end.checked_sub(span.start)?;
            out.get(at.clone())?;
            out.replace_range(at, &e.content);
        }
        Some(out)
    });
    edited.unwrap_or_else(|| plain_or_quoted(shape.strip(v.as_str().unwrap_or_default())))
}

/// The edits that remove the wildcards from one value: the `*` characters themselves when a
/// quoted value holds them verbatim, else the whole value rewritten with its quoting.
fn strip_value(cx: &Cx<'_, '_>, v: &Node, shape: Shape) -> Option<Vec<Edit>> {
    let scalar = v.as_scalar()?;
    let s = scalar.value.as_str();
    if matches!(
        scalar.style,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    ) {
        let verbatim: Option<Vec<Edit>> = shape
            .stars(s.len())
            .into_iter()
            .map(|at| {
                let span = cx.inner_span(v, at..at + 1);
                (cx.text.get(span.clone()) == Some("*")).then_some(Edit {
                    span,
                    content: String::new(),
                })
            })
            .collect();
        if verbatim.is_some() {
            return verbatim;
        }
    }
    replace_scalar(cx.text, v, shape.strip(s)).map(|e| vec![e])
}
