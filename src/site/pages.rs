//! Views: one function per page kind, each turning the catalogue indices into view structs.

use std::collections::BTreeMap;

use crate::lints;
use crate::sigma::Kind;

use super::attack::TacticInfo;
use super::index::Index;
use super::markdown::{safe_href, to_html, to_inline_html};
use super::slug::text_slug;
use super::views::*;

/// Findings listed on a lint page.
const MAX_LINT_FINDINGS: usize = 2000;
/// Rules on the home page lists.
const HOME_LIST: usize = 12;
/// Fields listed on a log source page.
const LOGSOURCE_FIELDS: usize = 80;
/// Rows of the rule index written as HTML (the script pages through the rest; `site.js` has
/// the same page size).
pub const INDEX_PAGE: usize = 100;

/// A page to build.
#[derive(Debug, Clone)]
pub enum Job {
    Home,
    RuleIndex,
    RuleList,
    Rule(usize),
    Deprecated,
    Matrix,
    Technique(String),
    Tactic(usize),
    Logsources,
    Logsource(&'static str, String),
    Lints,
    Lint(&'static crate::lint::Lint),
    FalsePositives,
    /// `--compare`: what changed since.
    Changes,
}

impl Job {
    /// Output path, template and navigation section.
    pub fn target(&self, ix: &Index<'_>) -> (String, &'static str, &'static str) {
        match self {
            Self::Home => ("index.html".into(), "home.html", "home"),
            Self::RuleIndex => ("rules/index.html".into(), "rules.html", "rules"),
            Self::RuleList => ("rules/all.html".into(), "rulelist.html", "rules"),
            Self::Rule(i) => (ix.rule_href(*i), "rule.html", "rules"),
            Self::Deprecated => (
                "rules/deprecated.html".into(),
                "deprecated.html",
                "deprecated",
            ),
            Self::Matrix => ("attack/index.html".into(), "matrix.html", "attack"),
            Self::Technique(id) => (ix.technique_href(id), "technique.html", "attack"),
            Self::Tactic(i) => (
                format!("attack/{}.html", text_slug(&ix.attack.tactics[*i].id)),
                "tactic.html",
                "attack",
            ),
            Self::Logsources => (
                "logsources/index.html".into(),
                "logsources.html",
                "logsources",
            ),
            Self::Logsource(kind, name) => (
                ix.logsource_href(kind, name).unwrap_or_default(),
                "logsource.html",
                "logsources",
            ),
            Self::Lints => ("lints/index.html".into(), "lints.html", "lints"),
            Self::Lint(l) => (lint_href(l), "lint.html", "lints"),
            Self::FalsePositives => (
                "rules/falsepositives.html".into(),
                "falsepositives.html",
                "falsepositives",
            ),
            Self::Changes => ("rules/changes.html".into(), "changes.html", "changes"),
        }
    }
}

pub fn jobs(ix: &Index<'_>) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::RuleIndex,
        Job::RuleList,
        Job::FalsePositives,
        Job::Matrix,
        Job::Logsources,
        Job::Lints,
    ];
    if !ix.deprecated.is_empty() {
        jobs.push(Job::Deprecated);
    }
    jobs.extend((0..ix.cat.rules.len()).map(Job::Rule));
    jobs.extend(ix.technique_ids().into_iter().map(Job::Technique));
    jobs.extend((0..ix.attack.tactics.len()).map(Job::Tactic));
    for (kind, map) in [
        ("product", &ix.products),
        ("category", &ix.categories),
        ("service", &ix.services),
    ] {
        jobs.extend(map.keys().map(|k| Job::Logsource(kind, k.clone())));
    }
    jobs.extend(lints::ALL.iter().map(|l| Job::Lint(l)));
    jobs
}

pub fn lint_href(l: &crate::lint::Lint) -> String {
    format!("lints/{}.html", l.code.to_ascii_lowercase())
}

pub fn page_title(ix: &Index<'_>, job: &Job) -> String {
    match job {
        Job::Home => "Home".into(),
        Job::RuleIndex => "Rules".into(),
        Job::RuleList => "All rules".into(),
        Job::Rule(i) => ix.cat.rules[*i].title.clone(),
        Job::Deprecated => "Deprecated rules".into(),
        Job::Matrix => "ATT&CK coverage".into(),
        Job::Technique(id) => match ix.attack.techniques.get(id) {
            Some(t) => format!("{id} {}", t.name),
            None => id.clone(),
        },
        Job::Tactic(i) => ix.attack.tactics[*i].name.clone(),
        Job::Logsources => "Log sources".into(),
        Job::Logsource(kind, name) => format!("{kind}: {name}"),
        Job::Lints => "Lints".into(),
        Job::Lint(l) => format!("{} {}", l.code, l.name),
        Job::FalsePositives => "False positives".into(),
        Job::Changes => "Changes".into(),
    }
}

fn counts(items: impl IntoIterator<Item = (String, Option<String>, usize)>) -> Vec<Count> {
    let items: Vec<_> = items.into_iter().collect();
    let max = items.iter().map(|(_, _, c)| *c).max().unwrap_or(0).max(1);
    items
        .into_iter()
        .map(|(label, href, count)| Count {
            label,
            href,
            count,
            pct: u32::try_from(count * 100 / max).unwrap_or(100),
        })
        .collect()
}

/// Counts of a string key over rules, most frequent first, ties by key.
fn tally<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for k in keys {
        *m.entry(k).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, c)| (k.to_owned(), c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

const LEVELS: [&str; 5] = ["critical", "high", "medium", "low", "informational"];
const STATUSES: [&str; 6] = [
    "stable",
    "test",
    "experimental",
    "deprecated",
    "unsupported",
    "",
];

fn level_rank(l: &str) -> usize {
    LEVELS.iter().position(|x| *x == l).unwrap_or(LEVELS.len())
}

fn status_rank(s: &str) -> usize {
    STATUSES
        .iter()
        .position(|x| *x == s)
        .unwrap_or(STATUSES.len())
}

pub fn totals(ix: &Index<'_>) -> Totals {
    let listed = ix.listed.iter().map(|&i| &ix.cat.rules[i]);
    let mut t = Totals {
        rules: ix.listed.len(),
        detection_rules: 0,
        correlations: 0,
        filters: 0,
        deprecated: ix.deprecated.len(),
        files: ix.cat.files.len(),
        techniques_covered: 0,
        techniques_total: ix
            .attack
            .techniques
            .values()
            .filter(|t| t.status.is_empty() && t.parent.is_none())
            .count(),
        products: ix.products.len(),
        errors: 0,
        warnings: 0,
        infos: 0,
        files_with_findings: 0,
        skipped: ix.cat.files.iter().filter(|f| f.rules.is_empty()).count(),
    };
    for r in listed {
        match r.kind {
            Kind::Detection => t.detection_rules += 1,
            Kind::Correlation => t.correlations += 1,
            Kind::Filter => t.filters += 1,
        }
    }
    t.techniques_covered = ix
        .attack
        .techniques
        .values()
        .filter(|x| x.status.is_empty() && x.parent.is_none() && !ix.rollup(&x.id).is_empty())
        .count();
    for f in &ix.cat.files {
        let mut any = false;
        for d in &f.findings {
            any = true;
            match d.severity {
                "error" => t.errors += 1,
                "warning" => t.warnings += 1,
                _ => t.infos += 1,
            }
        }
        t.files_with_findings += usize::from(any);
    }
    t
}

/// `readme_html`: the pack README, already rendered (its links resolved by the caller).
pub fn home(ix: &Index<'_>, readme_html: Option<String>) -> HomeView {
    let rules = || ix.listed.iter().map(|&i| &ix.cat.rules[i]);
    let mut levels = tally(rules().map(|r| r.level.as_str()));
    levels.sort_by_key(|(l, _)| level_rank(l));
    let mut statuses = tally(rules().map(|r| r.status.as_str()));
    statuses.sort_by_key(|(s, _)| status_rank(s));
    let none = |s: String| if s.is_empty() { "(none)".to_owned() } else { s };
    let by_level = counts(levels.into_iter().map(|(l, c)| (none(l), None, c)));
    let by_status = counts(statuses.into_iter().map(|(s, c)| (none(s), None, c)));
    let by_product = counts(
        tally(rules().map(|r| r.product.as_str()))
            .into_iter()
            .take(15)
            .map(|(p, c)| {
                let href = ix.logsource_href("product", &p);
                (none(p), href, c)
            }),
    );
    let by_tactic = counts(ix.attack.tactics.iter().map(|t| {
        (
            t.name.clone(),
            ix.tactic_href(&t.shortname),
            ix.by_tactic.get(&t.shortname).map_or(0, Vec::len),
        )
    }));
    let iso = |d: &str| {
        d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            })
    };
    let mut newest: Vec<usize> = ix
        .listed
        .iter()
        .copied()
        .filter(|&i| iso(&ix.cat.rules[i].date))
        .collect();
    newest.sort_by(|a, b| {
        let (ra, rb) = (&ix.cat.rules[*a], &ix.cat.rules[*b]);
        rb.date.cmp(&ra.date).then_with(|| ra.title.cmp(&rb.title))
    });
    let mut modified: Vec<usize> = ix
        .listed
        .iter()
        .copied()
        .filter(|&i| iso(&ix.cat.rules[i].modified))
        .collect();
    modified.sort_by(|a, b| {
        let (ra, rb) = (&ix.cat.rules[*a], &ix.cat.rules[*b]);
        rb.modified
            .cmp(&ra.modified)
            .then_with(|| ra.title.cmp(&rb.title))
    });
    let mut top_lints: Vec<LintCount> = ix
        .findings
        .iter()
        .filter_map(|(code, list)| {
            let l = lints::by_code(code)?;
            Some(LintCount {
                code: l.code.to_owned(),
                name: l.name.to_owned(),
                severity: l.default_severity.as_str().to_owned(),
                href: lint_href(l),
                count: list.len(),
            })
        })
        .collect();
    top_lints.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    top_lints.truncate(10);
    HomeView {
        readme_html,
        totals: totals(ix),
        by_level,
        by_status,
        by_product,
        by_tactic,
        top_lints,
        newest: newest
            .into_iter()
            .take(HOME_LIST)
            .map(|i| ix.link(i))
            .collect(),
        recently_modified: modified
            .into_iter()
            .take(HOME_LIST)
            .map(|i| ix.link(i))
            .collect(),
    }
}

pub fn rule_index(ix: &Index<'_>) -> RuleIndexView {
    let rows = ix
        .listed
        .iter()
        .take(INDEX_PAGE)
        .enumerate()
        .map(|(n, &i)| RuleRow {
            i: n,
            rule: ix.link(i),
            tactics: ix.tags[i]
                .tactics
                .iter()
                .map(|s| {
                    ix.attack
                        .tactic(s)
                        .map_or_else(|| s.clone(), |t| t.name.clone())
                })
                .collect(),
            techniques: ix.tags[i]
                .techniques
                .iter()
                .map(|(id, _)| id.clone())
                .collect(),
            findings: ix.cat.rules[i].findings.len(),
        })
        .collect();
    RuleIndexView {
        rows,
        total: ix.listed.len(),
        include_deprecated: ix.opts.include_deprecated,
    }
}

pub fn rule_list(ix: &Index<'_>) -> RuleListView {
    RuleListView {
        rules: ix.listed.iter().map(|&i| ix.link(i)).collect(),
    }
}

fn tactic_ref(ix: &Index<'_>, t: &TacticInfo) -> TacticRef {
    TacticRef {
        id: t.id.clone(),
        name: t.name.clone(),
        shortname: t.shortname.clone(),
        href: ix.tactic_href(&t.shortname).unwrap_or_default(),
        url: safe_href(&t.url).map(str::to_owned),
    }
}

fn related_item(ix: &Index<'_>, reference: &str, relation: &str) -> RelatedItem {
    RelatedItem {
        reference: reference.to_owned(),
        relation: relation.to_owned(),
        rule: ix.cat.lookup(reference).map(|j| ix.link(j)),
    }
}

/// A repository path for view/edit links: `/`-separated, percent-encoded; `None` when it has
/// an empty or `..` segment.
pub fn repo_path(path: &str) -> Option<String> {
    let p = path.trim_start_matches("./");
    if p.split('/').any(|s| s == ".." || s.is_empty()) {
        return None;
    }
    Some(
        p.split('/')
            .map(|seg| {
                seg.bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// A technique as a rule page or the matrix names it: names, page, tactics, status.
fn technique_ref(ix: &Index<'_>, id: &str, tag: &str) -> TechniqueRef {
    let info = ix.attack.techniques.get(id);
    TechniqueRef {
        id: id.to_owned(),
        name: info.map(|x| x.name.clone()).unwrap_or_default(),
        parent_name: info
            .and_then(|x| x.parent.as_ref())
            .and_then(|p| ix.attack.techniques.get(p))
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        href: Some(ix.technique_href(id)),
        url: info.and_then(|x| safe_href(&x.url)).map(str::to_owned),
        tactics: info
            .map(|x| {
                x.tactics
                    .iter()
                    .map(|s| {
                        ix.attack
                            .tactic(s)
                            .map_or_else(|| s.clone(), |t| t.name.clone())
                    })
                    .collect()
            })
            .unwrap_or_default(),
        status: info.map(|x| x.status.to_owned()).unwrap_or_default(),
        replacement: info.and_then(|x| x.replacement.clone()),
        tag: tag.to_owned(),
    }
}

pub fn rule(ix: &Index<'_>, i: usize) -> RuleView {
    let r = &ix.cat.rules[i];
    let t = &ix.tags[i];
    let attack = AttackTags {
        tactics: t
            .tactics
            .iter()
            .filter_map(|s| ix.attack.tactic(s))
            .map(|x| tactic_ref(ix, x))
            .collect(),
        techniques: t
            .techniques
            .iter()
            .map(|(id, tag)| technique_ref(ix, id, tag))
            .collect(),
        entities: t
            .entities
            .iter()
            .map(|(kind, e, tag)| EntityRef {
                kind: (*kind).to_owned(),
                id: e.id.clone(),
                name: e.name.clone(),
                url: safe_href(&e.url).map(str::to_owned),
                tag: tag.clone(),
            })
            .collect(),
        unknown: t.unknown.clone(),
        other: t.other.clone(),
    };
    let mut logsource = Vec::new();
    for (k, v) in [
        ("product", &r.product),
        ("category", &r.category),
        ("service", &r.service),
    ] {
        if !v.is_empty() {
            logsource.push(LogsourceItem {
                key: k.to_owned(),
                value: v.clone(),
                href: ix.logsource_href(k, v),
            });
        }
    }
    let repo = ix
        .opts
        .repo_url
        .as_deref()
        .and_then(safe_href)
        .map(|u| u.trim_end_matches('/').to_owned());
    let in_repo = ix.cat.files[r.file].repo_path.as_deref().ok();
    let (view_url, edit_url) = match (repo, in_repo.and_then(repo_path)) {
        (Some(base), Some(p)) => {
            let branch = repo_path(&ix.opts.branch).unwrap_or_else(|| "main".to_owned());
            (
                Some(format!("{base}/blob/{branch}/{p}")),
                Some(format!("{base}/edit/{branch}/{p}")),
            )
        }
        _ => (None, None),
    };
    let successors = if r.deprecated {
        successors(ix, i)
    } else {
        Vec::new()
    };
    let correlation = r.correlation.as_ref().map(|c| CorrelationView {
        meaning: match c.kind.as_str() {
            "event_count" => "counts the events matched by the rules",
            "value_count" => {
                "counts the distinct values of a field in the events matched by the rules"
            }
            "temporal" => "all of the rules match within the timespan",
            "temporal_ordered" => "the rules match in the listed order within the timespan",
            "value_sum" => "sums a field over the events matched by the rules",
            "value_avg" => "averages a field over the events matched by the rules",
            "value_percentile" => {
                "takes a percentile of a field over the events matched by the rules"
            }
            _ => "",
        }
        .to_owned(),
        kind: c.kind.clone(),
        rules: c
            .rules
            .iter()
            .map(|x| related_item(ix, x, "rule"))
            .collect(),
        group_by: c.group_by.clone(),
        timespan: c.timespan.clone(),
        condition: c
            .condition
            .iter()
            .map(|(k, v)| KeyValue {
                key: k.clone(),
                value: v.clone(),
            })
            .collect(),
        generate: c.generate.clone(),
        aliases: c
            .aliases
            .iter()
            .map(|(k, v)| KeyValue {
                key: k.clone(),
                value: v.clone(),
            })
            .collect(),
        words: correlation_words(ix, c),
    });
    let needs = NeedsView {
        fields: r.detection_fields.clone(),
        keywords: r.keywords,
        definition: r.definition.clone(),
    };
    RuleView {
        rule: ix.link(i),
        kind: match r.kind {
            Kind::Detection => "rule",
            Kind::Correlation => "correlation",
            Kind::Filter => "filter",
        },
        name: r.name.clone(),
        description: paragraphs(&r.description),
        author: r.author.clone(),
        logsource,
        path: r.path.clone(),
        raw_href: format!("{}.yml", r.slug),
        view_url,
        edit_url,
        references: r
            .references
            .iter()
            .map(|x| LinkText {
                text: x.clone(),
                url: safe_href(x).map(str::to_owned),
            })
            .collect(),
        falsepositives: r
            .falsepositives
            .iter()
            .map(|f| {
                let g = ix
                    .fp_position
                    .get(&super::index::fp_key(f))
                    .map(|&n| &ix.false_positives[n]);
                FalsePositive {
                    text: f.clone(),
                    href: g.map(|g| format!("rules/falsepositives.html#{}", g.anchor)),
                    others: g.map_or(0, |g| g.rules.len().saturating_sub(1)),
                }
            })
            .collect(),
        fields: r.fields.clone(),
        attack,
        related: r
            .related
            .iter()
            .map(|(id, kind)| related_item(ix, id, kind))
            .collect(),
        referenced_by: ix.reverse[i]
            .iter()
            .map(|(j, rel)| RelatedItem {
                reference: ix.cat.rules[*j].id.clone(),
                relation: rel.clone(),
                rule: Some(ix.link(*j)),
            })
            .collect(),
        successors,
        detection: r.detection.clone(),
        correlation,
        filter_rules: r
            .filter_rules
            .iter()
            .map(|x| related_item(ix, x, "filtered"))
            .collect(),
        yaml_detection: r.yaml_detection.clone(),
        yaml_full: r.yaml_full.clone(),
        findings: r
            .findings
            .iter()
            .map(|d| Finding {
                code: d.code.to_owned(),
                name: d.name.to_owned(),
                severity: d.severity.to_owned(),
                href: format!("lints/{}.html", d.code.to_ascii_lowercase()),
                line: d.line,
                column: d.column,
                message: text_parts(&d.message),
                help: d.help.as_deref().map(text_parts).unwrap_or_default(),
            })
            .collect(),
        document: (r.doc_count > 1).then(|| {
            format!(
                "document {} of {} in this file",
                r.doc_index + 1,
                r.doc_count
            )
        }),
        needs,
    }
}

/// A correlation's threshold in words: `gt: 3` → "more than 3"; several bounds joined by
/// "and"; `None` when it names no known bound.
fn threshold(condition: &[(String, String)]) -> Option<String> {
    let bounds: Vec<String> = condition
        .iter()
        .filter_map(|(k, v)| {
            let word = match k.as_str() {
                "gt" => "more than",
                "gte" => "at least",
                "lt" => "fewer than",
                "lte" => "at most",
                "eq" => "exactly",
                "neq" => "other than",
                _ => return None,
            };
            Some(format!("{word} {}", v.trim()))
        })
        .collect();
    (!bounds.is_empty()).then(|| bounds.join(" and "))
}

/// A Sigma timespan (`5m`, `1h`, `30s`, `7d`) in words; anything else as written.
pub fn timespan_words(span: &str) -> String {
    let span = span.trim();
    let split = span
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(span.len());
    let (n, unit) = span.split_at(split);
    let Ok(n) = n.parse::<u64>() else {
        return span.to_owned();
    };
    let unit = match unit {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "M" => "month",
        "y" => "year",
        _ => return span.to_owned(),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

fn correlation_words(ix: &Index<'_>, c: &super::collect::CorrelationData) -> CorrelationWords {
    let field = c
        .condition
        .iter()
        .find(|(k, _)| k == "field")
        .map(|(_, v)| v.trim().to_owned());
    let bound = threshold(&c.condition);
    let of_field = |what: &str| match &field {
        Some(f) => format!("{what} {f} in the events of"),
        None => format!("{what} a field in the events of"),
    };
    let (before, joiner) = match c.kind.as_str() {
        "event_count" => (
            format!("{} events of", bound.as_deref().unwrap_or("a number of")),
            " or ",
        ),
        "value_count" => (
            format!(
                "{} distinct values of {} in the events of",
                bound.as_deref().unwrap_or("a number of"),
                field.as_deref().unwrap_or("a field")
            ),
            " or ",
        ),
        "temporal" => ("events of each of".to_owned(), ", "),
        "temporal_ordered" => ("events of".to_owned(), ", then "),
        "value_sum" => (of_field("the sum of"), " or "),
        "value_avg" => (of_field("the average of"), " or "),
        "value_percentile" => (of_field("a percentile of"), " or "),
        _ => (String::new(), ", "),
    };
    let mut after = String::new();
    if c.kind == "temporal_ordered" {
        after.push_str(" in this order");
    }
    if matches!(
        c.kind.as_str(),
        "value_sum" | "value_avg" | "value_percentile"
    ) && let Some(b) = &bound
    {
        after.push_str(&format!(" is {b}"));
    }
    if !c.group_by.is_empty() {
        after.push_str(&format!(" per {}", c.group_by.join(" and ")));
    }
    if !c.timespan.is_empty() {
        after.push_str(&format!(" within {}", timespan_words(&c.timespan)));
    }
    CorrelationWords {
        before,
        rules: c
            .rules
            .iter()
            .map(|x| related_item(ix, x, "rule"))
            .collect(),
        joiner: joiner.to_owned(),
        after,
    }
}

/// Paragraphs of a description: blank lines separate them, single line breaks inside a
/// paragraph are spaces (YAML block scalars often wrap lines).
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Rules that replace a deprecated one: those that name it as `obsolete`, `merged` or
/// `renamed`, plus the targets of its own `obsolete`/`renamed` relations pointing at live rules.
fn successors(ix: &Index<'_>, i: usize) -> Vec<RuleLink> {
    let mut out: Vec<usize> = ix.reverse[i]
        .iter()
        .filter(|(_, rel)| matches!(rel.as_str(), "obsolete" | "merged" | "renamed"))
        .map(|(j, _)| *j)
        .collect();
    for (id, _) in &ix.cat.rules[i].related {
        if let Some(j) = ix.cat.lookup(id)
            && !ix.cat.rules[j].deprecated
            && ix.reverse[i].iter().all(|(k, _)| *k != j)
            && ix.cat.rules[i].related.iter().any(|(x, rel)| {
                x == id && matches!(rel.as_str(), "obsolete" | "renamed" | "merged")
            })
        {
            out.push(j);
        }
    }
    ix.links(&out)
}

pub fn deprecated(ix: &Index<'_>) -> DeprecatedView {
    DeprecatedView {
        rules: ix
            .deprecated
            .iter()
            .map(|&i| DeprecatedItem {
                rule: ix.link(i),
                successors: successors(ix, i),
            })
            .collect(),
    }
}

/// Shade 0 (none) to 5 by rule count.
pub fn shade(count: usize) -> u8 {
    match count {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        8..=15 => 4,
        _ => 5,
    }
}

fn technique_link(ix: &Index<'_>, id: &str, count: usize) -> TechniqueLink {
    TechniqueLink {
        id: id.to_owned(),
        name: ix
            .attack
            .techniques
            .get(id)
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        href: ix.technique_href(id),
        count,
        shade: shade(count),
    }
}

/// Active techniques (no parent) of a tactic, sorted by name.
fn tactic_techniques<'b>(
    ix: &'b Index<'_>,
    shortname: &str,
) -> Vec<&'b super::attack::TechniqueInfo> {
    let mut v: Vec<_> = ix
        .attack
        .techniques
        .values()
        .filter(|t| {
            t.parent.is_none() && t.status.is_empty() && t.tactics.iter().any(|s| s == shortname)
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    v
}

fn active_subs<'b>(ix: &'b Index<'_>, id: &str) -> Vec<&'b super::attack::TechniqueInfo> {
    ix.attack
        .subs
        .get(id)
        .into_iter()
        .flatten()
        .filter_map(|s| ix.attack.techniques.get(s))
        .filter(|t| t.status.is_empty())
        .collect()
}

pub fn matrix(ix: &Index<'_>) -> MatrixView {
    let targets = ix.opts.targets.as_ref();
    let mark = |id: &str, count: usize| match targets {
        Some(t) if t.ids.contains(id) => {
            if count > 0 {
                "hit"
            } else {
                "gap"
            }
        }
        _ => "",
    };
    let mut covered_all = std::collections::BTreeSet::new();
    let columns: Vec<MatrixColumn> = ix
        .attack
        .tactics
        .iter()
        .map(|tac| {
            let techniques = tactic_techniques(ix, &tac.shortname);
            let cells: Vec<MatrixCell> = techniques
                .iter()
                .map(|t| {
                    let subs: Vec<MatrixCell> = active_subs(ix, &t.id)
                        .into_iter()
                        .map(|s| {
                            let count = ix.by_technique.get(&s.id).map_or(0, Vec::len);
                            MatrixCell {
                                id: s.id.clone(),
                                name: s.name.clone(),
                                href: ix.technique_href(&s.id),
                                count,
                                shade: shade(count),
                                subs: Vec::new(),
                                subs_covered: 0,
                                target: mark(&s.id, count),
                            }
                        })
                        .collect();
                    let count = ix.rollup(&t.id).len();
                    MatrixCell {
                        id: t.id.clone(),
                        name: t.name.clone(),
                        href: ix.technique_href(&t.id),
                        count,
                        shade: shade(count),
                        subs_covered: subs.iter().filter(|s| s.count > 0).count(),
                        subs,
                        target: mark(&t.id, count),
                    }
                })
                .collect();
            for c in &cells {
                if c.count > 0 {
                    covered_all.insert(c.id.clone());
                }
            }
            MatrixColumn {
                tactic: tactic_ref(ix, tac),
                covered: cells.iter().filter(|c| c.count > 0).count(),
                total: cells.len(),
                cells,
            }
        })
        .collect();
    let total = ix
        .attack
        .techniques
        .values()
        .filter(|t| t.parent.is_none() && t.status.is_empty())
        .count();
    let unknown = counts(
        ix.by_technique
            .iter()
            .filter(|(id, _)| !ix.attack.techniques.contains_key(*id))
            .map(|(id, rules)| (id.clone(), Some(ix.technique_href(id)), rules.len())),
    );
    MatrixView {
        columns,
        legend: [
            (0, "no rule"),
            (1, "1 rule"),
            (2, "2–3 rules"),
            (3, "4–7 rules"),
            (4, "8–15 rules"),
            (5, "16 or more"),
        ]
        .into_iter()
        .map(|(shade, label)| LegendItem {
            shade,
            label: label.to_owned(),
        })
        .collect(),
        covered: covered_all.len(),
        total,
        unknown,
        targets: targets.map(|t| {
            // Covered as on the matrix: a parent through its sub-techniques' rules too.
            let gaps: Vec<&String> = t
                .ids
                .iter()
                .filter(|id| {
                    let n = if id.contains('.') {
                        ix.by_technique.get(*id).map_or(0, Vec::len)
                    } else {
                        ix.rollup(id).len()
                    };
                    n == 0
                })
                .collect();
            TargetsView {
                sources: t.sources.join(", "),
                covered: t.ids.len() - gaps.len(),
                total: t.ids.len(),
                gaps: gaps
                    .into_iter()
                    .map(|id| {
                        let mut r = technique_ref(ix, id, "");
                        // A target the release does not know has no page.
                        if !ix.attack.techniques.contains_key(id) {
                            r.href = None;
                        }
                        r
                    })
                    .collect(),
            }
        }),
        navigator_url: ix.opts.base_url.as_deref().and_then(safe_href).map(|b| {
            let layer = format!("{}/attack-layer.json", b.trim_end_matches('/'));
            let encoded: String = layer
                .bytes()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~') {
                        (c as char).to_string()
                    } else {
                        format!("%{c:02X}")
                    }
                })
                .collect();
            format!("https://mitre-attack.github.io/attack-navigator/#layerURL={encoded}")
        }),
    }
}

pub fn technique(ix: &Index<'_>, id: &str) -> TechniqueView {
    let info = ix.attack.techniques.get(id);
    let rules = ix.by_technique.get(id).cloned().unwrap_or_default();
    let subs = ix.attack.subs.get(id).cloned().unwrap_or_default();
    let sub_rules: Vec<usize> = subs
        .iter()
        .flat_map(|s| ix.by_technique.get(s).into_iter().flatten().copied())
        .collect();
    let entity_refs = |list: Vec<super::attack::EntityInfo>, kind: &str| {
        list.into_iter()
            .map(|e| EntityRef {
                kind: kind.to_owned(),
                id: e.id.clone(),
                name: e.name.clone(),
                url: safe_href(&e.url).map(str::to_owned),
                tag: String::new(),
            })
            .collect()
    };
    TechniqueView {
        id: id.to_owned(),
        name: info.map(|t| t.name.clone()).unwrap_or_default(),
        url: info.and_then(|t| safe_href(&t.url)).map(str::to_owned),
        tactics: info
            .map(|t| {
                t.tactics
                    .iter()
                    .filter_map(|s| ix.attack.tactic(s))
                    .map(|x| tactic_ref(ix, x))
                    .collect()
            })
            .unwrap_or_default(),
        parent: info
            .and_then(|t| t.parent.as_ref())
            .filter(|p| ix.has_technique_page(p))
            .map(|p| technique_link(ix, p, ix.by_technique.get(p).map_or(0, Vec::len))),
        subtechniques: subs
            .iter()
            .filter(|s| ix.has_technique_page(s))
            .map(|s| technique_link(ix, s, ix.by_technique.get(s).map_or(0, Vec::len)))
            .collect(),
        platforms: info.map(|t| t.platforms.clone()).unwrap_or_default(),
        status: info.map(|t| t.status.to_owned()).unwrap_or_default(),
        replacement: info
            .and_then(|t| t.replacement.as_ref())
            .filter(|r| ix.has_technique_page(r))
            .map(|r| technique_link(ix, r, ix.by_technique.get(r).map_or(0, Vec::len))),
        rules: ix.links(&rules),
        sub_rules: ix.links(&sub_rules),
        groups: entity_refs(ix.attack.groups_using(id), "group"),
        software: entity_refs(ix.attack.software_using(id), "software"),
        known: info.is_some(),
    }
}

pub fn tactic(ix: &Index<'_>, n: usize) -> TacticView {
    let tac = &ix.attack.tactics[n];
    let techniques: Vec<TechniqueLink> = tactic_techniques(ix, &tac.shortname)
        .into_iter()
        .map(|t| technique_link(ix, &t.id, ix.rollup(&t.id).len()))
        .collect();
    TacticView {
        tactic: tactic_ref(ix, tac),
        covered: techniques.iter().filter(|t| t.count > 0).count(),
        total: techniques.len(),
        techniques,
        rules: ix.links(ix.by_tactic.get(&tac.shortname).map_or(&[], Vec::as_slice)),
    }
}

pub fn logsources(ix: &Index<'_>) -> LogsourcesView {
    let rules = |f: &super::index::Facet| f.rules.len();
    let products = ix
        .products
        .iter()
        .map(|(name, f)| {
            let sub = |get: fn(&super::collect::Rule) -> &str, kind: &str| {
                let t = tally(
                    f.rules
                        .iter()
                        .map(|&i| get(&ix.cat.rules[i]))
                        .filter(|s| !s.is_empty()),
                );
                counts(t.into_iter().map(|(k, c)| {
                    let href = ix.logsource_href(kind, &k);
                    (k, href, c)
                }))
            };
            ProductGroup {
                product: Count {
                    label: name.clone(),
                    href: ix.logsource_href("product", name),
                    count: rules(f),
                    pct: 100,
                },
                categories: sub(|r| &r.category, "category"),
                services: sub(|r| &r.service, "service"),
            }
        })
        .collect();
    let axis = |m: &BTreeMap<String, super::index::Facet>, kind: &str| {
        counts(
            m.iter()
                .map(|(k, f)| (k.clone(), ix.logsource_href(kind, k), f.rules.len())),
        )
    };
    LogsourcesView {
        products,
        categories: axis(&ix.categories, "category"),
        services: axis(&ix.services, "service"),
        without: ix
            .listed
            .iter()
            .filter(|&&i| {
                let r = &ix.cat.rules[i];
                r.product.is_empty() && r.category.is_empty() && r.service.is_empty()
            })
            .count(),
    }
}

pub fn logsource(ix: &Index<'_>, kind: &'static str, name: &str) -> LogsourceView {
    let map = match kind {
        "product" => &ix.products,
        "category" => &ix.categories,
        _ => &ix.services,
    };
    let rules = map.get(name).map(|f| f.rules.clone()).unwrap_or_default();
    let mut related = Vec::new();
    for (other, get) in [
        (
            "product",
            (|r: &super::collect::Rule| r.product.clone()) as fn(&super::collect::Rule) -> String,
        ),
        ("category", |r| r.category.clone()),
        ("service", |r| r.service.clone()),
    ] {
        if other == kind {
            continue;
        }
        let values: Vec<String> = rules.iter().map(|&i| get(&ix.cat.rules[i])).collect();
        for (v, c) in tally(values.iter().map(String::as_str).filter(|s| !s.is_empty())) {
            related.push((format!("{other}: {v}"), ix.logsource_href(other, &v), c));
        }
    }
    let techniques = tally(
        rules
            .iter()
            .flat_map(|&i| ix.tags[i].techniques.iter().map(|(id, _)| id.as_str())),
    );
    let fields = tally(
        rules
            .iter()
            .flat_map(|&i| ix.cat.rules[i].detection_fields.iter().map(String::as_str)),
    );
    let definitions = tally(
        rules
            .iter()
            .map(|&i| ix.cat.rules[i].definition.as_str())
            .filter(|d| !d.is_empty()),
    );
    LogsourceView {
        fields_omitted: fields.len().saturating_sub(LOGSOURCE_FIELDS),
        fields: counts(
            fields
                .into_iter()
                .take(LOGSOURCE_FIELDS)
                .map(|(f, c)| (f, None, c)),
        ),
        definitions: counts(definitions.into_iter().map(|(d, c)| (d, None, c))),
        kind,
        name: name.to_owned(),
        rules: ix.links(&rules),
        related: counts(related),
        techniques: counts(techniques.into_iter().take(30).map(|(id, c)| {
            let label = match ix.attack.techniques.get(&id) {
                Some(t) => format!("{id} {}", t.name),
                None => id.clone(),
            };
            (label, Some(ix.technique_href(&id)), c)
        })),
    }
}

fn lint_summary(ix: &Index<'_>, l: &crate::lint::Lint) -> LintSummary {
    let summary = l.summary();
    LintSummary {
        code: l.code.to_owned(),
        name: l.name.to_owned(),
        severity: l.default_severity.as_str().to_owned(),
        summary_html: to_inline_html(&summary),
        summary,
        href: lint_href(l),
        count: ix.findings.get(l.code).map_or(0, Vec::len),
    }
}

pub fn lints_index(ix: &Index<'_>) -> LintsView {
    LintsView {
        lints: lints::ALL.iter().map(|l| lint_summary(ix, l)).collect(),
        totals: totals(ix),
    }
}

pub fn lint(ix: &Index<'_>, l: &crate::lint::Lint) -> LintView {
    let list = ix.findings.get(l.code).map_or(&[][..], Vec::as_slice);
    LintView {
        lint: lint_summary(ix, l),
        doc_html: to_html(&l.documentation()),
        findings: list
            .iter()
            .take(MAX_LINT_FINDINGS)
            .map(|(fi, ri, d)| LintFinding {
                rule: ri.map(|i| ix.link(i)),
                path: ix.cat.files[*fi].path.clone(),
                line: d.line,
                column: d.column,
                message: text_parts(&d.message),
            })
            .collect(),
        omitted: list.len().saturating_sub(MAX_LINT_FINDINGS),
    }
}

/// Techniques shown per false-positive entry.
const FP_TECHNIQUES: usize = 6;

pub fn false_positives(ix: &Index<'_>) -> FalsePositivesView {
    let named: usize = ix.false_positives.iter().map(|g| g.rules.len()).sum();
    FalsePositivesView {
        groups: ix
            .false_positives
            .iter()
            .map(|g| {
                let techniques = tally(
                    g.rules
                        .iter()
                        .flat_map(|&i| ix.tags[i].techniques.iter().map(|(id, _)| id.as_str())),
                );
                FalsePositiveGroup {
                    anchor: g.anchor.clone(),
                    text: g.text.clone(),
                    rules: ix
                        .links(&g.rules)
                        .into_iter()
                        .map(|l| FpRule {
                            slug: l.slug,
                            title: l.title,
                        })
                        .collect(),
                    techniques: techniques
                        .into_iter()
                        .take(FP_TECHNIQUES)
                        .map(|(id, count)| FpTechnique {
                            href: ix.technique_href(&id),
                            name: ix
                                .attack
                                .techniques
                                .get(&id)
                                .map(|t| t.name.clone())
                                .unwrap_or_default(),
                            id,
                            count,
                        })
                        .collect(),
                }
            })
            .collect(),
        generic: ix.fp_generic,
        named,
    }
}
