use super::{Tags, join, or_list, tactic_tags};
use crate::attack::TagRef;
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports an ATT&CK tactic tag that none of the rule's technique tags belongs to, e.g.
    /// `attack.persistence` on a rule whose only technique is `attack.t1059.001` (Execution).
    /// Rules without technique tags are left to SC506. An outdated tactic name counts as
    /// every tactic it became (`attack.defense-evasion` as Stealth and Defense Impairment).
    ///
    /// ## Why is this bad?
    /// The rule is filed under a tactic its techniques do not serve: either the tactic tag is
    /// wrong, or the technique that serves it is missing. A warning, because the tags
    /// contradict each other.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.persistence
    ///     - attack.t1059.001
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    /// ```
    /// or add the persistence technique the rule also detects.
    pub static TACTIC_TECHNIQUE_MISMATCH = "SC507", "tactic-technique-mismatch", Warning;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    if tags.technique_tactics == 0 {
        return;
    }
    let attack = tags.attack;
    // One diagnostic per distinct tactic; a repeated tag is SC508's.
    let mut reported: Vec<u64> = Vec::new();
    for (item, resolved) in tags.attack_tags() {
        let TagRef::Tactic(tactic) = resolved else {
            continue;
        };
        let mask = item.tactics;
        if mask == 0 || mask & tags.technique_tactics != 0 || reported.contains(&mask) {
            continue;
        }
        reported.push(mask);
        let techniques: Vec<String> = tags
            .technique_ids
            .iter()
            .map(|id| format!("`{id}`"))
            .collect();
        let theirs = tactic_tags(attack, tags.technique_tactics);
        // Techniques that had this tactic before the current release moved them.
        let moved: Vec<String> = tags
            .technique_ids
            .iter()
            .filter(|id| {
                attack
                    .technique(id)
                    .is_some_and(|t| attack.former_tactic_mask(t) & mask != 0)
            })
            .map(|id| format!("`{id}`"))
            .collect();
        let v = attack.version();
        let d = Diagnostic::new(
            &TACTIC_TECHNIQUE_MISMATCH,
            item.span.clone(),
            format!(
                "tactic `{}` fits none of the rule's techniques in ATT&CK v{v}",
                item.text
            ),
        );
        let d = if moved.is_empty() {
            d.with_label(format!(
                "{} {} to {}",
                join(&techniques, "and"),
                if techniques.len() == 1 {
                    "belongs"
                } else {
                    "belong"
                },
                or_list(&theirs)
            ))
            .with_help(format!(
                "remove `{}`, or add the {} technique the rule detects",
                item.text, tactic.name
            ))
        } else {
            d.with_label(format!(
                "ATT&CK v{v} moved {} out of {}",
                join(&moved, "and"),
                tactic.name
            ))
            .with_help(format!(
                "remove `{}` (v{v} files the rule's techniques under {}), or add the {} technique the rule detects",
                item.text,
                join(&theirs, "and"),
                tactic.name
            ))
        };
        out.push(d);
    }
}
