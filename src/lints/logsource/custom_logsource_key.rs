use crate::diagnostics::Diagnostic;
use crate::lints::logsource::{LOGSOURCE_KEYS, entries};
use crate::lints::metadata::typo_of;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a key inside `logsource` other than `category`, `product`, `service` and
    /// `definition`, such as `description`, `version` or `device`. A key close to one of these
    /// (`catgory`) is `misspelled-logsource-key` instead, and a key without a value is not
    /// reported: nothing is lost.
    ///
    /// ## Why is this bad?
    /// The specification allows "an arbitrary number of optional elements", and pySigma loads
    /// them as custom attributes, but converters and processing pipelines select log data by
    /// `category`, `product` and `service` only, so the key changes nothing in the generated
    /// query, and tools that read `definition` for the log source's requirements do not see
    /// what it says. The severity is info: the rule is valid.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     product: windows
    ///     service: security
    ///     description: Process creation auditing with command lines must be enabled
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     product: windows
    ///     service: security
    ///     definition: Process creation auditing with command lines must be enabled
    /// ```
    pub static CUSTOM_LOGSOURCE_KEY = "SC611", "custom-logsource-key", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let items = entries(ctx.doc);
    for e in items {
        let Some(key) = e.key.as_str() else { continue };
        if LOGSOURCE_KEYS.contains(&key)
            || e.value.is_null()
            || typo_of(key, LOGSOURCE_KEYS).is_some()
        {
            continue;
        }
        let has_definition = items.iter().any(|o| o.key.as_str() == Some("definition"));
        let help = if has_definition {
            String::from(
                "add what it says to `definition`, which describes the log source, and remove the key",
            )
        } else {
            format!("rename `{key}` to `definition` if it describes the log source, or remove it")
        };
        out.push(
            Diagnostic::new(
                &CUSTOM_LOGSOURCE_KEY,
                e.key.span.clone(),
                format!("log source key `{key}` is not one of Sigma's: converters ignore it"),
            )
            .with_label("ignored by converters")
            .with_help(help),
        );
    }
}
