use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::metadata::{KNOWN_TOP_LEVEL_KEYS, is_known_top_level_key, typo_of};
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a custom top-level key with capital letters, such as `Simulation` or
    /// `InternalId`.
    ///
    /// Keys that differ from a specification key only by case (`Title`) are reported by SC221
    /// instead, because tools ignore them.
    ///
    /// ## Why is this bad?
    /// The specification asks for lowercase keys. Mixed-case custom keys invite duplicates that
    /// differ only by case across a pack (`Simulation` in one rule, `simulation` in the next),
    /// which tools reading them treat as different fields. It is style, so info.
    ///
    /// ## Example
    /// ```yaml
    /// Simulation:
    ///     - type: atomic-red-team
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// simulation:
    ///     - type: atomic-red-team
    /// ```
    ///
    /// ## Fix
    /// `--fix --unsafe-fixes` writes the key in lowercase, keeping its quotes. No fix when the
    /// lowercase key is already in the document, or another key has the same lowercase form
    /// (renaming would leave a key twice). Unsafe: converters ignore the key, but whatever reads
    /// it (a pipeline, a catalogue, an in-house tool) looks it up by its exact name and no longer
    /// finds it.
    pub static NON_LOWERCASE_KEY = "SC222", "non-lowercase-key", Info, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(entries) = ctx.doc.root.as_mapping() else {
        return;
    };
    for e in entries {
        let Some(key) = e.key.as_str() else { continue };
        // Known keys are all lowercase.
        if is_known_top_level_key(key)
            || !key.chars().any(char::is_uppercase)
            || typo_of(key, KNOWN_TOP_LEVEL_KEYS).is_some()
        {
            continue;
        }
        let lower = key.to_lowercase();
        let clash = entries.iter().any(|o| {
            !std::ptr::eq(o, e) && o.key.as_str().is_some_and(|k| k.to_lowercase() == lower)
        });
        let fix = (!clash)
            .then(|| crate::lints::edit::replace_scalar(ctx.text(), &e.key, &lower))
            .flatten()
            .map(|edit| Fix::unsafe_(format!("rename it to `{lower}`"), vec![edit]));
        out.push(
            Diagnostic::new(
                &NON_LOWERCASE_KEY,
                e.key.span.clone(),
                format!("key `{key}` is not lowercase"),
            )
            .with_help(format!("rename it to `{lower}`"))
            .with_fix(fix),
        );
    }
}
