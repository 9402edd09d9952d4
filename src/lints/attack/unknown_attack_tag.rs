use super::{TagItem, Tags};
use crate::attack::{AttackId, TagRef, parse_attack_id};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::lints::{Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// Reports an `attack.` tag that names nothing in ATT&CK: an unknown technique or
    /// sub-technique id (`attack.t1059.999`), tactic (`attack.exection`), group (`attack.g9999`),
    /// software (`attack.s9999`) or campaign id. Tags are checked against the embedded ATT&CK
    /// Enterprise v19 catalogue, or the release given with `--attack-data`. Data source,
    /// mitigation and asset ids (`attack.ds0005`, `attack.m1042`, `attack.a0001`), which the
    /// specification allows, are not checked.
    ///
    /// ## Why is this bad?
    /// The tag claims an ATT&CK mapping the rule does not have: coverage maps, the catalogue's
    /// technique pages and every tool that reads the tag lose the rule or file it under
    /// nothing. It is an error because the rule's metadata is wrong, usually a typo in the id.
    ///
    /// ## Example
    /// ```yaml
    /// tags:
    ///     - attack.exection
    ///     - attack.t1059.999
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.execution
    ///     - attack.t1059.001
    /// ```
    pub static UNKNOWN_ATTACK_TAG = "SC502", "unknown-attack-tag", Error;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Tags(check)];

pub fn check(tags: &Tags<'_>, out: &mut Vec<Diagnostic>) {
    for (item, resolved) in tags.attack_tags() {
        if resolved == TagRef::UnknownAttack {
            out.push(diagnostic(tags, item));
        }
    }
}

fn diagnostic(tags: &Tags<'_>, item: &TagItem<'_>) -> Diagnostic {
    let attack = tags.attack;
    let v = attack.version();
    let id = item.value.to_ascii_uppercase();
    let d = |what: &str, label: &str| {
        Diagnostic::new(
            &UNKNOWN_ATTACK_TAG,
            item.span.clone(),
            format!("unknown ATT&CK {what} `{}`", item.text),
        )
        .with_label(label.to_owned())
    };
    match parse_attack_id(item.value) {
        Some(AttackId::Technique) => match id.split_once('.') {
            Some((parent, _)) if attack.technique(parent).is_some() => {
                let subs: Vec<&str> = attack
                    .subtechniques(parent)
                    .into_iter()
                    .filter(|t| t.is_active())
                    .map(|t| t.id.as_str())
                    .collect();
                let name = attack.technique(parent).map_or("", |t| t.name.as_str());
                let sub_no = |s: &str| s.split_once('.').map_or("", |(_, n)| n).to_owned();
                let help = match (subs.first(), subs.last()) {
                    (Some(first), Some(last)) if first != last => format!(
                        "`{parent}` ({name}) has sub-techniques `.{}` to `.{}`; tag `attack.{}` if none of them fits",
                        sub_no(first),
                        sub_no(last),
                        parent.to_ascii_lowercase()
                    ),
                    (Some(only), _) => format!(
                        "`{parent}` ({name}) has one sub-technique, `{only}`; tag `attack.{}` if it does not fit",
                        parent.to_ascii_lowercase()
                    ),
                    _ => format!(
                        "`{parent}` ({name}) has no sub-techniques; write `attack.{}`",
                        parent.to_ascii_lowercase()
                    ),
                };
                d(
                    "sub-technique",
                    &format!("ATT&CK v{v} has no sub-technique `{id}`"),
                )
                .with_help(help)
            }
            _ => d("technique", &format!("ATT&CK v{v} has no technique `{id}`"))
                .with_help("check the id at https://attack.mitre.org/techniques/enterprise/"),
        },
        Some(AttackId::Group) => d("group", &format!("ATT&CK v{v} has no group `{id}`"))
            .with_help("check the id at https://attack.mitre.org/groups/"),
        Some(AttackId::Software) => d("software", &format!("ATT&CK v{v} has no software `{id}`"))
            .with_help("check the id at https://attack.mitre.org/software/"),
        Some(AttackId::Campaign) => d("campaign", &format!("ATT&CK v{v} has no campaign `{id}`"))
            .with_help("check the id at https://attack.mitre.org/campaigns/"),
        Some(AttackId::Tactic) => d("tactic", &format!("ATT&CK v{v} has no tactic `{id}`"))
            .with_help("tag tactics by name, e.g. `attack.execution`"),
        // Shaped almost like an id: `attack.t1059.001.002`, `attack.g16a`.
        None if looks_like_id(item.value) => d(
            "id",
            &format!("not a well-formed ATT&CK id in ATT&CK v{v}"),
        )
        .with_help(
            "ATT&CK ids look like `attack.t1059`, `attack.t1059.001`, `attack.g0016` or `attack.s0002`",
        ),
        // `Other` kinds always resolve; a name is a tactic or nothing.
        Some(AttackId::Other(_)) | None => {
            let names = attack
                .tactics()
                .iter()
                .map(|t| t.shortname.as_str())
                .collect::<Vec<_>>();
            let d = d(
                "tactic",
                &format!("not a tactic, technique, group or software of ATT&CK v{v}"),
            );
            match did_you_mean(item.value, names.iter().copied()) {
                Some(s) => d.with_help(format!("write `attack.{s}`")),
                None => d.with_help(format!(
                    "ATT&CK tags name a tactic ({}) or an id such as `attack.t1059.001`, `attack.g0016` or `attack.s0002`",
                    names.join(", ")
                )),
            }
        }
    }
}

/// A letter prefix of an ATT&CK id kind followed by a digit (`t1059.1.2`, `g12x`).
fn looks_like_id(value: &str) -> bool {
    let n = value.bytes().take_while(u8::is_ascii_alphabetic).count();
    matches!(&value[..n], "t" | "ta" | "g" | "s" | "c" | "ds" | "m" | "a")
        && value.as_bytes().get(n).is_some_and(u8::is_ascii_digit)
}
