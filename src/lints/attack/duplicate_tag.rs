use std::collections::HashMap;

use super::Tags;
use crate::diagnostics::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a tag listed twice in the same rule, pointing at the repetition and labelling
    /// the first occurrence.
    ///
    /// ## Why is this bad?
    /// A repeated tag adds nothing, and is often a copy-paste slip where a different tag was
    /// meant (`attack.t1059.001` pasted where `attack.t1059.003` should be). A warning, since
    /// the rule still works.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    ///     - attack.execution
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    /// ```
    ///
    /// ## Fix
    /// `--fix` removes the later copy, with its line and any comment on that line (or the item and
    /// its comma in a `[...]` list). Safe: a list of tags means the same without the repeat.
    pub static DUPLICATE_TAG = "SC508", "duplicate-tag", Warning, fix = Sometimes;
}

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    let mut first = HashMap::with_capacity(tags.items.len());
    for item in tags.items.iter().filter(|i| i.well_formed) {
        match first.get(item.text) {
            None => {
                first.insert(item.text, item.span.clone());
            }
            Some(span) => out.push(
                Diagnostic::new(
                    &DUPLICATE_TAG,
                    item.span.clone(),
                    format!("duplicate tag `{}`", item.text),
                )
                .with_label("listed again here")
                .with_secondary(span.clone(), "first listed here")
                .with_help("remove the repeated tag")
                .with_fix(tags.remove_fix(item, "remove the repeated tag")),
            ),
        }
    }
}
