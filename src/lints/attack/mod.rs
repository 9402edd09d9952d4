//! SC5xx: ATT&CK and tags.
//!
//! The tags of a document are read once ([`Tags::of`]): each string item with its exact span,
//! namespace, value and, for `attack.` tags, what it resolves to in the run's ATT&CK catalogue
//! ([`crate::settings::Settings::attack`]). Every lint of the group then looks at that list.
//!
//! Tags that break the schema's tag pattern (upper case, spaces, no namespace) are reported by
//! SC104 and skipped here, so one mistake gives one diagnostic.

pub mod duplicate_tag;
pub mod invalid_tag_value;
pub mod legacy_tactic_name;
pub mod revoked_attack_id;
pub mod tactic_technique_mismatch;
pub mod tactic_without_technique;
pub mod technique_without_tactic;
pub mod unknown_attack_tag;
pub mod unknown_tag_namespace;

use std::ops::Range;

use crate::attack::{Attack, TagRef, Technique};
use crate::diagnostics::{Diagnostic, Fix};
use crate::lint::Lint;
use crate::lints::{DocCheck, DocContext};
use crate::yaml::{Node, Resolved};

pub static LINTS: &[&Lint] = &[
    &unknown_tag_namespace::UNKNOWN_TAG_NAMESPACE,
    &unknown_attack_tag::UNKNOWN_ATTACK_TAG,
    &revoked_attack_id::REVOKED_ATTACK_ID,
    &legacy_tactic_name::LEGACY_TACTIC_NAME,
    &technique_without_tactic::TECHNIQUE_WITHOUT_TACTIC,
    &tactic_without_technique::TACTIC_WITHOUT_TECHNIQUE,
    &tactic_technique_mismatch::TACTIC_TECHNIQUE_MISMATCH,
    &duplicate_tag::DUPLICATE_TAG,
    &invalid_tag_value::INVALID_TAG_VALUE,
];

pub static CHECKS: &[DocCheck] = &[DocCheck {
    run: check,
    lints: LINTS,
}];

/// The tag namespaces of the Sigma specification (appendix *Tags*).
pub const NAMESPACES: &[&str] = &["attack", "car", "cve", "d3fend", "detection", "stp", "tlp"];

/// Runs every SC5xx lint over the document's tags, read once.
pub fn check(ctx: &DocContext<'_>, out: &mut Vec<Diagnostic>) {
    let tags = Tags::of(ctx);
    if tags.items.is_empty() {
        return;
    }
    unknown_tag_namespace::check(&tags, &ctx.settings.extra_namespaces, out);
    unknown_attack_tag::check(&tags, out);
    revoked_attack_id::check(&tags, out);
    legacy_tactic_name::check(&tags, out);
    technique_without_tactic::check(&tags, out);
    tactic_without_technique::check(&tags, out);
    tactic_technique_mismatch::check(&tags, out);
    duplicate_tag::check(&tags, out);
    invalid_tag_value::check(&tags, out);
}

/// One string item of `tags:`.
#[derive(Debug)]
pub struct TagItem<'a> {
    /// The whole tag, e.g. `attack.t1059.001`.
    pub text: &'a str,
    /// Byte span of the tag's text in the file (inside the quotes of a quoted scalar).
    pub span: Range<usize>,
    /// Before the first dot.
    pub namespace: &'a str,
    /// After the first dot.
    pub value: &'a str,
    /// Passes the schema's tag pattern; the SC5xx lints only look at these.
    pub well_formed: bool,
    /// For well-formed `attack.` tags.
    pub resolved: Option<TagRef<'a>>,
    /// Bit set over [`Attack::tactics`]: a technique's own tactics, or the tactics a tactic
    /// tag stands for (an outdated spelling: every tactic it became); 0 for other tags.
    pub tactics: u64,
    /// The tag's node and its index in the `tags` list, for fixes.
    pub node: &'a Node,
    pub index: usize,
}

/// The tags of one document and what the ATT&CK ones add up to.
#[derive(Debug)]
pub struct Tags<'a> {
    pub attack: &'a Attack,
    pub items: Vec<TagItem<'a>>,
    /// Tactics of the tagged techniques (retired ones counted as their replacement), as a
    /// bit set over [`Attack::tactics`].
    pub technique_tactics: u64,
    /// Tactics tagged, outdated spellings counted as every tactic they became.
    pub tagged_tactics: u64,
    /// Ids of the tagged techniques, in order, as written in the catalogue.
    pub technique_ids: Vec<&'a str>,
    /// The document is one part of a Sigma v1 multi-document file (`action:`); its tags may be
    /// completed by another part, so the tactic/technique consistency lints stay quiet.
    pub partial: bool,
    /// The `tags` list and the file's text, for fixes.
    list: Option<&'a Node>,
    text: &'a str,
}

impl<'a> Tags<'a> {
    pub fn of(ctx: &DocContext<'a>) -> Self {
        let attack: &'a Attack = &ctx.settings.attack;
        let text: &'a str = &ctx.source.text;
        let list = ctx.doc.root.get("tags");
        let nodes: &'a [Node] = list.and_then(Node::as_sequence).unwrap_or_default();
        let mut items = Vec::with_capacity(nodes.len());
        let mut technique_tactics = 0;
        let mut tagged_tactics = 0;
        let mut technique_ids = Vec::new();
        for (index, node) in nodes.iter().enumerate() {
            let Some(s) = node.as_scalar() else { continue };
            if s.resolved != Resolved::String {
                continue;
            }
            let tag = s.value.as_str();
            let span = crate::sigma::locate(text, node, tag)
                .map_or_else(|| node.span.clone(), |at| at..at + tag.len());
            let (namespace, value) = tag.split_once('.').unwrap_or((tag, ""));
            let well_formed = is_well_formed(tag);
            let resolved = (well_formed && namespace == "attack").then(|| attack.resolve_tag(tag));
            let mut tactics = 0;
            match resolved {
                Some(TagRef::Technique(t)) => {
                    technique_ids.push(t.id.as_str());
                    tactics = attack.tactic_mask(t);
                    technique_tactics |= match t.status.replacement() {
                        Some(_) => effective_tactics(attack, t),
                        None => tactics,
                    };
                }
                Some(TagRef::Tactic(t)) => {
                    tactics = if t.shortname == value {
                        tactic_bit(attack, &t.shortname)
                    } else {
                        attack
                            .tactic_successors(value)
                            .iter()
                            .fold(0, |m, s| m | tactic_bit(attack, &s.shortname))
                    };
                    tagged_tactics |= tactics;
                }
                _ => {}
            }
            items.push(TagItem {
                text: tag,
                span,
                namespace,
                value,
                well_formed,
                resolved,
                tactics,
                node,
                index,
            });
        }
        Self {
            attack,
            items,
            technique_tactics,
            tagged_tactics,
            technique_ids,
            partial: ctx.doc.root.entry("action").is_some(),
            list,
            text,
        }
    }

    /// A fix that removes `item` from the list.
    pub fn remove_fix(&self, item: &TagItem<'_>, message: impl Into<String>) -> Option<Fix> {
        let edit = crate::lints::edit::remove_item(self.text, self.list?, item.index)?;
        Some(Fix::safe(message, vec![edit]))
    }

    /// A fix that adds `tag` to the list just before `item`.
    pub fn insert_fix(&self, item: &TagItem<'_>, tag: &str) -> Option<Fix> {
        let edit = crate::lints::edit::insert_item_before(self.text, self.list?, item.index, tag)?;
        Some(Fix::safe(format!("add `{tag}`"), vec![edit]))
    }

    /// A fix that rewrites `item` as `tag`, or removes it when the list already has `tag`.
    pub fn rewrite_fix(&self, item: &TagItem<'_>, tag: &str) -> Option<Fix> {
        if self.has_tag(tag) {
            return self.remove_fix(item, format!("remove it; `{tag}` is already listed"));
        }
        let edit = crate::lints::edit::replace_scalar(self.text, item.node, tag)?;
        Some(Fix::safe(format!("write `{tag}`"), vec![edit]))
    }

    /// The well-formed `attack.` tags with what they resolve to.
    pub fn attack_tags(&self) -> impl Iterator<Item = (&TagItem<'a>, TagRef<'a>)> {
        self.items.iter().filter_map(|i| i.resolved.map(|r| (i, r)))
    }

    /// Whether the tag is in the list. (Only asked while writing a diagnostic: a scan of the
    /// few tags costs less than a set built for every document.)
    pub fn has_tag(&self, tag: &str) -> bool {
        self.items.iter().any(|i| i.text == tag)
    }
}

/// The schema's tag pattern: `^(?:[a-z0-9_-]+\.[a-z0-9._-]+|d3fend\.d3f-[A-Za-z0-9._-]+)$`.
pub fn is_well_formed(tag: &str) -> bool {
    let Some((ns, value)) = tag.split_once('.') else {
        return false;
    };
    let ns_ok = !ns.is_empty()
        && ns
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    let lower = |b: u8| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-');
    let value_ok = !value.is_empty() && value.bytes().all(lower);
    let d3f = || {
        ns == "d3fend"
            && value.strip_prefix("d3f-").is_some_and(|v| {
                !v.is_empty()
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            })
    };
    ns_ok && (value_ok || d3f())
}

/// Bit of a tactic in [`Attack::tactics`] order; 0 when unknown.
pub fn tactic_bit(attack: &Attack, shortname: &str) -> u64 {
    attack
        .tactic_index(shortname)
        .filter(|&i| i < 64)
        .map_or(0, |i| 1 << i)
}

/// Tactics a tagged technique stands for: its own, or its replacement's when it was retired.
pub fn effective_tactics(attack: &Attack, t: &Technique) -> u64 {
    match t.status.replacement().and_then(|r| attack.technique(r)) {
        Some(r) => attack.tactic_mask(r),
        None => attack.tactic_mask(t),
    }
}

/// `attack.execution`, `attack.persistence` or `attack.privilege-escalation`, for a mask.
pub fn tactic_tags(attack: &Attack, mask: u64) -> Vec<String> {
    attack
        .tactics()
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 64 && mask & (1 << i) != 0)
        .map(|(_, t)| format!("`attack.{}`", t.shortname))
        .collect()
}

/// `a`, `a or b`, `a, b or c`.
pub fn or_list(items: &[String]) -> String {
    join(items, "or")
}

/// `a`, `a and b`, `a, b and c` (with `conj` = `and`).
pub fn join(items: &[String], conj: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conj} {last}", init.join(", ")),
    }
}

/// The Sigma tag of an ATT&CK id: `T1059.001` → `attack.t1059.001`.
pub fn tag_of(id: &str) -> String {
    format!("attack.{}", id.to_ascii_lowercase())
}
