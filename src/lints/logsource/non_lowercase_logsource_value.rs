use crate::diagnostics::{Diagnostic, Fix};
use crate::lints::logsource::selector_values;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a `category`, `product` or `service` that is not written the way the
    /// specification asks: lowercase, with `_` instead of spaces (`Windows`,
    /// `Process Creation`, `' sysmon'`).
    ///
    /// Rules that declare a `taxonomy` other than `sigma` are not checked: a taxonomy may name
    /// log sources its own way.
    ///
    /// ## Why is this bad?
    /// Processing pipelines and backend configurations match log source values exactly; the
    /// specification's examples are all lowercase, so `product: Windows` matches no Windows
    /// pipeline and the rule is converted without its field mappings or index, or not at all.
    /// It is a warning: the value is likely not what any tool expects.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: Process Creation
    ///     product: Windows
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
    /// `--fix --unsafe-fixes` writes the value in the specification's form shown in the help
    /// (trimmed, lowercase, spaces as `_`), keeping the quotes; no fix for a block scalar.
    /// Unsafe: pipelines and backends match log sources exactly, so the rule then gets other
    /// field mappings and indexes than before (that is the point, but it changes what the
    /// converted rule searches), and a value of several words may not be the taxonomy's name
    /// (`Windows Defender` is `windefend`, not `windows_defender`).
    pub static NON_LOWERCASE_LOGSOURCE_VALUE = "SC603", "non-lowercase-logsource-value", Warning,
        fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    for (e, key, value) in selector_values(ctx.doc) {
        if is_canonical(value) {
            continue;
        }
        let fixed = canonical(value);
        if fixed == value || fixed.is_empty() {
            continue;
        }
        let what = if value.chars().any(char::is_uppercase) {
            "is not lowercase"
        } else {
            "contains spaces"
        };
        out.push(
            Diagnostic::new(
                &NON_LOWERCASE_LOGSOURCE_VALUE,
                e.value.span.clone(),
                format!("{key} `{value}` {what}"),
            )
            .with_label("tools match log sources exactly")
            .with_help(format!("write `{key}: {fixed}`"))
            .with_fix(
                crate::lints::edit::replace_scalar(ctx.text(), &e.value, &fixed)
                    .map(|edit| Fix::unsafe_(format!("write `{fixed}`"), vec![edit])),
            ),
        );
    }
}

/// The value in the specification's form: trimmed, lowercase, runs of spaces as `_`.
pub(crate) fn canonical(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

/// Whether `canonical(value) == value`, without building it for the usual value.
pub(crate) fn is_canonical(value: &str) -> bool {
    // Printable ASCII other than uppercase has no whitespace to collapse and lowercases to
    // itself.
    value
        .bytes()
        .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase())
        || canonical(value) == value
}

#[cfg(test)]
mod tests {
    use super::{canonical, is_canonical};

    #[test]
    fn is_canonical_agrees_with_canonical() {
        for v in [
            "",
            "process_creation",
            "windows",
            "dns-server",
            "gcp.audit",
            "Windows",
            "process creation",
            " windows",
            "windows\t",
            "a\u{b}b",
            "a\u{c}b",
            "a\u{a0}b",
            "\u{85}",
            "a\u{0}b",
            "é",
            "É",
            "İ",
            "ß",
            "ǅ",
            "x_1~!",
        ] {
            assert_eq!(is_canonical(v), canonical(v) == v, "{v:?}");
        }
    }
}
