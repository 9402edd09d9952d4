use crate::diagnostics::Diagnostic;
use crate::lints::detection::{
    Names, aggregation_identifiers, for_each_quantifier, parsed, target_key,
};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::condition::{self, Expr};

declare_lint! {
    /// ## What it does
    /// Reports a search identifier that no `condition` uses: it is neither named in the
    /// condition nor included by a quantifier such as `1 of filter_*` or `1 of them`.
    /// Quantifiers never include identifiers starting with `_`, so such an identifier counts
    /// as used only when the condition names it.
    ///
    /// Nothing is reported while a condition does not parse or refers to something undefined
    /// (`undefined-identifier`, `dangling-pattern`): the unused selection is usually the one
    /// the broken reference meant.
    ///
    /// ## Why is this bad?
    /// The selection has no effect on what the rule matches, which is rarely what the author
    /// meant: most often a filter was written but never excluded in the condition, so the
    /// false positives it was written for still alert. pySigma reports it as
    /// `dangling_detection`, and SigmaHQ rules never leave one. The severity is warning: the
    /// rule works, but likely not as intended.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\schtasks.exe'
    ///         CommandLine|contains: '/create'
    ///     filter_main_system:
    ///         User|contains: 'SYSTEM'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         Image|endswith: '\schtasks.exe'
    ///         CommandLine|contains: '/create'
    ///     filter_main_system:
    ///         User|contains: 'SYSTEM'
    ///     condition: selection and not 1 of filter_main_*
    /// ```
    pub static DANGLING_SELECTION = "SC305", "dangling-selection", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(det) = &ctx.doc.detection else {
        return;
    };
    // Without a (parsable) condition every selection would be "unused"; other lints report
    // the missing or broken condition.
    if det.conditions.is_empty() || det.conditions.iter().any(|c| c.parsed.is_err()) {
        return;
    }
    let mut names = Names::new(det);
    let mut used = vec![false; det.search_ids.len()];
    let mut broken = false;
    let mut targets = foldhash::HashSet::default();
    for (_, parsed) in parsed(det) {
        // `selection | near other`: the operands of a v1 `near` are search identifiers too.
        if let Some(agg) = &parsed.aggregation {
            for word in aggregation_identifiers(&agg.text) {
                if let Some(i) = names.get(word) {
                    used[i] = true;
                }
            }
        }
        condition::walk(&parsed.expr, &mut |e| {
            if let Expr::Ident { name, .. } = e {
                match names.get(name) {
                    Some(i) => used[i] = true,
                    None => broken = true,
                }
            }
        });
        for_each_quantifier(&parsed.expr, &mut |_, target| {
            if broken || !targets.insert(target_key(target)) {
                return;
            }
            match names.selected(target) {
                Some(sel) if sel.is_empty() => broken = true,
                Some(sel) => sel.into_iter().for_each(|i| used[i] = true),
                None => broken = true,
            }
        });
        if broken {
            return;
        }
    }
    let cond_span = det.condition.map(|e| e.value.span.clone());
    for (search, _) in det.search_ids.iter().zip(&used).filter(|(_, u)| !**u) {
        let name = search.name;
        let help = if name.starts_with('_') {
            format!(
                "quantifiers such as `1 of them` leave out names starting with `_`: refer to `{name}` by name, or delete it"
            )
        } else if name.starts_with("filter") {
            format!("exclude it in the condition, e.g. `… and not {name}`, or delete it")
        } else {
            format!("use `{name}` in the condition, or delete it")
        };
        let mut d = Diagnostic::new(
            &DANGLING_SELECTION,
            search.key.span.clone(),
            format!("search identifier `{name}` is not used in the condition"),
        )
        .with_label("defined here but never referenced")
        .with_help(help);
        if let Some(span) = &cond_span {
            d = d.with_secondary(span.clone(), format!("does not refer to `{name}`"));
        }
        out.push(d);
    }
}
