use crate::diagnostics::{Diagnostic, Edit, Fix};
use crate::lints::metadata::{string_value, sub_span};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a `falsepositives` entry that starts with a lowercase
    /// letter, as SigmaHQ's `sigmahq_falsepositives_capital` validator does.
    ///
    /// ## Why is this bad?
    /// Each entry is a short sentence shown on its own line; SigmaHQ starts them with a
    /// capital so the lists read the same across rules. It is a warning because SigmaHQ's CI
    /// fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// falsepositives:
    ///     - legitimate use by administrators
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// falsepositives:
    ///     - Legitimate use by administrators
    /// ```
    ///
    /// ## Fix
    /// `--fix` capitalises the entry's first letter when the entry is written verbatim in the file
    /// (no escapes or line folding). Safe: the entry is prose no detection depends on.
    pub static LOWERCASE_FALSEPOSITIVE = "SC237", "lowercase-falsepositive", Warning, profile = SigmaHq, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    for node in ctx.doc.meta.falsepositives.items() {
        let Some(entry) = string_value(node) else {
            continue;
        };
        let Some(first) = entry.chars().next() else {
            continue;
        };
        // Python's `fp[0].upper() != fp[0]`: the first character has an uppercase form.
        if !first.is_lowercase() || first.to_uppercase().eq([first]) {
            continue;
        }
        let word = entry.split(' ').next().unwrap_or(entry);
        let fixed: String = first.to_uppercase().chain(entry.chars().skip(1)).collect();
        let fix = crate::sigma::locate(ctx.text(), node, entry).map(|base| {
            Fix::safe(
                format!("write `{fixed}`"),
                vec![Edit {
                    span: base..base + first.len_utf8(),
                    content: first.to_uppercase().collect(),
                }],
            )
        });
        out.push(
            Diagnostic::new(
                &LOWERCASE_FALSEPOSITIVE,
                sub_span(ctx.text(), node, entry, 0..word.len()),
                format!("false-positive entry starts with lowercase `{word}`"),
            )
            .with_help(format!("write `{fixed}`"))
            .with_fix(fix),
        );
    }
}
