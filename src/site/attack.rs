//! The site's view of ATT&CK: the loaded release copied into plain maps, and tag resolution.
//!
//! Built from the catalogue the lints use (`Settings::attack`: the embedded release or
//! `--attack-data`). Technique-shaped tags the release does not know still get pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::attack::{Attack, Entity, Status, TagRef, technique_id};

/// One tactic, in matrix order.
#[derive(Debug, Clone)]
pub struct TacticInfo {
    pub id: String,
    pub name: String,
    pub shortname: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct TechniqueInfo {
    pub id: String,
    pub name: String,
    /// Tactic shortnames.
    pub tactics: Vec<String>,
    pub parent: Option<String>,
    pub platforms: Vec<String>,
    pub url: String,
    /// "revoked", "deprecated" or empty.
    pub status: &'static str,
    pub replacement: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EntityInfo {
    pub id: String,
    pub name: String,
    pub url: String,
}

/// What a tag names.
#[derive(Debug, Clone)]
pub enum Tag {
    /// A technique ID (upper case), known to the release or only well-formed.
    Technique(String),
    /// A tactic shortname.
    Tactic(String),
    /// A group, software or campaign.
    Entity {
        kind: &'static str,
        info: EntityInfo,
    },
    /// An `attack.*` tag that names nothing known.
    UnknownAttack,
    /// Another namespace (`cve.*`, `detection.*`, …) or a malformed tag.
    Other,
}

#[derive(Debug)]
pub struct AttackData {
    attack: Arc<Attack>,
    pub version: String,
    pub tactics: Vec<TacticInfo>,
    /// Every technique and sub-technique, retired ones included, by ID.
    pub techniques: BTreeMap<String, TechniqueInfo>,
    /// Parent technique ID → its sub-technique IDs, sorted.
    pub subs: BTreeMap<String, Vec<String>>,
}

fn entity(e: &Entity) -> EntityInfo {
    EntityInfo {
        id: e.id.clone(),
        name: e.name.clone(),
        url: e.url.clone(),
    }
}

impl AttackData {
    /// Copies what the site needs out of the catalogue the lints used.
    pub fn new(attack: &Arc<Attack>) -> Self {
        let tactics = attack
            .tactics()
            .iter()
            .map(|t| TacticInfo {
                id: t.id.clone(),
                name: t.name.clone(),
                shortname: t.shortname.clone(),
                url: t.url.clone(),
            })
            .collect();
        let mut techniques = BTreeMap::new();
        let mut subs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for t in attack.techniques() {
            if let Some(p) = &t.parent {
                subs.entry(p.clone()).or_default().push(t.id.clone());
            }
            let status = match t.status {
                Status::Active => "",
                Status::Revoked { .. } => "revoked",
                Status::Deprecated { .. } => "deprecated",
            };
            techniques.insert(
                t.id.clone(),
                TechniqueInfo {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    tactics: t.tactics.clone(),
                    parent: t.parent.clone(),
                    platforms: t.platforms.clone(),
                    url: t.url.clone(),
                    status,
                    replacement: t.status.replacement().map(str::to_owned),
                },
            );
        }
        for v in subs.values_mut() {
            v.sort();
        }
        Self {
            attack: Arc::clone(attack),
            version: attack.version().to_owned(),
            tactics,
            techniques,
            subs,
        }
    }

    pub fn tactic(&self, shortname: &str) -> Option<&TacticInfo> {
        self.tactics.iter().find(|t| t.shortname == shortname)
    }

    pub fn tactic_position(&self, shortname: &str) -> usize {
        self.tactics
            .iter()
            .position(|t| t.shortname == shortname)
            .unwrap_or(usize::MAX)
    }

    /// Groups that use a technique, by name.
    pub fn groups_using(&self, id: &str) -> Vec<EntityInfo> {
        let mut v: Vec<EntityInfo> = self
            .attack
            .groups_using(id)
            .into_iter()
            .map(entity)
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Software that uses a technique, by name.
    pub fn software_using(&self, id: &str) -> Vec<EntityInfo> {
        let mut v: Vec<EntityInfo> = self
            .attack
            .software_using(id)
            .into_iter()
            .map(entity)
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Resolves a rule tag. A technique-shaped tag keeps its ID even when the release does
    /// not know it, so coverage of unknown IDs stays visible. An outdated tactic spelling
    /// (`defense-evasion` in v19) maps to the successor that fits the rule's `techniques`.
    pub fn resolve(&self, tag: &str, techniques: &[&str]) -> Tag {
        let tag = tag.trim();
        match self.attack.resolve_tag(tag) {
            TagRef::Technique(t) => Tag::Technique(t.id.clone()),
            TagRef::Tactic(t) => {
                let written = tag.split_once('.').map_or("", |(_, v)| v);
                if t.shortname.eq_ignore_ascii_case(written) || t.id.eq_ignore_ascii_case(written) {
                    Tag::Tactic(t.shortname.clone())
                } else {
                    let succ = self.attack.successor_tactic_for(written, techniques);
                    Tag::Tactic(succ.map_or_else(|| t.shortname.clone(), |s| s.shortname.clone()))
                }
            }
            TagRef::Group(e) => Tag::Entity {
                kind: "group",
                info: entity(e),
            },
            TagRef::Software(e) => Tag::Entity {
                kind: "software",
                info: entity(e),
            },
            TagRef::Campaign(e) => Tag::Entity {
                kind: "campaign",
                info: entity(e),
            },
            TagRef::UnknownAttack => {
                let value = tag.split_once('.').map_or("", |(_, v)| v);
                match technique_id(value) {
                    Some(id) => Tag::Technique(id),
                    None => Tag::UnknownAttack,
                }
            }
            TagRef::OtherAttack { .. } | TagRef::OtherNamespace { .. } | TagRef::Malformed => {
                Tag::Other
            }
        }
    }
}

/// The page name of a technique: `T1059.001` → `t1059.001`.
pub fn technique_slug(id: &str) -> String {
    id.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_ids() {
        assert_eq!(technique_id("t1059").as_deref(), Some("T1059"));
        assert_eq!(technique_id("t1059.001").as_deref(), Some("T1059.001"));
        assert_eq!(technique_id("t1059.01"), None);
        assert_eq!(technique_id("t105"), None);
        assert_eq!(technique_id("t1059/../x"), None);
    }
}
