//! Loader of MITRE's STIX 2.1 bundle `enterprise-attack.json` (ATT&CK v15 and later).
//!
//! Reads the objects a rule catalogue needs: the enterprise matrix (tactic order), tactics,
//! attack patterns (techniques), intrusion sets (groups), malware and tools (software),
//! campaigns, and the `revoked-by` and `uses` relationships. Everything else is skipped.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{
    Attack, AttackError, Entities, Entity, EntityRec, Status, Tactic, TacticAlias, Technique,
    TechniqueRec, TechniqueSlot, technique_url,
};

pub(super) const UNKNOWN_VERSION: &str = "unknown";

#[derive(Deserialize)]
struct Bundle {
    #[serde(rename = "type")]
    kind: Option<String>,
    objects: Option<Vec<Object>>,
}

#[derive(Deserialize)]
struct Object {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    external_references: Vec<ExternalRef>,
    #[serde(default)]
    kill_chain_phases: Vec<Phase>,
    #[serde(default)]
    x_mitre_platforms: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    revoked: bool,
    #[serde(default)]
    x_mitre_deprecated: bool,
    #[serde(default)]
    x_mitre_shortname: Option<String>,
    #[serde(default)]
    tactic_refs: Vec<String>,
    #[serde(default)]
    relationship_type: Option<String>,
    #[serde(default)]
    source_ref: Option<String>,
    #[serde(default)]
    target_ref: Option<String>,
    #[serde(default)]
    x_mitre_version: Option<String>,
}

#[derive(Deserialize)]
struct ExternalRef {
    #[serde(default)]
    source_name: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct Phase {
    #[serde(default)]
    kill_chain_name: Option<String>,
    #[serde(default)]
    phase_name: Option<String>,
}

impl Object {
    fn mitre_ref(&self) -> Option<&ExternalRef> {
        self.external_references
            .iter()
            .find(|r| r.source_name.as_deref() == Some("mitre-attack") && r.external_id.is_some())
    }

    fn mitre_id(&self) -> Option<&str> {
        self.mitre_ref()?.external_id.as_deref()
    }

    fn url(&self) -> Option<&str> {
        self.mitre_ref()?.url.as_deref()
    }

    fn retired(&self) -> bool {
        self.revoked || self.x_mitre_deprecated
    }
}

/// `enterprise-attack-18.1.json` → `18.1`, for bundles without an `x-mitre-collection`.
pub(super) fn version_from_file_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let v = stem.strip_prefix("enterprise-attack-")?;
    let ok = !v.is_empty()
        && v.split('.').count() <= 3
        && v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| v.to_owned())
}

pub(super) fn parse(text: &str) -> Result<Attack, AttackError> {
    let bundle: Bundle =
        serde_json::from_str(text).map_err(|e| AttackError::Json(e.to_string()))?;
    if bundle.kind.as_deref() != Some("bundle") {
        return Err(AttackError::Json(String::from(
            "the top-level object's `type` is not `bundle`",
        )));
    }
    let objects = bundle
        .objects
        .ok_or_else(|| AttackError::Json(String::from("the bundle has no `objects` list")))?;
    let by_ref: HashMap<&str, &Object> = objects.iter().map(|o| (o.id.as_str(), o)).collect();

    // Version and title from the collection object, when the bundle has one.
    let collection = objects.iter().find(|o| o.kind == "x-mitre-collection");
    let version = collection
        .and_then(|c| c.x_mitre_version.clone())
        .unwrap_or_else(|| String::from(UNKNOWN_VERSION));
    let title = collection
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| String::from("Enterprise ATT&CK"));

    // Tactics in the order of the enterprise matrix.
    let matrices: Vec<&Object> = objects
        .iter()
        .filter(|o| o.kind == "x-mitre-matrix" && !o.retired())
        .collect();
    if !matrices.is_empty()
        && !matrices
            .iter()
            .any(|m| m.mitre_id() == Some("enterprise-attack"))
    {
        let which: Vec<&str> = matrices.iter().filter_map(|m| m.mitre_id()).collect();
        return Err(AttackError::Invalid(format!(
            "it holds the `{}` matrix; sigscope needs MITRE's enterprise-attack.json",
            which.join("`, `")
        )));
    }
    let tactic_objects: Vec<&Object> = match matrices
        .iter()
        .find(|m| m.mitre_id() == Some("enterprise-attack"))
    {
        Some(m) => m
            .tactic_refs
            .iter()
            .filter_map(|r| by_ref.get(r.as_str()).copied())
            .collect(),
        None => objects
            .iter()
            .filter(|o| o.kind == "x-mitre-tactic" && !o.retired())
            .collect(),
    };
    let mut tactics = Vec::new();
    for o in tactic_objects {
        let (Some(id), Some(short), Some(name)) = (
            o.mitre_id(),
            o.x_mitre_shortname.as_deref(),
            o.name.as_deref(),
        ) else {
            continue;
        };
        if tactics.iter().any(|t: &Tactic| t.shortname == short) {
            continue;
        }
        tactics.push(Tactic {
            id: id.to_owned(),
            name: name.to_owned(),
            shortname: short.to_owned(),
            url: o.url().map_or_else(
                || format!("https://attack.mitre.org/tactics/{id}"),
                str::to_owned,
            ),
        });
    }
    if tactics.is_empty() {
        return Err(AttackError::Invalid(String::from(
            "it has no ATT&CK tactics (`x-mitre-tactic` objects)",
        )));
    }

    // Techniques: one object per id, preferring a current one over a retired one.
    let mut tech_objects: HashMap<&str, &Object> = HashMap::new();
    for o in objects.iter().filter(|o| o.kind == "attack-pattern") {
        let Some(id) = o.mitre_id() else { continue };
        if !is_technique_id(id) {
            continue;
        }
        let keep = tech_objects
            .get(id)
            .is_none_or(|prev| prev.retired() && !o.retired());
        if keep {
            tech_objects.insert(id, o);
        }
    }
    if tech_objects.is_empty() {
        return Err(AttackError::Invalid(String::from(
            "it has no ATT&CK techniques (`attack-pattern` objects with a `mitre-attack` id)",
        )));
    }
    let mut revoked_by: HashMap<&str, &str> = HashMap::new();
    for o in &objects {
        if o.kind == "relationship"
            && o.relationship_type.as_deref() == Some("revoked-by")
            && let (Some(s), Some(t)) = (o.source_ref.as_deref(), o.target_ref.as_deref())
        {
            revoked_by.insert(s, t);
        }
    }
    // The current object a revoked one leads to, following `revoked-by` (cycle-safe).
    let follow = |start: &Object| -> Option<String> {
        let mut cur: &str = &start.id;
        for _ in 0..16 {
            let next = by_ref.get(revoked_by.get(cur)?).copied()?;
            if !next.revoked {
                return next.mitre_id().map(str::to_owned);
            }
            cur = &next.id;
        }
        None
    };
    let status_of = |o: &Object| -> Status {
        if o.revoked {
            Status::Revoked {
                replacement: follow(o),
            }
        } else if o.x_mitre_deprecated {
            Status::Deprecated { replacement: None }
        } else {
            Status::Active
        }
    };
    let rank = |s: &str| tactics.iter().position(|t| t.shortname == s);
    let mut techniques = Vec::with_capacity(tech_objects.len());
    for (&id, o) in &tech_objects {
        let mut tac: Vec<&str> = o
            .kill_chain_phases
            .iter()
            .filter(|p| p.kill_chain_name.as_deref() == Some("mitre-attack"))
            .filter_map(|p| p.phase_name.as_deref())
            .collect();
        tac.sort_by_key(|s| rank(s).unwrap_or(usize::MAX));
        tac.dedup();
        let status = status_of(o);
        let note = match &status {
            Status::Revoked {
                replacement: Some(r),
            } => Some(format!("revoked by {r}")),
            Status::Revoked { replacement: None } => Some(String::from("revoked")),
            Status::Deprecated { .. } => Some(String::from("deprecated by MITRE")),
            Status::Active => None,
        };
        techniques.push(TechniqueRec {
            technique: Technique {
                id: id.to_owned(),
                name: o.name.clone().unwrap_or_default(),
                tactics: tac.into_iter().map(str::to_owned).collect(),
                parent: id.split_once('.').map(|(p, _)| p.to_owned()),
                platforms: o.x_mitre_platforms.clone(),
                url: o.url().map_or_else(|| technique_url(id), str::to_owned),
                status,
                summary: o.description.as_deref().and_then(super::first_sentence),
            },
            note,
            former_tactics: Vec::new(),
            tactic_mask: 0,
            former_mask: 0,
        });
    }

    // Groups, software, campaigns and the techniques they use (mapped forward).
    let mut entity_objects: HashMap<&str, (&Object, &'static str)> = HashMap::new();
    for o in &objects {
        let kind = match o.kind.as_str() {
            "intrusion-set" => "groups",
            "malware" | "tool" => "software",
            "campaign" => "campaigns",
            _ => continue,
        };
        let Some(id) = o.mitre_id() else { continue };
        let keep = entity_objects
            .get(id)
            .is_none_or(|(prev, _)| prev.retired() && !o.retired());
        if keep {
            entity_objects.insert(id, (o, kind));
        }
    }
    let forward: HashMap<&str, String> = techniques
        .iter()
        .map(|r| {
            let t = &r.technique;
            (
                t.id.as_str(),
                t.status.replacement().unwrap_or(&t.id).to_owned(),
            )
        })
        .collect();
    let mut uses: HashMap<&str, Vec<String>> = HashMap::new();
    for o in &objects {
        if o.kind != "relationship" || o.relationship_type.as_deref() != Some("uses") || o.retired()
        {
            continue;
        }
        let (Some(src), Some(dst)) = (
            o.source_ref.as_deref().and_then(|r| by_ref.get(r)),
            o.target_ref.as_deref().and_then(|r| by_ref.get(r)),
        ) else {
            continue;
        };
        if dst.kind != "attack-pattern" {
            continue;
        }
        let (Some(eid), Some(tid)) = (src.mitre_id(), dst.mitre_id()) else {
            continue;
        };
        if let Some(t) = forward.get(tid) {
            uses.entry(eid).or_default().push(t.clone());
        }
    }
    let mut entities = Entities::default();
    for (&id, &(o, path)) in &entity_objects {
        let mut used = uses.remove(id).unwrap_or_default();
        used.sort();
        used.dedup();
        let rec = EntityRec {
            entity: Entity::new(
                id.to_owned(),
                o.name.clone().unwrap_or_default(),
                o.url().map_or_else(
                    || format!("https://attack.mitre.org/{path}/{id}"),
                    str::to_owned,
                ),
                used,
            ),
            status: status_of(o),
        };
        match path {
            "groups" => entities.groups.push(rec),
            "software" => entities.software.push(rec),
            _ => entities.campaigns.push(rec),
        }
    }

    // A release that split Defense Evasion keeps the old shortname resolvable.
    let mut aliases = Vec::new();
    let stealth = rank("stealth");
    let impairment = rank("defense-impairment");
    if rank("defense-evasion").is_none()
        && let (Some(s), Some(d)) = (stealth, impairment)
    {
        aliases.push(TacticAlias {
            old: String::from("defense-evasion"),
            new: vec![s, d],
        });
    }
    Ok(Attack::new(
        version,
        title,
        tactics,
        aliases,
        techniques.into_iter().map(TechniqueSlot::parsed).collect(),
        Some(entities),
        None,
    ))
}

/// `T1234` or `T1234.567`.
fn is_technique_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix('T') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match rest.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_versions() {
        let v = |s: &str| version_from_file_name(Path::new(s));
        assert_eq!(v("/x/enterprise-attack-18.1.json").as_deref(), Some("18.1"));
        assert_eq!(v("enterprise-attack-17.json").as_deref(), Some("17"));
        assert_eq!(v("enterprise-attack.json"), None);
        assert_eq!(v("enterprise-attack-x.json"), None);
    }

    #[test]
    fn bad_bundles() {
        for (text, want) in [
            ("", "not a STIX 2.1 JSON bundle"),
            ("[]", "not a STIX 2.1 JSON bundle"),
            (r#"{"type":"x"}"#, "not `bundle`"),
            (r#"{"type":"bundle"}"#, "no `objects`"),
            (r#"{"type":"bundle","objects":[]}"#, "no ATT&CK tactics"),
            (
                r#"{"type":"bundle","objects":[{"type":"x-mitre-matrix","id":"m","external_references":[{"source_name":"mitre-attack","external_id":"mobile-attack"}]}]}"#,
                "mobile-attack",
            ),
        ] {
            let e = parse(text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(e.contains(want), "{text}: {e}");
        }
    }
}
