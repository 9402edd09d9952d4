use crate::diagnostics::Diagnostic;
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::Kind;
use crate::sigma::condition::{self, Expr};

declare_lint! {
    /// ## What it does
    /// Reports a `detection` section that defines no search identifier: it holds only a
    /// `condition` (and perhaps a `timeframe`), or nothing at all.
    ///
    /// Empty search identifiers (`selection: {}`, `selection: []`, `selection:` with no value)
    /// are reported by the schema lints, at the identifier.
    ///
    /// ## Why is this bad?
    /// There is nothing for the condition to refer to, so the rule cannot match anything;
    /// pySigma refuses it with "No detections defined in Sigma rule". This usually means the
    /// selections were indented under the wrong key or lost in an edit. The severity is error
    /// because the rule is broken.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     condition: selection
    /// selection:
    ///     Image|endswith: '\rundll32.exe'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\rundll32.exe'
    ///     condition: selection
    /// ```
    pub static EMPTY_DETECTION = "SC312", "empty-detection", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

/// Top-level keys of a rule that hold a mapping or a list; never a misplaced selection.
const TOP_LEVEL: &[&str] = &[
    "logsource",
    "detection",
    "related",
    "references",
    "tags",
    "falsepositives",
    "fields",
    "scope",
];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A filter's `selection` is required by the filter schema, which reports it.
    if ctx.doc.kind != Kind::Detection {
        return;
    }
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    if !det.search_ids.is_empty() {
        return;
    }
    let label = if det.condition.is_some() {
        "only a condition, nothing for it to refer to"
    } else {
        "no search identifiers"
    };
    // A search identifier written at the top level by mistake, if the condition names one.
    let stray = det
        .conditions
        .iter()
        .filter_map(|c| c.parsed.as_ref().ok())
        .find_map(|p| {
            let mut hit = None;
            condition::walk(&p.expr, &mut |e| {
                if let Expr::Ident { name, .. } = e
                    && hit.is_none()
                {
                    hit = ctx.doc.root.entry(name).filter(|e| {
                        !TOP_LEVEL.contains(&name.as_str())
                            && (e.value.as_mapping().is_some() || e.value.as_sequence().is_some())
                    });
                }
            });
            hit
        });
    let mut d = Diagnostic::new(
        &EMPTY_DETECTION,
        det.key.span.clone(),
        "`detection` defines no search identifiers",
    )
    .with_label(label);
    d = match stray {
        Some(e) => {
            let name = e.key.as_str().unwrap_or_default();
            d.with_secondary(e.key.span.clone(), format!("`{name}` is outside `detection`"))
                .with_help(format!("indent `{name}` under `detection`"))
        }
        None => d.with_help(
            "add a search identifier such as `selection:` with `Field: value` entries, and refer to it in `condition`",
        ),
    };
    out.push(d);
}
