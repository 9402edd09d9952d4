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
    /// An outdated name that fits none of the techniques is reported here alone, not also by
    /// SC504 `legacy-tactic-name`: renaming the tag would not make it fit, so the one piece of
    /// advice is to remove it, or to add the technique and write the tactic's current name.
    /// Once the tag fits, SC504 reports its name.
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
    pub static TACTIC_TECHNIQUE_MISMATCH = "SC507", "tactic-technique-mismatch", Warning,
        replaces = [crate::lints::attack::legacy_tactic_name::LEGACY_TACTIC_NAME];
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
        // An outdated name (SC504's, which this finding replaces): the technique to add is one
        // of a tactic it became, and the tag is written with that tactic's name.
        let outdated = tactic.shortname != item.value;
        let (wanted, rename) = if outdated {
            let became: Vec<String> = attack
                .tactics()
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 64 && mask & (1 << i) != 0)
                .map(|(_, t)| t.name.clone())
                .collect();
            (
                or_list(&became),
                format!(
                    " and write the tactic {}",
                    or_list(&tactic_tags(attack, mask))
                ),
            )
        } else {
            (tactic.name.clone(), String::new())
        };
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
                "remove `{}`, or add the {wanted} technique the rule detects{rename}",
                item.text
            ))
        } else {
            d.with_label(format!(
                "ATT&CK v{v} moved {} out of {}",
                join(&moved, "and"),
                tactic.name
            ))
            .with_help(format!(
                "remove `{}` (v{v} files the rule's techniques under {}), or add the {wanted} technique the rule detects{rename}",
                item.text,
                join(&theirs, "and"),
            ))
        };
        out.push(d);
    }
}
