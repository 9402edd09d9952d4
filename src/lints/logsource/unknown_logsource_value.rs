use crate::diagnostics::Diagnostic;
use crate::lints::logsource::non_lowercase_logsource_value::is_canonical;
use crate::lints::logsource::{SELECTOR_KEYS, known_values, selector_values};
use crate::lints::metadata::typo_of;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `category`, `product` or `service` that is not in the Sigma taxonomy but is
    /// close to a value that is (`proces_creation`, `windwos`, `dns_server`), or that is a
    /// known value of another key (`product: process_creation`).
    ///
    /// Values far from every known one are new log sources, which the specification allows,
    /// and are not reported. The known values are those of the taxonomy appendix of the
    /// specification (v2.1.0) and those used by SigmaHQ rules. Rules that declare a
    /// `taxonomy` other than `sigma` are not checked.
    ///
    /// ## Why is this bad?
    /// Processing pipelines and backends select field mappings and indexes by these values. A
    /// misspelled or misplaced value matches none of them: the rule is converted for no log
    /// source, or not converted at all, and never fires. It is a warning: the value is almost
    /// certainly a mistake.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: proces_creation
    ///     product: windows
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: process_creation
    ///     product: windows
    /// ```
    pub static UNKNOWN_LOGSOURCE_VALUE = "SC604", "unknown-logsource-value", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    for (e, key, value) in selector_values(ctx.doc) {
        // Values not in the specification's form are SC603's.
        if value.is_empty() || !is_canonical(value) {
            continue;
        }
        let known = known_values(key);
        // The tables are sorted (checked by a test in `logsource`).
        if known.binary_search(&value).is_ok() {
            continue;
        }
        let other = SELECTOR_KEYS
            .iter()
            .find(|k| **k != key && known_values(k).contains(&value));
        let d = if let Some(other) = other {
            Diagnostic::new(
                &UNKNOWN_LOGSOURCE_VALUE,
                e.value.span.clone(),
                format!("`{value}` is a known {other}, not a {key}"),
            )
            .with_label(format!("not a known {key}"))
            .with_help(format!("write `{other}: {value}`"))
        } else if let Some(fix) = typo_of(value, known) {
            Diagnostic::new(
                &UNKNOWN_LOGSOURCE_VALUE,
                e.value.span.clone(),
                format!("unknown {key} `{value}`, did you mean `{fix}`?"),
            )
            .with_label(format!("not a known {key}"))
            .with_help(format!("write `{key}: {fix}`"))
        } else {
            continue;
        };
        out.push(d);
    }
}
