use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::detection::{Names, for_each_quantifier, parsed, quantifier_text, target_key};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{Expr, Target, glob_match};

declare_lint! {
    /// ## What it does
    /// Reports a quantifier — `1 of filter_*`, `all of selection_*`, `1 of them` — that
    /// includes no search identifier: no defined name matches the pattern. Identifiers starting
    /// with `_` never count, because quantifiers leave them out.
    ///
    /// ## Why is this bad?
    /// The part of the condition is empty, so the rule does not do what it says. A leftover
    /// `and not 1 of filter_*` excludes nothing; an `all of selection_*` after a rename
    /// requires nothing. pySigma reports it as `dangling_condition` (high severity). The
    /// severity is error because the condition refers to something that does not exist.
    ///
    /// A pattern without `*`, such as `1 of selection`, must equal a name. pySigma matches
    /// patterns as prefixes and would take in `selection_1` and `selection_2` here; other tools
    /// match nothing, so the help suggests writing the `*` that was meant.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\bitsadmin.exe'
    ///     condition: selection and not 1 of filter_*
    /// ```
    ///
    /// ## Use instead
    /// Define the filters the condition refers to, or drop the reference:
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\bitsadmin.exe'
    ///     filter_main_system:
    ///         ParentImage|startswith: 'C:\Windows\System32\'
    ///     condition: selection and not 1 of filter_*
    /// ```
    pub static DANGLING_PATTERN = "SC304", "dangling-pattern", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    // A detection without any search identifier is reported once by `empty-detection`.
    if det.search_ids.is_empty() {
        return;
    }
    let mut names = Names::new(det);
    let mut seen: foldhash::HashSet<Option<&str>> = foldhash::HashSet::default();
    let mut found = Vec::new();
    for (cond, parsed) in parsed(det) {
        let mut gave_up = false;
        for_each_quantifier(&parsed.expr, &mut |e, target| {
            if gave_up || !seen.insert(target_key(target)) {
                return;
            }
            match names.selected(target) {
                Some(sel) if sel.is_empty() => found.push((cond, e, target)),
                Some(_) => {}
                None => gave_up = true,
            }
        });
        if gave_up {
            return;
        }
    }
    for (cond, e, target) in found {
        let text = quantifier_text(e);
        let mut d = Diagnostic::new(
            &DANGLING_PATTERN,
            cond.file_span(e.span()),
            format!("`{text}` matches no search identifier"),
        );
        let Some(why) = explain(&mut names, e, target) else {
            return;
        };
        d = d.with_label(why.label).with_help(why.help);
        if let Some((span, msg)) = why.secondary {
            d = d.with_secondary(span, msg);
        }
        out.push(d);
    }
}

struct Why {
    label: String,
    help: String,
    secondary: Option<(std::ops::Range<usize>, String)>,
}

/// Why nothing matched, and what to write instead. `None` when the budget ran out.
fn explain(names: &mut Names<'_, '_>, e: &Expr, target: &Target) -> Option<Why> {
    let Expr::Quantified { quantifier, .. } = e else {
        return None;
    };
    let q = quantifier.keyword();
    names.charge(names.ids.len())?;
    // Identifiers the pattern would match if it were not for the leading `_`.
    let hidden = names.ids.iter().find(|s| {
        s.name.starts_with('_')
            && match target {
                Target::Them { .. } => true,
                Target::Pattern { pattern, .. } => glob_match(pattern, s.name),
            }
    });
    if let Some(h) = hidden {
        return Some(Why {
            label: format!("`{}` starts with `_`, which quantifiers leave out", h.name),
            help: format!(
                "refer to `{}` by name, or rename it without the leading `_`",
                h.name
            ),
            secondary: Some((h.key.span.clone(), format!("`{}` is defined here", h.name))),
        });
    }
    let Target::Pattern { pattern, .. } = target else {
        return Some(Why {
            label: "every search identifier starts with `_`".into(),
            help: "refer to the search identifiers by name".into(),
            secondary: None,
        });
    };
    if !pattern.contains('*') {
        let prefixed: Vec<&str> = names
            .ids
            .iter()
            .map(|s| s.name)
            .filter(|n| n.starts_with(pattern.as_str()) && !n.starts_with('_'))
            .collect();
        if let Some(first) = prefixed.first() {
            return Some(Why {
                label: format!(
                    "no search identifier is called `{pattern}`; pySigma reads it as a prefix and takes in `{first}`"
                ),
                help: format!(
                    "write `{q} of {pattern}*` to include every `{pattern}…` identifier in every tool"
                ),
                secondary: None,
            });
        }
    }
    // `selectoin_*`: compare the literal prefix with the same-length prefix of each name.
    if let Some(prefix) = pattern
        .strip_suffix('*')
        .filter(|p| !p.contains('*') && names.may_suggest())
    {
        let width = prefix.chars().count();
        let heads = names.ids.iter().filter_map(|s| {
            let end = s
                .name
                .char_indices()
                .nth(width)
                .map_or(s.name.len(), |(i, _)| i);
            (!s.name.starts_with('_')).then(|| &s.name[..end])
        });
        if let Some(head) = did_you_mean(prefix, heads) {
            let first = names.ids.iter().find(|s| s.name.starts_with(head));
            return Some(Why {
                label: format!("no search identifier starts with `{prefix}`"),
                help: format!("did you mean `{q} of {head}*`?"),
                secondary: first
                    .map(|s| (s.key.span.clone(), format!("`{}` is defined here", s.name))),
            });
        }
    }
    Some(Why {
        label: format!("no search identifier matches `{pattern}`"),
        help: format!(
            "define a search identifier matching `{pattern}`, or remove `{q} of {pattern}` from the condition"
        ),
        secondary: None,
    })
}
