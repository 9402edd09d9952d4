use super::{Tags, tag_of};
use crate::attack::{Status, TagRef};
use crate::diagnostics::Diagnostic;
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports an `attack.` tag naming a technique, group, software or campaign that ATT&CK has
    /// revoked or deprecated, and names its replacement. Retired ids map forward: along MITRE's
    /// `revoked-by` relation where there is one, and for techniques v19 retired without one,
    /// to the v19 technique of the same name (`T1562.001` Disable or Modify Tools became
    /// `T1685`).
    ///
    /// ## Why is this bad?
    /// The id still resolves, so the rule is not broken, but ATT&CK no longer lists it: the
    /// rule is missing from the current technique's coverage and sits under a page that no
    /// longer exists. It is a warning because the fix is mechanical.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.defense-impairment
    ///     - attack.t1562.001
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.defense-impairment
    ///     - attack.t1685
    /// ```
    ///
    /// ## Fix
    /// When ATT&CK names a single replacement (`revoked-by`, or the reasoned v19 moves such as
    /// `T1562.001` → `T1685`), `--fix` writes it in place of the tag, or removes the tag when the rule
    /// already lists the replacement. No fix for a deprecated technique without a replacement. Safe:
    /// tags are metadata and the replacement is ATT&CK's own.
    pub static REVOKED_ATTACK_ID = "SC503", "revoked-attack-id", Warning, fix = Sometimes;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    let attack = tags.attack;
    for (item, resolved) in tags.attack_tags() {
        let (what, id, name, status) = match resolved {
            TagRef::Technique(t) => ("technique", &t.id, &t.name, &t.status),
            TagRef::Group(e) | TagRef::Software(e) | TagRef::Campaign(e) => {
                let Some(status) = attack.entity_status(&e.id) else {
                    continue;
                };
                let what = match resolved {
                    TagRef::Group(_) => "group",
                    TagRef::Software(_) => "software",
                    _ => "campaign",
                };
                (what, &e.id, &e.name, status)
            }
            _ => continue,
        };
        if *status == Status::Active {
            continue;
        }
        let state = status.as_str();
        let mut d = Diagnostic::new(
            &REVOKED_ATTACK_ID,
            item.span.clone(),
            format!(
                "ATT&CK {what} `{id}` ({name}) is {state} in ATT&CK v{}",
                attack.version()
            ),
        );
        let replacement = status.replacement().map(|r| {
            let name = match resolved {
                TagRef::Technique(_) => attack.technique(r).map(|t| t.name.clone()),
                TagRef::Group(_) => attack.group(r).map(|e| e.name.clone()),
                TagRef::Software(_) => attack.software(r).map(|e| e.name.clone()),
                _ => attack.campaign(r).map(|e| e.name.clone()),
            };
            (tag_of(r), name.unwrap_or_default())
        });
        d = match (attack.retirement_note(id), &replacement) {
            (Some(note), _) => d.with_label(note.to_owned()),
            (None, Some((tag, name))) => d.with_label(format!("replaced by `{tag}` ({name})")),
            (None, None) => d.with_label(format!("{state}, with no replacement")),
        };
        let help = match &replacement {
            Some((tag, _)) if tags.has_tag(tag) => {
                format!("remove this tag; the rule already has `{tag}`")
            }
            Some((tag, name)) => format!("write `{tag}` ({name})"),
            None if what == "technique" => {
                String::from("remove the tag, or tag the current technique that describes the rule")
            }
            None => String::from("remove the tag"),
        };
        let fix = replacement
            .as_ref()
            .and_then(|(tag, _)| tags.rewrite_fix(item, tag));
        out.push(d.with_help(help).with_fix(fix));
    }
}
