use crate::diagnostics::Diagnostic;
use crate::lints::logsource::{LOGSOURCE_KEYS, entries};
use crate::lints::metadata::{rename_key_fix, typo_of};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a key inside `logsource` that is not `category`, `product`, `service` or
    /// `definition` but is close to one: another case (`Product`), singular or plural
    /// (`categories`), or a typo (`catgory`, `prodcut`, `serivce`).
    ///
    /// Other custom log source keys are allowed; `custom-logsource-key` notes them as
    /// information.
    ///
    /// ## Why is this bad?
    /// Tools read only the exact keys. A misspelled one is kept as a custom attribute and
    /// ignored, so the rule loses that part of its log source: with `catgory:
    /// process_creation`, a Windows rule is run against every Windows log. It is a warning:
    /// the key is almost certainly a mistake.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     catgory: process_creation
    ///     product: windows
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    ///
    /// ## Fix
    /// `--fix --unsafe-fixes` renames the key to the suggestion, keeping its quotes and its
    /// value. No fix when the suggested key is already present or another key of the log source
    /// is taken for the same one. Unsafe: the suggestion is a guess, and the rule then selects
    /// other logs than before.
    pub static MISSPELLED_LOGSOURCE_KEY = "SC602", "misspelled-logsource-key", Warning,
        fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let items = entries(ctx.doc);
    for e in items {
        let Some(key) = e.key.as_str() else { continue };
        let Some(known) = typo_of(key, LOGSOURCE_KEYS) else {
            continue;
        };
        let present = items.iter().any(|o| o.key.as_str() == Some(known));
        let also = if present {
            format!("; `{known}` is also present, so keep the right one")
        } else {
            String::new()
        };
        let fix = rename_key_fix(ctx.text(), items, e, known, LOGSOURCE_KEYS);
        out.push(
            Diagnostic::new(
                &MISSPELLED_LOGSOURCE_KEY,
                e.key.span.clone(),
                format!("unknown log source key `{key}`, did you mean `{known}`?"),
            )
            .with_label("ignored by tools")
            .with_help(format!("rename it to `{known}`{also}"))
            .with_fix(fix),
        );
    }
}
