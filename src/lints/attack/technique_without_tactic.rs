use super::{Tags, or_list, tactic_tags};
use crate::attack::TagRef;
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports an ATT&CK technique tag when the rule tags none of the technique's tactics,
    /// e.g. `attack.t1059.001` (PowerShell, tactic Execution) without `attack.execution`.
    /// Revoked and deprecated techniques are left to SC503.
    ///
    /// ## Why is this bad?
    /// Sigma tags both levels by convention (SigmaHQ's validator
    /// `sigmahq_tags_techniques_without_tactics`), and tools that file rules by tactic miss the
    /// rule. The technique already implies its tactics, so this is only a matter of style:
    /// info.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.t1059.001
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    /// ```
    ///
    /// ## Fix
    /// When the technique belongs to exactly one tactic, `--fix` adds that tactic's tag on a new line
    /// just before the technique, indented like it. No fix when the technique has several tactics:
    /// which one the rule detects is the author's call. Safe: metadata only.
    pub static TECHNIQUE_WITHOUT_TACTIC = "SC505", "technique-without-tactic", Info, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    let attack = tags.attack;
    for (item, resolved) in tags.attack_tags() {
        // A retired technique gets SC503 first.
        let TagRef::Technique(t) = resolved else {
            continue;
        };
        if !t.is_active() {
            continue;
        }
        let mask = item.tactics;
        if mask == 0 || mask & tags.tagged_tactics != 0 {
            continue;
        }
        let wanted = tactic_tags(attack, mask);
        let (help, fix) = if wanted.len() == 1 {
            let tag = wanted[0].trim_matches('`');
            (format!("add {}", wanted[0]), tags.insert_fix(item, tag))
        } else {
            let help = format!("add the tactic the rule detects: {}", or_list(&wanted));
            (help, None)
        };
        out.push(
            Diagnostic::new(
                &TECHNIQUE_WITHOUT_TACTIC,
                item.span.clone(),
                format!(
                    "technique `{}` ({}) is tagged without its tactic",
                    item.text, t.name
                ),
            )
            .with_label(format!("a technique of {}", or_list(&wanted)))
            .with_help(help)
            .with_fix(fix),
        );
    }
}
