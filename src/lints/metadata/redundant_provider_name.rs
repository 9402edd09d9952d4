use crate::diagnostics::Diagnostic;
use crate::lints::logsource::unknown_field::{field_matches, taxonomy_key};
use crate::lints::{DocContext, Hook, declare_lint};
use crate::sigma::meta::string_value;

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a `Provider_Name` condition on a provider that the
    /// rule's Windows category already implies (`Microsoft-Windows-Sysmon` under `file_event`,
    /// `Microsoft-Windows-PowerShell` under `ps_script`): SigmaHQ's
    /// `sigmahq_category_windows_provider_name`. Only a value written as the provider's exact
    /// name, without modifiers, is reported. The providers are those of pySigma-validators-sigmahq's
    /// Windows data, embedded. Hayabusa's converted copies of SigmaHQ rules (`ruletype: Sigma`)
    /// are not checked.
    ///
    /// ## Why is this bad?
    /// The processing pipeline selects the provider for the category; the condition repeats
    /// it, and fails on backends whose events carry the provider under another field or
    /// none. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// logsource:
    ///     category: ps_script
    ///     product: windows
    /// detection:
    ///     selection:
    ///         Provider_Name: Microsoft-Windows-PowerShell
    ///         ScriptBlockText|contains: 'Invoke-Mimikatz'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// logsource:
    ///     category: ps_script
    ///     product: windows
    /// detection:
    ///     selection:
    ///         ScriptBlockText|contains: 'Invoke-Mimikatz'
    ///     condition: selection
    /// ```
    pub static REDUNDANT_PROVIDER_NAME = "SC246", "redundant-provider-name", Warning,
        profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(key) = taxonomy_key(ctx.doc) else {
        return;
    };
    let (Some("windows"), Some(category), None) = (
        key.product.as_deref(),
        key.category.as_deref(),
        key.service.as_deref(),
    ) else {
        return;
    };
    let providers = ctx.settings.taxonomy.provider_names(category);
    if providers.is_empty() {
        return;
    }
    for f in field_matches(ctx.doc) {
        if f.field != "Provider_Name" || !f.modifiers.is_empty() {
            continue;
        }
        let Some((node, name)) = f.values.iter().find_map(|v| {
            string_value(v)
                .filter(|s| providers.iter().any(|p| p == s))
                .map(|s| (*v, s))
        }) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &REDUNDANT_PROVIDER_NAME,
                node.span.clone(),
                format!("provider `{name}` is already implied by the category `{category}`"),
            )
            .with_label("implied by the category")
            .with_help(format!(
                "remove the `Provider_Name` condition: `category: {category}` selects the provider"
            )),
        );
    }
}
