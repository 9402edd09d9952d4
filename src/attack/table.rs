//! Parser of the embedded facts table (format: `scripts/attack_data.py`).
//!
//! Tactics are parsed when the catalogue is first used, each technique line when that technique
//! is first asked for (the first pass only finds its id), and the group, software and campaign
//! lines, which make up most of the table, when one of them is first asked for.

use super::{
    Attack, AttackError, Entities, Entity, EntityRec, Status, Tactic, TacticAlias, Technique,
    TechniqueRec, TechniqueSlot, technique_url,
};

fn err(line: usize, message: impl Into<String>) -> AttackError {
    AttackError::Table {
        line,
        message: message.into(),
    }
}

pub(super) fn list(field: &str) -> Vec<String> {
    if field == "-" || field.is_empty() {
        Vec::new()
    } else {
        let mut out = Vec::with_capacity(memchr::memchr_iter(b',', field.as_bytes()).count() + 1);
        out.extend(field.split(',').map(str::to_owned));
        out
    }
}

fn opt(field: &str) -> Option<String> {
    (field != "-" && !field.is_empty()).then(|| field.to_owned())
}

fn status(line: usize, s: &str, replacement: &str) -> Result<Status, AttackError> {
    let replacement = opt(replacement);
    Ok(match s {
        "active" => Status::Active,
        "revoked" => Status::Revoked { replacement },
        "deprecated" => Status::Deprecated { replacement },
        _ => return Err(err(line, format!("unknown status `{s}`"))),
    })
}

/// `N` tab-separated fields after the record kind.
fn fields<const N: usize>(line: usize, rest: &str) -> Result<[&str; N], AttackError> {
    let mut out = [""; N];
    let mut it = rest.split('\t');
    for slot in &mut out {
        *slot = it
            .next()
            .ok_or_else(|| err(line, format!("expected {N} fields")))?;
    }
    if it.next().is_some() {
        return Err(err(line, format!("expected {N} fields")));
    }
    Ok(out)
}

/// Parses everything but the entities, which are parsed lazily from where they start.
pub(super) fn parse(text: &'static str) -> Result<Attack, AttackError> {
    let mut version = None;
    let mut title = String::new();
    let mut tactics: Vec<Tactic> = Vec::new();
    let mut raw_aliases: Vec<(String, Vec<String>)> = Vec::new();
    let mut techniques = Vec::new();
    let mut entity_start = None;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (kind, rest) = line.split_once('\t').unwrap_or((line, ""));
        match kind {
            "version" => version = Some(rest.to_owned()),
            "title" => rest.clone_into(&mut title),
            "tactic" => {
                let [id, shortname, name] = fields(n, rest)?;
                tactics.push(Tactic {
                    url: format!("https://attack.mitre.org/tactics/{id}"),
                    id: id.to_owned(),
                    name: name.to_owned(),
                    shortname: shortname.to_owned(),
                });
            }
            "alias" => {
                let [old, new, _why] = fields(n, rest)?;
                raw_aliases.push((old.to_owned(), list(new)));
            }
            "technique" => {
                let id = rest.split_once('\t').map_or(rest, |(id, _)| id);
                techniques.push(TechniqueSlot::unparsed(id, rest, n));
            }
            "group" | "software" | "campaign" => {
                entity_start = Some((start, n));
                break;
            }
            _ => return Err(err(n, format!("unknown record kind `{kind}`"))),
        }
    }
    let version = version.ok_or_else(|| err(0, "no `version` line"))?;
    let mut aliases = Vec::new();
    for (old, new) in raw_aliases {
        let new = new
            .iter()
            .map(|s| {
                tactics
                    .iter()
                    .position(|t| &t.shortname == s)
                    .ok_or_else(|| err(0, format!("alias of `{old}` names unknown tactic `{s}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        aliases.push(TacticAlias { old, new });
    }
    let entity_text = entity_start.map(|(start, n)| (&text[start..], n));
    Ok(Attack::new(
        version,
        title,
        tactics,
        aliases,
        techniques,
        None,
        entity_text.or(Some(("", 0))),
    ))
}

/// Parses the fields of a `technique` line (after the record kind); `line` numbers it.
pub(super) fn technique(line: usize, rest: &str) -> Result<TechniqueRec, AttackError> {
    let [id, name, tac, plat, st, repl, note, former, summary] = fields(line, rest)?;
    Ok(TechniqueRec {
        technique: Technique {
            id: id.to_owned(),
            name: name.to_owned(),
            tactics: list(tac),
            parent: id.split_once('.').map(|(p, _)| p.to_owned()),
            platforms: list(plat),
            url: technique_url(id),
            status: status(line, st, repl)?,
            summary: opt(summary),
        },
        note: opt(note),
        former_tactics: list(former),
        tactic_mask: 0,
        former_mask: 0,
    })
}

/// Parses the group, software and campaign lines; `first_line` numbers the first of them.
pub(super) fn parse_entities(
    text: &'static str,
    first_line: usize,
) -> Result<Entities, AttackError> {
    // Sized up front: growing the lists copies them into fresh memory.
    let mut counts = [0usize; 3];
    for line in text.lines() {
        match line.split_once('\t').map_or(line, |(kind, _)| kind) {
            "group" => counts[0] += 1,
            "software" => counts[1] += 1,
            "campaign" => counts[2] += 1,
            _ => {}
        }
    }
    let mut out = Entities {
        groups: Vec::with_capacity(counts[0]),
        software: Vec::with_capacity(counts[1]),
        campaigns: Vec::with_capacity(counts[2]),
    };
    for (i, line) in text.lines().enumerate() {
        let n = first_line + i;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (kind, rest) = line.split_once('\t').unwrap_or((line, ""));
        let [id, name, st, repl, uses] = fields(n, rest)?;
        let (list_ref, path) = match kind {
            "group" => (&mut out.groups, "groups"),
            "software" => (&mut out.software, "software"),
            "campaign" => (&mut out.campaigns, "campaigns"),
            _ => return Err(err(n, format!("unexpected record kind `{kind}`"))),
        };
        list_ref.push(EntityRec {
            entity: Entity::from_table(
                id.to_owned(),
                name.to_owned(),
                format!("https://attack.mitre.org/{path}/{id}"),
                uses,
            ),
            status: status(n, st, repl)?,
        });
    }
    for l in [&out.groups, &out.software, &out.campaigns] {
        if !l.is_sorted_by(|a, b| a.entity.id < b.entity.id) {
            return Err(err(first_line, "entities are not sorted by id"));
        }
    }
    Ok(out)
}
