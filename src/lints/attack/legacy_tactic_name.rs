use super::{Tags, tactic_bit};
use crate::attack::{AttackId, Tactic, TagRef, parse_attack_id};
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports an ATT&CK tactic tag that is not the tactic's current shortname: a tactic
    /// renamed or split by a newer ATT&CK release (`attack.defense-evasion`, which v19 split
    /// into `attack.stealth` and `attack.defense-impairment`), an underscore spelling
    /// (`attack.privilege_escalation`), or a tactic id (`attack.ta0002`). For
    /// `attack.defense-evasion` the suggestion follows the rule's techniques: a rule tagged
    /// with a Defense Impairment technique such as `attack.t1685` gets
    /// `attack.defense-impairment`, any other gets `attack.stealth`.
    ///
    /// A tag whose tactic, under any of its current names, fits none of the rule's techniques
    /// is left to SC507 `tactic-technique-mismatch`, which says to remove it or to add a
    /// technique and rename it: renaming alone would only trade this finding for that one.
    ///
    /// ## Why is this bad?
    /// Tools match tactic tags by their exact shortname: an old or misspelled name drops the
    /// rule from the tactic's column of a coverage map. The tactic is still recognisable, so
    /// this is a warning.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.defense-evasion
    ///     - attack.t1685
    ///     - attack.privilege_escalation
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.defense-impairment
    ///     - attack.t1685
    ///     - attack.privilege-escalation
    /// ```
    ///
    /// ## Fix
    /// `--fix` writes the current tactic when there is exactly one: a renamed or underscored tactic,
    /// a tactic tagged by its id, or a split tactic (`defense-evasion`) where exactly one of its
    /// successors is the tactic of the rule's techniques. The tag is removed instead when the rule
    /// already lists that tactic. No fix when the choice is ambiguous. Safe: metadata only, and the
    /// choice is ATT&CK's data.
    pub static LEGACY_TACTIC_NAME = "SC504", "legacy-tactic-name", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    let attack = tags.attack;
    for (item, resolved) in tags.attack_tags() {
        let TagRef::Tactic(tactic) = resolved else {
            continue;
        };
        if tactic.shortname == item.value {
            continue;
        }
        let by_id = parse_attack_id(item.value) == Some(AttackId::Tactic);
        let successors = attack.tactic_successors(item.value);
        // The successor one of the rule's techniques belongs to, else the first one (as
        // `Attack::successor_tactic_for`, from the tactics gathered once per rule).
        let fits = |t: &&Tactic| tactic_bit(attack, &t.shortname) & tags.technique_tactics != 0;
        let best = if by_id {
            Some(tactic)
        } else {
            successors
                .iter()
                .find(|t| fits(t))
                .or_else(|| successors.first())
                .copied()
        };
        let Some(best) = best else { continue };
        let write = format!("attack.{}", best.shortname);
        let (message, label) = if by_id {
            (
                format!("tactic tagged by its id `{}`", item.text),
                format!("{} is `{write}`", tactic.id),
            )
        } else if successors.len() > 1 {
            let names: Vec<String> = successors
                .iter()
                .map(|t| format!("`attack.{}`", t.shortname))
                .collect();
            (
                format!(
                    "`{}` is not an ATT&CK v{} tactic",
                    item.text,
                    attack.version()
                ),
                format!("split into {}", names.join(" and ")),
            )
        } else if item.value.contains('_') {
            (
                format!("tactic `{}` is spelled with underscores", item.text),
                format!("the tactic's shortname is `{}`", best.shortname),
            )
        } else {
            (
                format!(
                    "`{}` is not an ATT&CK v{} tactic",
                    item.text,
                    attack.version()
                ),
                format!("now `{write}`"),
            )
        };
        let help = if successors.len() > 1 {
            let why = if tags.technique_ids.is_empty() {
                String::from("the rule tags no technique to choose by")
            } else if fits(&best) {
                String::from("it is the tactic of the rule's techniques")
            } else {
                String::from("none of the rule's techniques decides between them")
            };
            if tags.has_tag(&write) {
                format!("remove this tag; the rule already has `{write}` ({why})")
            } else {
                format!("write `{write}` ({why})")
            }
        } else if tags.has_tag(&write) {
            format!("remove this tag; the rule already has `{write}`")
        } else {
            format!("write `{write}`")
        };
        // Only an unambiguous successor is written for the user: one tactic, or the one of
        // several that the rule's techniques belong to.
        let unambiguous =
            by_id || successors.len() == 1 || successors.iter().filter(|t| fits(t)).count() == 1;
        let fix = if unambiguous {
            tags.rewrite_fix(item, &write)
        } else {
            None
        };
        out.push(
            Diagnostic::new(&LEGACY_TACTIC_NAME, item.span.clone(), message)
                .with_label(label)
                .with_help(help)
                .with_fix(fix),
        );
    }
}
