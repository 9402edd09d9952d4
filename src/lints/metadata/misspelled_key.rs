use crate::diagnostics::Diagnostic;
use crate::lints::metadata::{
    KNOWN_TOP_LEVEL_KEYS, is_known_top_level_key, rename_key_fix, typo_of,
};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a top-level key that is not one of the specification's keys but is close to
    /// one: another case (`Title`), separators (`false_positives`), singular or plural
    /// (`reference`, `tag`, `authors`) or a typo (`realted`, `refrences`, `descripton`).
    ///
    /// Custom keys are allowed by the specification and are not reported when they are not
    /// close to a known key (`simulation`, `regression_tests_path`).
    ///
    /// ## Why is this bad?
    /// Keys are case-sensitive and matched exactly. A misspelled key is kept as a custom field
    /// and silently ignored: the references, tags or false positives it holds are lost to every
    /// tool, and a misspelled required key (`Title`) leaves the rule without it. It is a
    /// warning: the key is almost certainly a mistake.
    ///
    /// ## Example
    /// ```yaml
    /// realted:
    ///     - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
    ///       type: derived
    /// falsepositive:
    ///     - Unknown
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// related:
    ///     - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
    ///       type: derived
    /// falsepositives:
    ///     - Unknown
    /// ```
    ///
    /// ## Fix
    /// `--fix --unsafe-fixes` renames the key to the suggestion, keeping its quotes and its
    /// value. No fix when the suggested key is already present (the two need merging by hand)
    /// or another key of the document is taken for the same one. Unsafe: the suggestion is a
    /// guess, and tools start reading a value they ignored until now.
    pub static MISSPELLED_KEY = "SC221", "misspelled-key", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(entries) = ctx.doc.root.as_mapping() else {
        return;
    };
    for e in entries {
        let Some(key) = e.key.as_str() else { continue };
        if is_known_top_level_key(key) {
            continue;
        }
        let Some(known) = typo_of(key, KNOWN_TOP_LEVEL_KEYS) else {
            continue;
        };
        let present = ctx.doc.root.entry(known).is_some();
        let also = if present {
            format!("; `{known}` is also present, so merge the two")
        } else {
            String::new()
        };
        let fix = rename_key_fix(ctx.text(), entries, e, known, KNOWN_TOP_LEVEL_KEYS);
        out.push(
            Diagnostic::new(
                &MISSPELLED_KEY,
                e.key.span.clone(),
                format!("unknown key `{key}`, did you mean `{known}`?"),
            )
            .with_label("kept as a custom field and ignored by tools")
            .with_help(format!("rename it to `{known}`{also}"))
            .with_fix(fix),
        );
    }
}
