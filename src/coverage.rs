//! `sigscope coverage`: which ATT&CK techniques a pack's rules cover, against targets (ids, a
//! threat group's techniques, a Navigator layer) and against an earlier run (a baseline).
//!
//! Counting rules:
//! - a rule is a detection or correlation document (filters detect nothing) whose `status` is
//!   at least `min_status` (`deprecated` and `unsupported` rules are left out by default; a rule
//!   without a status counts as `experimental`);
//! - each `attack.tNNNN[.NNN]` tag counts the rule once for that technique; a revoked or
//!   deprecated id is counted for its replacement in the loaded ATT&CK release, and an id the
//!   release does not know is counted as written (and listed as unknown);
//! - a sub-technique's rules count for the sub-technique only. A parent technique is *covered*
//!   when a rule names it or one of its sub-techniques, but a rule on the parent does not cover
//!   each sub-technique: a sub-technique target needs a rule on that sub-technique;
//! - a tactic's coverage counts its (parent) techniques covered in that sense.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::attack::{Attack, Status};
use crate::check::Report;
use crate::sigma::Kind;

/// A rule's `status`, ordered from least to most trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusRank {
    Unsupported,
    Deprecated,
    Experimental,
    Test,
    Stable,
}

impl StatusRank {
    /// The rank of a `status` value; a missing or unknown one ranks as `experimental`.
    pub fn of(status: Option<&str>) -> Self {
        match status.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            Some("unsupported") => Self::Unsupported,
            Some("deprecated") => Self::Deprecated,
            Some("test") => Self::Test,
            Some("stable") => Self::Stable,
            _ => Self::Experimental,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub min_status: StatusRank,
    /// Technique ids to cover, with where they came from (`--target-group G0016`, …).
    pub targets: Option<Targets>,
    pub baseline: Option<CoverageBaseline>,
}

#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// What the targets are, for the report: `T1059, G0016 (APT29)`.
    pub sources: Vec<String>,
    /// Technique ids, upper case, mapped forward, sorted.
    pub ids: BTreeSet<String>,
}

/// Rules per technique, for `--write-baseline` and `--baseline`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CoverageBaseline {
    pub sigscope_coverage: u32,
    pub attack_version: String,
    pub techniques: BTreeMap<String, usize>,
}

impl CoverageBaseline {
    /// The file `--write-baseline` writes.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TechniqueCount {
    pub id: String,
    pub name: String,
    /// Tactic shortnames.
    pub tactics: Vec<String>,
    pub rules: usize,
    pub by_level: BTreeMap<String, usize>,
    pub by_status: BTreeMap<String, usize>,
    /// False for an id the ATT&CK release does not know.
    pub known: bool,
    /// Retired ids written in rules and counted here.
    pub retired_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TacticCount {
    pub id: String,
    pub shortname: String,
    pub name: String,
    /// Parent techniques of the tactic covered by a rule on them or a sub-technique.
    pub covered: usize,
    pub total: usize,
    /// Rules with a technique of this tactic.
    pub rules: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductCount {
    pub product: String,
    pub rules: usize,
    pub techniques: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetReport {
    pub sources: Vec<String>,
    pub covered: Vec<String>,
    pub uncovered: Vec<String>,
    /// Covered targets, in percent of all targets (100 with no target).
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// Techniques the baseline had rules for and this run has none for, with the old count.
    pub lost: Vec<(String, usize)>,
    /// Techniques with rules now and none in the baseline, with the new count.
    pub gained: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub attack_version: String,
    pub min_status: StatusRank,
    /// Rules counted.
    pub rules: usize,
    /// Rules left out for their status.
    pub below_min_status: usize,
    /// Counted rules without a technique tag.
    pub without_technique: usize,
    /// Active techniques and sub-techniques in the release.
    pub release_techniques: usize,
    pub techniques: Vec<TechniqueCount>,
    pub tactics: Vec<TacticCount>,
    pub products: Vec<ProductCount>,
    pub targets: Option<TargetReport>,
    pub changes: Option<Changes>,
}

impl Coverage {
    pub fn baseline(&self) -> CoverageBaseline {
        CoverageBaseline {
            sigscope_coverage: 1,
            attack_version: self.attack_version.clone(),
            techniques: self
                .techniques
                .iter()
                .map(|t| (t.id.clone(), t.rules))
                .collect(),
        }
    }
}

/// `T1059.001`, `t1059.001` or `attack.t1059.001` → `T1059.001`; `None` when not shaped so.
pub fn technique_id(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("attack."))
        .map_or(s, |_| &s[7..]);
    crate::attack::technique_id(s)
}

/// The id a technique is counted under: its replacement, followed through the release, when it
/// is retired; the id itself otherwise.
pub fn current_id(attack: &Attack, id: &str) -> String {
    let mut id = id.to_owned();
    for _ in 0..8 {
        match attack.technique(&id).map(|t| &t.status) {
            Some(Status::Revoked {
                replacement: Some(r),
            })
            | Some(Status::Deprecated {
                replacement: Some(r),
            }) => id = r.clone(),
            _ => break,
        }
    }
    id
}

/// Technique ids in text: `T1059,T1204.001` on the command line or one a line in a file, with
/// `#` comments. Anything else is an error naming it.
pub fn parse_ids(attack: &Attack, text: &str) -> Result<BTreeSet<String>, String> {
    let mut ids = BTreeSet::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        for item in line
            .split([',', ' ', '\t'])
            .filter(|s| !s.trim().is_empty())
        {
            let id = technique_id(item).ok_or_else(|| {
                format!("`{}` is not a technique id such as T1059.001", item.trim())
            })?;
            ids.insert(current_id(attack, &id));
        }
    }
    Ok(ids)
}

/// The techniques a group, software or campaign uses, by id (`G0016`) or name (`APT29`,
/// ignoring case), with a label for the report.
pub fn entity_techniques(
    attack: &Attack,
    which: &str,
) -> Result<(String, BTreeSet<String>), String> {
    let w = which.trim();
    let entity = attack
        .group(w)
        .or_else(|| attack.software(w))
        .or_else(|| attack.campaign(w))
        .or_else(|| {
            attack
                .groups()
                .chain(attack.software_list())
                .chain(attack.campaigns())
                .find(|e| e.name.eq_ignore_ascii_case(w))
        })
        .ok_or_else(|| {
            format!(
                "`{w}` is no group, software or campaign of ATT&CK {}",
                attack.version()
            )
        })?;
    let ids = entity
        .techniques()
        .iter()
        .map(|t| current_id(attack, t))
        .collect();
    Ok((format!("{} ({})", entity.id, entity.name), ids))
}

/// The scored techniques of an ATT&CK Navigator layer (a `score` above zero).
pub fn layer_techniques(attack: &Attack, json: &str) -> Result<BTreeSet<String>, String> {
    let layer: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not a Navigator layer (JSON): {e}"))?;
    let list = layer
        .get("techniques")
        .and_then(serde_json::Value::as_array)
        .ok_or("not a Navigator layer: no `techniques` list")?;
    let mut ids = BTreeSet::new();
    for t in list {
        let scored = t
            .get("score")
            .and_then(serde_json::Value::as_f64)
            .is_some_and(|s| s > 0.0);
        let enabled = t.get("enabled").and_then(serde_json::Value::as_bool) != Some(false);
        if !(scored && enabled) {
            continue;
        }
        let raw = t
            .get("techniqueID")
            .and_then(serde_json::Value::as_str)
            .ok_or("not a Navigator layer: a technique without `techniqueID`")?;
        let id = technique_id(raw).ok_or_else(|| format!("`{raw}` is not a technique id"))?;
        ids.insert(current_id(attack, &id));
    }
    Ok(ids)
}

/// A baseline written by `--write-baseline`, or a Navigator layer's scores used as one.
pub fn read_baseline(attack: &Attack, text: &str) -> Result<CoverageBaseline, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("sigscope_coverage").is_some() {
        return serde_json::from_value(value).map_err(|e| format!("not a coverage baseline: {e}"));
    }
    if value
        .get("techniques")
        .is_some_and(serde_json::Value::is_array)
    {
        let mut techniques = BTreeMap::new();
        for t in value["techniques"].as_array().into_iter().flatten() {
            let score = t
                .get("score")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0);
            if t.get("enabled").and_then(serde_json::Value::as_bool) == Some(false) {
                continue;
            }
            let id = t
                .get("techniqueID")
                .and_then(serde_json::Value::as_str)
                .and_then(technique_id);
            if let (Some(id), true) = (id, score > 0.0) {
                // Layer scores are rule counts when sigscope wrote the layer; a technique is
                // listed once per tactic, with the same score.
                let n = techniques.entry(current_id(attack, &id)).or_insert(0);
                *n = (*n).max(score.round() as usize);
            }
        }
        return Ok(CoverageBaseline {
            sigscope_coverage: 1,
            attack_version: String::new(),
            techniques,
        });
    }
    Err(String::from(
        "neither a coverage baseline (`--write-baseline`) nor a Navigator layer",
    ))
}

/// Counts the rules of `report` per technique, tactic and product, and compares with the
/// targets and the baseline of `opts`.
pub fn compute(report: &Report, attack: &Attack, opts: &Options) -> Coverage {
    let mut techniques: BTreeMap<String, TechniqueCount> = BTreeMap::new();
    let mut products: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    let mut tactic_rules: BTreeMap<String, usize> = BTreeMap::new();
    let (mut rules, mut below, mut without) = (0, 0, 0);
    for doc in report.files.iter().flat_map(|f| &f.docs) {
        if doc.kind == Kind::Filter {
            continue;
        }
        let status = doc
            .status
            .as_ref()
            .map(|s| s.value.trim().to_ascii_lowercase());
        if StatusRank::of(status.as_deref()) < opts.min_status {
            below += 1;
            continue;
        }
        rules += 1;
        let level = doc.level.as_ref().map_or_else(
            || String::from("none"),
            |l| l.value.trim().to_ascii_lowercase(),
        );
        let status = status.unwrap_or_else(|| String::from("none"));
        let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for tag in &doc.tags {
            if let Some(written) = technique_id(&tag.value)
                && tag.value.trim().len() > 7
                && tag.value.trim()[..7].eq_ignore_ascii_case("attack.")
            {
                let id = current_id(attack, &written);
                let retired = (id != written).then_some(written);
                ids.entry(id).or_default().extend(retired);
            }
        }
        if ids.is_empty() {
            without += 1;
        }
        let product = doc
            .logsource
            .as_ref()
            .and_then(|l| l.product.clone())
            .unwrap_or_else(|| String::from("(none)"));
        let p = products.entry(product).or_default();
        p.0 += 1;
        let mut tactics_of_rule = BTreeSet::new();
        for (id, retired) in ids {
            p.1.insert(id.clone());
            let t = techniques.entry(id.clone()).or_insert_with(|| {
                let known = attack.technique(&id);
                TechniqueCount {
                    id: id.clone(),
                    name: known.map(|t| t.name.clone()).unwrap_or_default(),
                    tactics: known.map(|t| t.tactics.clone()).unwrap_or_default(),
                    rules: 0,
                    by_level: BTreeMap::new(),
                    by_status: BTreeMap::new(),
                    known: known.is_some(),
                    retired_ids: Vec::new(),
                }
            });
            t.rules += 1;
            *t.by_level.entry(level.clone()).or_default() += 1;
            *t.by_status.entry(status.clone()).or_default() += 1;
            for r in retired {
                if !t.retired_ids.contains(&r) {
                    t.retired_ids.push(r);
                }
            }
            tactics_of_rule.extend(t.tactics.iter().cloned());
        }
        for tactic in tactics_of_rule {
            *tactic_rules.entry(tactic).or_default() += 1;
        }
    }
    let mut coverage = Coverage {
        attack_version: attack.version().to_owned(),
        min_status: opts.min_status,
        rules,
        below_min_status: below,
        without_technique: without,
        release_techniques: attack.techniques().filter(|t| t.is_active()).count(),
        techniques: techniques.into_values().collect(),
        tactics: Vec::new(),
        products: products
            .into_iter()
            .map(|(product, (rules, ids))| ProductCount {
                product,
                rules,
                techniques: ids.len(),
            })
            .collect(),
        targets: None,
        changes: None,
    };
    // A technique is covered by a rule on it, a parent also by a rule on a sub-technique.
    let covered_ids: BTreeSet<&str> = coverage
        .techniques
        .iter()
        .filter(|t| t.rules > 0)
        .flat_map(|t| [t.id.as_str(), t.id.split('.').next().unwrap_or_default()])
        .collect();
    let covers = |id: &str| covered_ids.contains(id);
    let tactics = attack
        .tactics()
        .iter()
        .map(|tactic| {
            let parents: Vec<&str> = attack
                .techniques()
                .filter(|t| {
                    t.is_active() && !t.is_subtechnique() && t.tactics.contains(&tactic.shortname)
                })
                .map(|t| t.id.as_str())
                .collect();
            TacticCount {
                id: tactic.id.clone(),
                shortname: tactic.shortname.clone(),
                name: tactic.name.clone(),
                covered: parents.iter().filter(|id| covers(id)).count(),
                total: parents.len(),
                rules: tactic_rules.get(&tactic.shortname).copied().unwrap_or(0),
            }
        })
        .collect();
    let targets = opts.targets.as_ref().map(|targets| {
        let (covered, uncovered): (Vec<String>, Vec<String>) =
            targets.ids.iter().cloned().partition(|id| covers(id));
        let total = targets.ids.len();
        TargetReport {
            sources: targets.sources.clone(),
            percent: if total == 0 {
                100.0
            } else {
                covered.len() as f64 * 100.0 / total as f64
            },
            covered,
            uncovered,
        }
    });
    coverage.tactics = tactics;
    coverage.targets = targets;
    if let Some(base) = &opts.baseline {
        let now = coverage.baseline().techniques;
        // Lost: no longer covered at all (a parent keeps its coverage through a sub-technique).
        let covered = |id: &str| {
            now.iter().any(|(t, &n)| {
                n > 0 && (t == id || (!id.contains('.') && t.split('.').next() == Some(id)))
            })
        };
        let lost = base
            .techniques
            .iter()
            .filter(|&(id, &n)| n > 0 && !covered(id))
            .map(|(id, &n)| (id.clone(), n))
            .collect();
        let gained = now
            .iter()
            .filter(|&(id, &n)| n > 0 && base.techniques.get(id).copied().unwrap_or(0) == 0)
            .map(|(id, &n)| (id.clone(), n))
            .collect();
        coverage.changes = Some(Changes { lost, gained });
    }
    coverage
}

fn name_of<'a>(c: &'a Coverage, attack: &'a Attack, id: &str) -> &'a str {
    c.techniques
        .iter()
        .find(|t| t.id == id && !t.name.is_empty())
        .map(|t| t.name.as_str())
        .or_else(|| attack.technique(id).map(|t| t.name.as_str()))
        .unwrap_or("unknown to this ATT&CK release")
}

/// The text report: the totals, tactics, products, targets and changes.
pub fn render_human(c: &Coverage, attack: &Attack) -> String {
    let mut out = String::new();
    let covered_active = c
        .techniques
        .iter()
        .filter(|t| t.known && t.rules > 0)
        .count();
    out.push_str(&format!(
        "{} rules counted (status {} or above; {} left out), {} without a technique tag\n",
        c.rules,
        serde_plain(c.min_status),
        c.below_min_status,
        c.without_technique
    ));
    out.push_str(&format!(
        "{covered_active} of {} techniques and sub-techniques of ATT&CK {} have a rule\n",
        c.release_techniques, c.attack_version
    ));
    let unknown: Vec<&str> = c
        .techniques
        .iter()
        .filter(|t| !t.known)
        .map(|t| t.id.as_str())
        .collect();
    if !unknown.is_empty() {
        out.push_str(&format!(
            "unknown to ATT&CK {}: {}\n",
            c.attack_version,
            unknown.join(", ")
        ));
    }
    out.push_str("\ntactic                 techniques covered   rules\n");
    for t in &c.tactics {
        out.push_str(&format!(
            "{:<22} {:>4} / {:<4} {:>5.1}%  {:>6}\n",
            t.name,
            t.covered,
            t.total,
            percent(t.covered, t.total),
            t.rules
        ));
    }
    out.push_str("\nproduct                rules  techniques\n");
    for p in &c.products {
        out.push_str(&format!(
            "{:<22} {:>5}  {:>10}\n",
            p.product, p.rules, p.techniques
        ));
    }
    if let Some(t) = &c.targets {
        out.push_str(&format!(
            "\ntargets ({}): {} of {} covered ({:.1}%)\n",
            t.sources.join(", "),
            t.covered.len(),
            t.covered.len() + t.uncovered.len(),
            t.percent
        ));
        for id in &t.uncovered {
            out.push_str(&format!(
                "  not covered  {id}  {}\n",
                name_of(c, attack, id)
            ));
        }
    }
    if let Some(ch) = &c.changes {
        out.push_str(&format!(
            "\nsince the baseline: {} technique{} lost, {} gained\n",
            ch.lost.len(),
            if ch.lost.len() == 1 { "" } else { "s" },
            ch.gained.len()
        ));
        for (id, n) in &ch.lost {
            out.push_str(&format!(
                "  lost    {id}  {} (had {n} rule{})\n",
                name_of(c, attack, id),
                if *n == 1 { "" } else { "s" }
            ));
        }
        for (id, n) in &ch.gained {
            out.push_str(&format!(
                "  gained  {id}  {} ({n} rule{})\n",
                name_of(c, attack, id),
                if *n == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

fn percent(n: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        n as f64 * 100.0 / total as f64
    }
}

fn serde_plain(s: StatusRank) -> &'static str {
    match s {
        StatusRank::Unsupported => "unsupported",
        StatusRank::Deprecated => "deprecated",
        StatusRank::Experimental => "experimental",
        StatusRank::Test => "test",
        StatusRank::Stable => "stable",
    }
}

pub fn render_json(c: &Coverage) -> String {
    serde_json::to_string_pretty(c).unwrap_or_default() + "\n"
}

/// Markdown for a pull request comment: the totals, the targets not covered and the changes.
pub fn render_markdown(c: &Coverage, attack: &Attack) -> String {
    let md = |s: &str| s.replace('|', "\\|").replace(['\r', '\n'], " ");
    let covered_active = c
        .techniques
        .iter()
        .filter(|t| t.known && t.rules > 0)
        .count();
    let mut out = format!(
        "### ATT&CK coverage\n\n**{covered_active}** of {} techniques and sub-techniques of ATT&CK {} have a rule ({} rules counted, status {} or above).\n\n",
        c.release_techniques,
        c.attack_version,
        c.rules,
        serde_plain(c.min_status)
    );
    out.push_str("| Tactic | Techniques covered | Rules |\n|---|---:|---:|\n");
    for t in &c.tactics {
        out.push_str(&format!(
            "| {} | {} / {} ({:.0}%) | {} |\n",
            md(&t.name),
            t.covered,
            t.total,
            percent(t.covered, t.total),
            t.rules
        ));
    }
    if let Some(t) = &c.targets {
        out.push_str(&format!(
            "\n**Targets** ({}): {} of {} covered ({:.1}%).\n",
            md(&t.sources.join(", ")),
            t.covered.len(),
            t.covered.len() + t.uncovered.len(),
            t.percent
        ));
        if !t.uncovered.is_empty() {
            out.push_str("\n| Not covered | Technique |\n|---|---|\n");
            for id in &t.uncovered {
                out.push_str(&format!("| {id} | {} |\n", md(name_of(c, attack, id))));
            }
        }
    }
    if let Some(ch) = &c.changes {
        out.push_str(&format!(
            "\n**Since the baseline**: {} lost, {} gained.\n",
            ch.lost.len(),
            ch.gained.len()
        ));
        if !ch.lost.is_empty() || !ch.gained.is_empty() {
            out.push_str("\n| Change | Technique | Rules |\n|---|---|---:|\n");
            for (id, n) in &ch.lost {
                out.push_str(&format!(
                    "| lost | {id} {} | {n} → 0 |\n",
                    md(name_of(c, attack, id))
                ));
            }
            for (id, n) in &ch.gained {
                out.push_str(&format!(
                    "| gained | {id} {} | 0 → {n} |\n",
                    md(name_of(c, attack, id))
                ));
            }
        }
    }
    out
}

/// An ATT&CK Navigator layer (format 4.5): every technique with rules scored by its rule count;
/// with targets, covered targets green, uncovered ones red with a comment, and other covered
/// techniques blue.
pub fn render_layer(c: &Coverage) -> String {
    let targets = c.targets.as_ref();
    let is_target =
        |id: &str| targets.is_some_and(|t| t.covered.iter().chain(&t.uncovered).any(|x| x == id));
    let mut list = Vec::new();
    for t in c.techniques.iter().filter(|t| t.rules > 0) {
        let tactics = if t.tactics.is_empty() {
            vec![None]
        } else {
            t.tactics.iter().map(Some).collect()
        };
        for tactic in tactics {
            let mut entry = serde_json::json!({
                "techniqueID": t.id,
                "score": t.rules,
                "comment": format!("{} rule{}", t.rules, if t.rules == 1 { "" } else { "s" }),
                "enabled": true,
                "showSubtechniques": false,
            });
            if let Some(tactic) = tactic {
                entry["tactic"] = tactic.clone().into();
            }
            if targets.is_some() {
                entry["color"] = if is_target(&t.id) {
                    "#66bb6a"
                } else {
                    "#64b5f6"
                }
                .into();
            }
            list.push(entry);
        }
    }
    for id in targets.map(|t| t.uncovered.as_slice()).unwrap_or_default() {
        list.push(serde_json::json!({
            "techniqueID": id,
            "score": 0,
            "color": "#ef5350",
            "comment": "target not covered",
            "enabled": true,
        }));
    }
    let max = c
        .techniques
        .iter()
        .map(|t| t.rules)
        .max()
        .unwrap_or(1)
        .max(1);
    let mut description = format!(
        "Rules per technique: {} rules counted (status {} or above)",
        c.rules,
        serde_plain(c.min_status)
    );
    if let Some(t) = targets {
        description.push_str(&format!(
            "; targets {}: {} of {} covered",
            t.sources.join(", "),
            t.covered.len(),
            t.covered.len() + t.uncovered.len()
        ));
    }
    let mut legend = Vec::new();
    if targets.is_some() {
        legend = vec![
            serde_json::json!({"label": "target covered", "color": "#66bb6a"}),
            serde_json::json!({"label": "target not covered", "color": "#ef5350"}),
            serde_json::json!({"label": "covered, not a target", "color": "#64b5f6"}),
        ];
    }
    let layer = serde_json::json!({
        "name": "sigscope coverage",
        "versions": {"attack": c.attack_version, "navigator": "5.1.0", "layer": "4.5"},
        "domain": "enterprise-attack",
        "description": description,
        "techniques": list,
        "gradient": {"colors": ["#ffe0b2", "#e65100"], "minValue": 0, "maxValue": max},
        "legendItems": legend,
        "hideDisabled": false,
        "sorting": 3,
    });
    serde_json::to_string_pretty(&layer).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_ids_are_read_with_or_without_the_namespace() {
        assert_eq!(
            technique_id("attack.t1059.001").as_deref(),
            Some("T1059.001")
        );
        assert_eq!(technique_id("T1204").as_deref(), Some("T1204"));
        assert_eq!(technique_id(" t1204 ").as_deref(), Some("T1204"));
        assert_eq!(technique_id("attack.execution"), None);
        assert_eq!(technique_id("T12"), None);
    }

    #[test]
    fn statuses_rank_from_unsupported_to_stable() {
        assert!(StatusRank::of(Some("deprecated")) < StatusRank::of(None));
        assert_eq!(StatusRank::of(Some("Stable")), StatusRank::Stable);
        assert_eq!(StatusRank::of(Some("tset")), StatusRank::Experimental);
    }
}
