use crate::diagnostics::Diagnostic;
use crate::lints::metadata::string_value;
use crate::lints::{DocContext, Hook, declare_lint};

declare_lint! {
    /// ## What it does
    /// With `--profile sigmahq`: reports a reference to the MITRE ATT&CK website
    /// (`https://attack.mitre.org/…`), as SigmaHQ's `sigmahq_mitre_link` validator does.
    ///
    /// ## Why is this bad?
    /// SigmaHQ's rule convention expresses ATT&CK as tags, which tools can read, map and count;
    /// a link says the same thing in a form nothing uses. References are for the public
    /// sources the rule was written from. It is a warning because SigmaHQ's CI fails on it.
    ///
    /// ## Example
    /// ```yaml
    /// references:
    ///     - https://attack.mitre.org/techniques/T1105/
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// tags:
    ///     - attack.command-and-control
    ///     - attack.t1105
    /// ```
    pub static ATTACK_WEBSITE_REFERENCE = "SC240", "attack-website-reference", Warning, profile = SigmaHq;
}

pub(crate) const HOOKS: &[Hook] = &[Hook::Doc(check)];

pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    // A house-style lint: no work unless `--profile sigmahq` (or a selection) turns it on.
    for node in ctx.doc.meta.references.items() {
        let Some(link) = string_value(node) else {
            continue;
        };
        if !link.starts_with("https://attack.mitre.org/") {
            continue;
        }
        let help = match tag_of(link) {
            Some(tag) => format!("remove the reference and tag the rule `{tag}` instead"),
            None => String::from("remove the reference and express it as an `attack.*` tag"),
        };
        out.push(
            Diagnostic::new(
                &ATTACK_WEBSITE_REFERENCE,
                node.span.clone(),
                format!("reference `{link}` points to the ATT&CK website"),
            )
            .with_help(help),
        );
    }
}

/// `attack.t1105.001` for `…/techniques/T1105/001/`, `attack.g0016` for `…/groups/G0016/`.
fn tag_of(link: &str) -> Option<String> {
    let path = link.strip_prefix("https://attack.mitre.org/")?;
    let mut parts = path.split('/').filter(|p| !p.is_empty());
    let kind = parts.next()?;
    if !matches!(kind, "techniques" | "groups" | "software" | "campaigns") {
        return None;
    }
    let id = parts.next()?;
    let ok = |s: &str| s.len() >= 4 && s.chars().all(|c| c.is_ascii_alphanumeric());
    if !ok(id) {
        return None;
    }
    let mut tag = format!("attack.{}", id.to_ascii_lowercase());
    if kind == "techniques"
        && let Some(sub) = parts
            .next()
            .filter(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
    {
        tag.push('.');
        tag.push_str(sub);
    }
    Some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        let t = tag_of("https://attack.mitre.org/techniques/T1105/001/");
        assert_eq!(t.as_deref(), Some("attack.t1105.001"));
        let t = tag_of("https://attack.mitre.org/groups/G0016");
        assert_eq!(t.as_deref(), Some("attack.g0016"));
        assert_eq!(tag_of("https://attack.mitre.org/"), None);
    }
}
