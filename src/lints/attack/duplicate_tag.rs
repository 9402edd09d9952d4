use std::collections::HashMap;

use super::Tags;
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

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

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    // A rule has a handful of tags: looking back over them costs less than a hash map.
    let small = tags.items.len() <= 16;
    let mut first = HashMap::new();
    for (i, item) in tags.items.iter().enumerate().filter(|(_, i)| i.well_formed) {
        let seen = if small {
            tags.items[..i]
                .iter()
                .find(|p| p.well_formed && p.text == item.text)
                .map(|p| &p.span)
        } else {
            first.get(item.text)
        };
        match seen {
            None => {
                if !small {
                    first.insert(item.text, item.span.clone());
                }
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
