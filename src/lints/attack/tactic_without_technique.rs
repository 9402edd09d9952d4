use super::Tags;
use crate::attack::{AttackId, TagRef, parse_attack_id};
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports a rule that tags ATT&CK tactics but no technique: the diagnostic sits on the
    /// first tactic tag, with the others labelled.
    ///
    /// ## Why is this bad?
    /// A tactic says why an adversary acts, the technique says what the rule detects. Without
    /// a technique the rule cannot appear on any technique page or in a coverage layer, which
    /// is where ATT&CK mappings are used. Some behaviour fits no technique well, so this is
    /// info.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.execution
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    /// ```
    pub static TACTIC_WITHOUT_TECHNIQUE = "SC506", "tactic-without-technique", Info;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    // An unknown or malformed technique id is still meant as a technique (SC502 or SC109
    // reports it).
    let any_technique = tags.items.iter().any(|i| {
        i.namespace.eq_ignore_ascii_case("attack")
            && parse_attack_id(i.value) == Some(AttackId::Technique)
    });
    if any_technique {
        return;
    }
    let mut tactics = tags
        .attack_tags()
        .filter(|(_, r)| matches!(r, TagRef::Tactic(_)))
        .map(|(i, _)| i);
    let Some(first) = tactics.next() else {
        return;
    };
    let mut d = Diagnostic::new(
        &TACTIC_WITHOUT_TECHNIQUE,
        first.span.clone(),
        format!("tactic `{}` is tagged without any technique", first.text),
    )
    .with_label("no `attack.t…` tag says which technique the rule detects");
    for other in tactics {
        d = d.with_secondary(other.span.clone(), "another tactic without a technique");
    }
    out.push(d.with_help(
        "add the tag of the technique the rule detects, e.g. `attack.t1059.001` for PowerShell",
    ));
}
