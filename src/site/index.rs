//! Cross-rule indices over the catalogue: ATT&CK tags, log sources, relations, lint findings.

use std::collections::{BTreeMap, HashMap};

use super::Options;
use super::attack::{AttackData, EntityInfo, Tag, technique_slug};
use super::collect::{Catalogue, FindingData, Rule};
use super::slug::{Slugger, text_slug};
use super::views::RuleLink;

/// What a rule's tags resolve to.
#[derive(Debug, Default)]
pub struct RuleTags {
    /// `(technique ID, tag as written)`, unique by ID.
    pub techniques: Vec<(String, String)>,
    /// Tactic shortnames the rule is shown under: its tactic tags, or, when it has none, the
    /// tactics of its techniques.
    pub tactics: Vec<String>,
    pub entities: Vec<(&'static str, EntityInfo, String)>,
    pub unknown: Vec<String>,
    pub other: Vec<String>,
}

/// A finding with its file index and rule index (none for a file without rules).
pub type Located<'a> = (usize, Option<usize>, &'a FindingData);

/// One value of a log source axis.
#[derive(Debug)]
pub struct Facet {
    pub slug: String,
    pub rules: Vec<usize>,
}

#[derive(Debug)]
pub struct Index<'a> {
    pub cat: &'a Catalogue,
    pub attack: &'a AttackData,
    pub opts: &'a Options,
    /// Rules in the index, the statistics and the coverage: all but deprecated ones unless
    /// `--include-deprecated`; sorted by title.
    pub listed: Vec<usize>,
    pub is_listed: Vec<bool>,
    pub deprecated: Vec<usize>,
    pub tags: Vec<RuleTags>,
    /// Technique ID → listed rules tagged with exactly that ID.
    pub by_technique: BTreeMap<String, Vec<usize>>,
    /// Tactic shortname → listed rules.
    pub by_tactic: BTreeMap<String, Vec<usize>>,
    pub products: BTreeMap<String, Facet>,
    pub categories: BTreeMap<String, Facet>,
    pub services: BTreeMap<String, Facet>,
    /// For each rule, the rules that name it: `(rule, relation)`.
    pub reverse: Vec<Vec<(usize, String)>>,
    /// Lint code → `(file, rule if any, finding)`.
    pub findings: BTreeMap<&'static str, Vec<Located<'a>>>,
    /// False positives named by listed rules, grouped by [`fp_key`], most named first, ties
    /// by key. Generic entries ("Unknown") are left out.
    pub false_positives: Vec<FpGroup>,
    /// [`fp_key`] → position in `false_positives`.
    pub fp_position: HashMap<String, usize>,
    /// Listed rules whose false positives are all generic or absent.
    pub fp_generic: usize,
    /// Authors with their spellings merged (see [`merge_authors`]): the name shown for each.
    pub authors: Vec<String>,
    /// For each rule, its authors as positions in [`Index::authors`], in the order written.
    pub rule_authors: Vec<Vec<usize>>,
}

/// The grouping key of a false-positive text: lowercase words of letters and digits (case,
/// punctuation and spacing ignored), each word's plural `s` dropped, and a leading "some",
/// "legitimate" or "legit" left out, so "Legitimate admin activities." and "admin activity"
/// are one entry.
pub fn fp_key(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect();
    let mut start = 0;
    while words
        .get(start)
        .is_some_and(|w| matches!(w.as_str(), "some" | "legitimate" | "legit"))
        && words.len() > start + 1
    {
        start += 1;
    }
    words.drain(..start);
    words.join(" ")
}

/// A word without its plural ending (`activities` → `activity`, `processes` → `process`,
/// `searches` → `search`, `tools` → `tool`; short words and `…ss` are kept), and the spellings
/// of "admin" and "use" as those.
fn singular(w: &str) -> String {
    let w = if w.len() <= 3 || !w.is_ascii() {
        w.to_owned()
    } else if let Some(stem) = w.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = ["sses", "ches", "shes", "xes"]
        .iter()
        .find_map(|end| w.strip_suffix(end).map(|s| (s, &end[..end.len() - 2])))
    {
        format!("{}{}", stem.0, stem.1)
    } else if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        w.to_owned()
    } else {
        w.strip_suffix('s').unwrap_or(w).to_owned()
    };
    match w.as_str() {
        "administrator" | "administration" | "administrative" => "admin".to_owned(),
        "usage" => "use".to_owned(),
        _ => w,
    }
}

/// Longest false-positive anchor before a collision suffix: the page has thousands.
const FP_SLUG: usize = 40;

/// Anchors for false-positive keys: a slug of the key cut at a word boundary, and `-2`, `-3`…
/// for keys that share one, in key order, so an entry's anchor depends on its text alone
/// unless another text shares its slug.
fn fp_anchors<'k>(keys: impl Iterator<Item = &'k String>) -> HashMap<String, String> {
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = HashMap::new();
    let mut keys: Vec<&String> = keys.collect();
    keys.sort();
    for key in keys {
        let mut base = text_slug(key);
        if base.len() > FP_SLUG {
            let cut = base[..=FP_SLUG].rfind('-').unwrap_or(FP_SLUG);
            base.truncate(cut);
        }
        let mut slug = base.clone();
        let mut n = 2;
        while used.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        used.insert(slug.clone());
        out.insert(key.clone(), format!("fp-{slug}"));
    }
    out
}

/// False-positive texts that name nothing (as [`fp_key`]s).
fn generic_fp(key: &str) -> bool {
    matches!(
        key,
        "" | "unknown"
            | "none"
            | "n a"
            | "na"
            | "unlikely"
            | "none known"
            | "not known"
            | "unknown false positive"
            | "none expected"
            | "very unlikely"
            | "highly unlikely"
            | "low"
            | "no known false positive"
            | "none identified"
            | "unknown at this time"
            | "likely"
            | "possible"
    )
}

/// One entry of the false-positive page.
#[derive(Debug)]
pub struct FpGroup {
    /// The most used spelling among the rules.
    pub text: String,
    /// The [`fp_key`] it groups by.
    pub key: String,
    /// Anchor on the page: a slug of the key, stable across builds.
    pub anchor: String,
    /// Listed rules naming it, in catalogue order.
    pub rules: Vec<usize>,
}

impl<'a> Index<'a> {
    pub fn new(cat: &'a Catalogue, attack: &'a AttackData, opts: &'a Options) -> Self {
        let n = cat.rules.len();
        let is_listed: Vec<bool> = cat
            .rules
            .iter()
            .map(|r| opts.include_deprecated || !r.deprecated)
            .collect();
        let mut listed: Vec<usize> = (0..n).filter(|&i| is_listed[i]).collect();
        let title_key = |i: &usize| {
            (
                cat.rules[*i].title.to_lowercase(),
                cat.rules[*i].slug.clone(),
            )
        };
        listed.sort_by_cached_key(title_key);
        let mut deprecated: Vec<usize> = (0..n).filter(|&i| cat.rules[i].deprecated).collect();
        deprecated.sort_by_cached_key(title_key);

        let tags: Vec<RuleTags> = cat.rules.iter().map(|r| rule_tags(r, attack)).collect();
        let mut by_technique: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_tactic: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &listed {
            for (id, _) in &tags[i].techniques {
                by_technique.entry(id.clone()).or_default().push(i);
            }
            for t in &tags[i].tactics {
                by_tactic.entry(t.clone()).or_default().push(i);
            }
        }

        let facet = |get: fn(&Rule) -> &str| {
            let mut slugger = Slugger::default();
            let mut rules: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &i in &listed {
                let v = get(&cat.rules[i]);
                if !v.is_empty() {
                    slugger.add(v);
                    rules.entry(v.to_owned()).or_default().push(i);
                }
            }
            let slugs = slugger.finish();
            rules
                .into_iter()
                .map(|(k, rules)| {
                    let slug = slugs.get(&k).cloned().unwrap_or_else(|| text_slug(&k));
                    (k, Facet { slug, rules })
                })
                .collect::<BTreeMap<_, _>>()
        };
        let products = facet(|r| &r.product);
        let categories = facet(|r| &r.category);
        let services = facet(|r| &r.service);

        let mut reverse: Vec<Vec<(usize, String)>> = vec![Vec::new(); n];
        for (i, r) in cat.rules.iter().enumerate() {
            let mut add = |reference: &str, relation: String| {
                if let Some(j) = cat.lookup(reference)
                    && j != i
                    && !reverse[j]
                        .iter()
                        .any(|(k, rel)| *k == i && *rel == relation)
                {
                    reverse[j].push((i, relation));
                }
            };
            for (id, kind) in &r.related {
                add(id, kind.clone());
            }
            if let Some(c) = &r.correlation {
                for id in &c.rules {
                    add(id, "correlation".to_owned());
                }
            }
            for id in &r.filter_rules {
                add(id, "filter".to_owned());
            }
        }

        let mut findings: BTreeMap<&'static str, Vec<Located<'_>>> = BTreeMap::new();
        for (fi, file) in cat.files.iter().enumerate() {
            if file.rules.is_empty() {
                for d in &file.findings {
                    findings.entry(d.code).or_default().push((fi, None, d));
                }
            }
            for &ri in &file.rules {
                for d in &cat.rules[ri].findings {
                    findings.entry(d.code).or_default().push((fi, Some(ri), d));
                }
            }
        }

        let mut fp_groups: BTreeMap<String, (BTreeMap<String, usize>, Vec<usize>)> =
            BTreeMap::new();
        let mut fp_generic = 0;
        for &i in &listed {
            let mut named = false;
            for fp in &cat.rules[i].falsepositives {
                let key = fp_key(fp);
                if generic_fp(&key) {
                    continue;
                }
                named = true;
                let (spellings, rules) = fp_groups.entry(key).or_default();
                *spellings
                    .entry(
                        fp.split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .trim_end_matches(['.', ',', ';', ':'])
                            .to_owned(),
                    )
                    .or_default() += 1;
                if rules.last() != Some(&i) {
                    rules.push(i);
                }
            }
            fp_generic += usize::from(!named);
        }
        let anchors = fp_anchors(fp_groups.keys());
        let mut false_positives: Vec<FpGroup> = fp_groups
            .into_iter()
            .map(|(key, (spellings, rules))| {
                // The most used spelling, ties by text.
                let text = spellings
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(t, _)| t.clone())
                    .unwrap_or_else(|| key.clone());
                let anchor = anchors.get(&key).cloned().unwrap_or_default();
                FpGroup {
                    text,
                    key,
                    anchor,
                    rules,
                }
            })
            .collect();
        false_positives.sort_by(|a, b| {
            b.rules
                .len()
                .cmp(&a.rules.len())
                .then_with(|| a.key.cmp(&b.key))
        });
        let fp_position = false_positives
            .iter()
            .enumerate()
            .map(|(n, g)| (g.key.clone(), n))
            .collect();

        let (authors, rule_authors) = merge_authors(cat.rules.iter().map(|r| r.authors.as_slice()));

        Self {
            authors,
            rule_authors,
            false_positives,
            fp_position,
            fp_generic,
            cat,
            attack,
            opts,
            listed,
            is_listed,
            deprecated,
            tags,
            by_technique,
            by_tactic,
            products,
            categories,
            services,
            reverse,
            findings,
        }
    }

    pub fn rule_href(&self, i: usize) -> String {
        format!("rules/{}.html", self.cat.rules[i].slug)
    }

    pub fn link(&self, i: usize) -> RuleLink {
        let r = &self.cat.rules[i];
        RuleLink {
            href: self.rule_href(i),
            slug: r.slug.clone(),
            id: r.id.clone(),
            title: r.title.clone(),
            level: r.level.clone(),
            status: r.status.clone(),
            level_class: known(&r.level, &LEVELS),
            status_class: known(&r.status, &STATUSES),
            date: r.date.clone(),
            modified: r.modified.clone(),
            product: r.product.clone(),
            category: r.category.clone(),
            service: r.service.clone(),
            deprecated: r.deprecated,
        }
    }

    pub fn links(&self, rules: &[usize]) -> Vec<RuleLink> {
        let mut v: Vec<usize> = rules.to_vec();
        v.sort_by_cached_key(|i| (self.cat.rules[*i].title.to_lowercase(), *i));
        v.dedup();
        v.into_iter().map(|i| self.link(i)).collect()
    }

    pub fn technique_href(&self, id: &str) -> String {
        format!("attack/{}.html", technique_slug(id))
    }

    pub fn tactic_href(&self, shortname: &str) -> Option<String> {
        let t = self.attack.tactic(shortname)?;
        Some(format!("attack/{}.html", text_slug(&t.id)))
    }

    pub fn logsource_href(&self, kind: &str, value: &str) -> Option<String> {
        let map = match kind {
            "product" => &self.products,
            "category" => &self.categories,
            "service" => &self.services,
            _ => return None,
        };
        map.get(value)
            .map(|f| format!("logsources/{kind}-{}.html", f.slug))
    }

    /// Listed rules tagged with a technique or any of its sub-techniques.
    pub fn rollup(&self, id: &str) -> Vec<usize> {
        let mut v: Vec<usize> = self.by_technique.get(id).cloned().unwrap_or_default();
        for sub in self.attack.subs.get(id).into_iter().flatten() {
            v.extend(self.by_technique.get(sub).into_iter().flatten());
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Whether a technique gets a page (see [`Index::technique_ids`]).
    pub fn has_technique_page(&self, id: &str) -> bool {
        self.attack
            .techniques
            .get(id)
            .is_some_and(|t| t.status.is_empty())
            || self
                .tags
                .iter()
                .any(|t| t.techniques.iter().any(|(x, _)| x == id))
    }

    /// All technique IDs that get a page: the release's active ones and any tagged ones.
    pub fn technique_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .attack
            .techniques
            .values()
            .filter(|t| t.status.is_empty())
            .map(|t| t.id.clone())
            .collect();
        for t in &self.tags {
            ids.extend(t.techniques.iter().map(|(id, _)| id.clone()));
        }
        ids.sort();
        ids.dedup();
        ids
    }
}

fn rule_tags(r: &Rule, attack: &AttackData) -> RuleTags {
    let mut t = RuleTags::default();
    let mut tactic_tags: Vec<String> = Vec::new();
    // Technique IDs first: an outdated tactic tag resolves with their help.
    let ids: Vec<String> = r
        .tags
        .iter()
        .filter_map(|t| t.trim().get(7..).and_then(crate::attack::technique_id))
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    for tag in &r.tags {
        match attack.resolve(tag, &ids) {
            Tag::Technique(id) => {
                if !t.techniques.iter().any(|(x, _)| *x == id) {
                    t.techniques.push((id, tag.clone()));
                }
            }
            Tag::Tactic(s) => {
                if !tactic_tags.contains(&s) {
                    tactic_tags.push(s);
                }
            }
            Tag::Entity { kind, info } => t.entities.push((kind, info, tag.clone())),
            Tag::UnknownAttack => t.unknown.push(tag.clone()),
            Tag::Other => t.other.push(tag.clone()),
        }
    }
    if tactic_tags.is_empty() {
        for (id, _) in &t.techniques {
            for s in attack
                .techniques
                .get(id)
                .map(|x| x.tactics.as_slice())
                .unwrap_or_default()
            {
                if !tactic_tags.contains(s) {
                    tactic_tags.push(s.clone());
                }
            }
        }
    }
    tactic_tags.sort_by_key(|s| (attack.tactic_position(s), s.clone()));
    t.tactics = tactic_tags;
    t
}

/// One author spelling split into the name it gives and the handles it names: `Jane Doe
/// (@jdoe)`, `'@jdoe'`, `Jane Doe @jdoe`, `Jane Doe (Acme Corp)` → (`Jane Doe`, [`jdoe`]).
/// Parenthesised text that is not a handle is an affiliation and is dropped.
fn author_parts(spelling: &str) -> (String, Vec<String>) {
    let s = spelling.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`'));
    let mut name = String::new();
    let mut handles = Vec::new();
    let mut depth = 0usize;
    for word in s.split_whitespace() {
        let bare = word.trim_matches(|c: char| matches!(c, '(' | ')' | '\'' | '"' | ',' | '`'));
        let opens = word.starts_with('(');
        if let Some(h) = bare.strip_prefix('@').filter(|h| !h.is_empty()) {
            handles.push(h.to_lowercase());
        } else if depth == 0 && !opens && !bare.is_empty() {
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(bare);
        }
        depth += word.matches('(').count();
        depth = depth.saturating_sub(word.matches(')').count());
    }
    (name, handles)
}

/// Merges the spellings of one author: the same name in any case and spacing, with or without
/// an affiliation in parentheses, and a `@handle` written alone with a name written beside that
/// handle elsewhere in the pack. Returns the names shown (the most used spelling of the name, or
/// `@handle` when no spelling gives one), sorted case-insensitively, and each rule's authors as
/// positions in them.
pub fn merge_authors<'r>(
    rules: impl Iterator<Item = &'r [String]> + Clone,
) -> (Vec<String>, Vec<Vec<usize>>) {
    // Union-find over keys: `n:<lowercase name>` and `h:<lowercase handle>`.
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut key = |k: String, parent: &mut Vec<usize>| {
        *keys.entry(k).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    let mut spellings: Vec<(String, Vec<usize>)> = Vec::new();
    let mut spelling_pos: HashMap<&str, usize> = HashMap::new();
    for authors in rules.clone() {
        for a in authors {
            if spelling_pos.contains_key(a.as_str()) {
                continue;
            }
            let (name, handles) = author_parts(a);
            let mut ks = Vec::new();
            if !name.is_empty() {
                ks.push(key(format!("n:{}", name.to_lowercase()), &mut parent));
            }
            for h in &handles {
                ks.push(key(format!("h:{h}"), &mut parent));
            }
            if ks.is_empty() {
                ks.push(key(format!("n:{}", a.to_lowercase()), &mut parent));
            }
            for w in ks.windows(2) {
                let (x, y) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
                if x != y {
                    parent[x.max(y)] = x.min(y);
                }
            }
            let shown = if name.is_empty() {
                handles
                    .first()
                    .map_or_else(|| a.clone(), |h| format!("@{h}"))
            } else {
                name
            };
            spelling_pos.insert(a.as_str(), spellings.len());
            spellings.push((shown, ks));
        }
    }
    // Per group, how often each shown spelling is used; names beat bare handles.
    let mut groups: BTreeMap<usize, BTreeMap<String, usize>> = BTreeMap::new();
    for authors in rules.clone() {
        for a in authors {
            let (shown, ks) = &spellings[spelling_pos[a.as_str()]];
            let root = find(&mut parent, ks[0]);
            *groups
                .entry(root)
                .or_default()
                .entry(shown.clone())
                .or_default() += 1;
        }
    }
    let mut names: Vec<(usize, String)> = groups
        .into_iter()
        .map(|(root, counts)| {
            let best = counts
                .iter()
                .max_by(|a, b| {
                    (!a.0.starts_with('@'), a.1)
                        .cmp(&(!b.0.starts_with('@'), b.1))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            (root, best)
        })
        .collect();
    names.sort_by(|a, b| {
        a.1.to_lowercase()
            .cmp(&b.1.to_lowercase())
            .then_with(|| a.1.cmp(&b.1))
    });
    let position: HashMap<usize, usize> = names
        .iter()
        .enumerate()
        .map(|(n, (root, _))| (*root, n))
        .collect();
    let per_rule = rules
        .map(|authors| {
            let mut v: Vec<usize> = Vec::new();
            for a in authors {
                let root = find(&mut parent, spellings[spelling_pos[a.as_str()]].1[0]);
                let p = position[&root];
                if !v.contains(&p) {
                    v.push(p);
                }
            }
            v
        })
        .collect();
    (names.into_iter().map(|(_, n)| n).collect(), per_rule)
}

const LEVELS: [&str; 5] = ["critical", "high", "medium", "low", "informational"];
const STATUSES: [&str; 5] = [
    "stable",
    "test",
    "experimental",
    "deprecated",
    "unsupported",
];

fn known(v: &str, set: &[&'static str]) -> &'static str {
    set.iter().find(|x| **x == v).copied().unwrap_or("other")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fp_keys_merge_spellings() {
        for same in [
            "Legitimate administrative activity",
            "legitimate administrative activities.",
            "Some legitimate administrative activity",
            "Legit administrative   activity",
            "Administrative activity",
            "LEGITIMATE ADMINISTRATIVE ACTIVITY!",
            "legitimate (administrative) activity",
        ] {
            assert_eq!(fp_key(same), "admin activity", "{same:?}");
        }
        assert_eq!(fp_key("Processes, tools, and uses"), "process tool and use");
        assert_eq!(
            fp_key("User searches in search boxes"),
            "user search in search box"
        );
        assert_eq!(
            fp_key("Legitimate administrator usage"),
            fp_key("Admin use")
        );
        assert_eq!(
            fp_key("Legitimate administration activities"),
            fp_key("administrative activity")
        );
        assert_eq!(fp_key("Access via SSH"), "access via ssh");
        assert_eq!(fp_key("Legitimate"), "legitimate");
        assert_eq!(fp_key("Unknown."), "unknown");
        assert_eq!(fp_key("N/A"), "n a");
        assert_ne!(fp_key("Backup software"), fp_key("Backup operators"));
    }

    #[test]
    fn generic_entries_are_left_out() {
        for g in [
            "Unknown",
            "unlikely",
            "None",
            "n/a",
            "Very unlikely.",
            "Unknown false positives",
        ] {
            assert!(generic_fp(&fp_key(g)), "{g:?}");
        }
        assert!(!generic_fp(&fp_key("Unknown installers")));
    }

    #[test]
    fn fp_anchors_are_short_and_collisions_go_by_key() {
        let keys: Vec<String> = [
            "admin activity",
            "a very long false positive text that goes on beyond forty bytes two",
            "a very long false positive text that goes on beyond forty bytes one",
            "admin activity!",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        let a = fp_anchors(keys.iter());
        assert_eq!(a["admin activity"], "fp-admin-activity");
        assert_eq!(a["admin activity!"], "fp-admin-activity-2");
        assert_eq!(
            a["a very long false positive text that goes on beyond forty bytes one"],
            "fp-a-very-long-false-positive-text-that"
        );
        assert_eq!(
            a["a very long false positive text that goes on beyond forty bytes two"],
            "fp-a-very-long-false-positive-text-that-2"
        );
        let reversed = fp_anchors(keys.iter().rev());
        assert_eq!(a, reversed);
    }
}
