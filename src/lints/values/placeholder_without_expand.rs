use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::lints::values::{Cx, Gate, Hook as ValueHook, Mod, Scan, Site, placeholders};
use crate::lints::{Hook, declare_lint};
use crate::yaml::Node;

declare_lint! {
    /// ## What it does
    /// Reports a value that is exactly a placeholder, such as `'%Workstations%'`, on a field
    /// without the `expand` modifier, when the name is clearly a Sigma placeholder: one of the
    /// specification's standard placeholders (`%Administrators%`, `%JumpServers%`,
    /// `%Workstations%`, `%Servers%`, `%DomainControllers%`), a name used with `expand`
    /// elsewhere in the same rule, or a name with an underscore that is no Windows
    /// environment variable (`%legit_ips%`).
    ///
    /// Values like `%TEMP%`, `%AppData%` or `%comspec%` are not reported: rules match these
    /// environment variables literally in command lines and registry values.
    ///
    /// ## Why is this bad?
    /// Since Sigma 1.1 placeholders are only replaced when the value has `expand`; without it
    /// the rule looks for the literal text `%Workstations%`, which never occurs, so the
    /// selection matches nothing (or a filter excludes nothing). The severity is warning: the
    /// name is a strong hint, not proof, that a placeholder was meant.
    ///
    /// ## Example
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4624
    ///         ComputerName: '%Workstations%'
    ///     condition: selection
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// detection:
    ///     selection:
    ///         EventID: 4624
    ///         ComputerName|expand: '%Workstations%'
    ///     condition: selection
    /// ```
    pub static PLACEHOLDER_WITHOUT_EXPAND = "SC408", "placeholder-without-expand", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[
    Hook::Values(ValueHook::Value(Gate::Known, Scan::PERCENT, collect)),
    Hook::Values(ValueHook::Finish(finish)),
];

/// Standard placeholders of the rules specification.
const STANDARD: &[&str] = &[
    "Administrators",
    "JumpServers",
    "Workstations",
    "Servers",
    "DomainControllers",
];

/// Windows environment variables whose names contain `_`.
const ENV_WITH_UNDERSCORE: &[&str] = &[
    "PROCESSOR_ARCHITECTURE",
    "PROCESSOR_ARCHITEW6432",
    "PROCESSOR_IDENTIFIER",
    "PROCESSOR_LEVEL",
    "PROCESSOR_REVISION",
    "NUMBER_OF_PROCESSORS",
];

/// Placeholder-like values without `expand`, and the names used with `expand`, of one
/// document; decided once the whole detection was seen.
#[derive(Debug, Default)]
pub(crate) struct Collector<'a> {
    candidates: Vec<(&'a Node, &'a str, &'a str)>,
    expanded: HashSet<&'a str>,
}

/// Gathers the document's placeholders, site by site, into [`Cx::placeholders`]. Keywords
/// cannot take `expand` the way the help suggests, and regexes are no placeholders.
fn collect<'a>(cx: &Cx<'_, 'a>, site: &Site<'_, 'a>, v: &'a Node, _out: &mut Vec<Diagnostic>) {
    if site.field.is_none() || (site.has(Mod::Re) && !site.has(Mod::Expand)) {
        return;
    }
    if let Some(s) = v.as_str() {
        cx.placeholders.borrow_mut().collect(site, v, s);
    }
}

/// Reports the placeholders gathered once every site was visited: only then is it known
/// whether a name is used with `expand` elsewhere in the rule.
fn finish(cx: &Cx<'_, '_>, out: &mut Vec<Diagnostic>) {
    let collector = std::mem::take(&mut *cx.placeholders.borrow_mut());
    collector.report(cx, out);
}

impl<'a> Collector<'a> {
    fn collect(&mut self, site: &Site<'_, 'a>, v: &'a Node, s: &'a str) {
        if site.has(Mod::Expand) {
            for r in placeholders(s) {
                self.expanded.insert(&s[r.start + 1..r.end - 1]);
            }
            return;
        }
        let mut ps = placeholders(s);
        if let (Some(r), None) = (ps.next(), ps.next())
            && r == (0..s.len())
        {
            self.candidates
                .push((v, &s[1..s.len() - 1], site.key_text()));
        }
    }

    fn report(self, cx: &Cx<'_, '_>, out: &mut Vec<Diagnostic>) {
        for (node, name, key) in self.candidates {
            let standard = STANDARD.iter().any(|s| s.eq_ignore_ascii_case(name));
            let expanded = self.expanded.contains(name);
            let underscore = name.contains('_')
                && !name.starts_with('_')
                && !ENV_WITH_UNDERSCORE
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(name));
            if !(standard || expanded || underscore) {
                continue;
            }
            let (field, mods) = key.split_once('|').unwrap_or((key, ""));
            let fixed = if mods.is_empty() {
                format!("{field}|expand")
            } else {
                format!("{field}|{mods}|expand")
            };
            let why = if expanded {
                "is used with `expand` elsewhere in this rule"
            } else if standard {
                "is a standard Sigma placeholder"
            } else {
                "looks like a placeholder"
            };
            out.push(
                Diagnostic::new(
                    &PLACEHOLDER_WITHOUT_EXPAND,
                    cx.span(node),
                    format!(
                        "`%{name}%` {why}, but `{key}` has no `expand` modifier, so it is matched literally"
                    ),
                )
                .with_label("literal text, not a placeholder")
                .with_help(format!("add the modifier: `{fixed}: '%{name}%'`")),
            );
        }
    }
}
