//! Machine-readable outputs: the search index script, `catalogue.json`, `rules.csv` and the
//! ATT&CK Navigator layer.

use std::collections::BTreeMap;

use serde::Serialize;

use super::index::Index;
use super::markdown::safe_href;

/// Where a token occurs in a rule, as bits of a posting's mask. The order is by frequency, so
/// the common masks fit one character of the encoding; `site.js` knows the same bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    Value = 1,
    Field = 2,
    Description = 4,
    Tag = 8,
    Title = 16,
    Logsource = 32,
    FalsePositive = 64,
    Author = 128,
    Reference = 256,
    Id = 512,
}

/// Longest token kept; a longer word (a base64 blob, a long path) is cut, and so is a query
/// term, so the two still meet.
pub const MAX_TOKEN: usize = 64;

/// The words of a text as the search index and `site.js` cut them: runs of letters, digits,
/// `-`, `_` and `.`, trimmed of those three at both ends, lowercased, at most [`MAX_TOKEN`]
/// characters.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map(|w| w.trim_matches(['-', '_', '.']))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(MAX_TOKEN).collect())
}

/// The alphabet of the posting encoding: JSON-safe, no space (the separator).
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A varint in [`B64`]: five bits a character, low bits first, bit 5 set on all but the last.
fn varint(out: &mut String, mut v: usize) {
    loop {
        let low = v & 31;
        v >>= 5;
        let c = if v == 0 { low } else { low | 32 };
        out.push(char::from(B64[c]));
        if v == 0 {
            break;
        }
    }
}

/// `assets/search-index.js`: a script that sets `window.SIGSCOPE_INDEX`, so it loads from
/// `file://` where fetching JSON is blocked. One copy of what the rule index needs: the rows'
/// metadata and a token dictionary with postings, not the rows' HTML.
///
/// Shape: `{v: 2, n, s: {level: [...], status, product, category, service, tactic,
/// tacticName, technique, techniqueName, author}, r: [[slug, title, level, status, product,
/// category, service, [tactics], [techniques], [authors], modified or else date, findings]], t,
/// p}`.
/// Rows follow the index's title order; facet values are positions in the `s` tables (authors
/// merged, see `index::merge_authors`). `t` is the sorted tokens joined by spaces, `p` their
/// postings joined by spaces: per rule containing the token, the row delta (from -1) and the
/// mask of [`Where`]s it occurs in, each as a [`varint`].
pub fn search_index(ix: &Index<'_>) -> String {
    #[derive(Default)]
    struct Table {
        values: Vec<String>,
        pos: BTreeMap<String, usize>,
    }
    impl Table {
        fn new() -> Self {
            let mut t = Self::default();
            t.at("");
            t
        }
        fn at(&mut self, v: &str) -> usize {
            if let Some(&p) = self.pos.get(v) {
                return p;
            }
            self.values.push(v.to_owned());
            self.pos.insert(v.to_owned(), self.values.len() - 1);
            self.values.len() - 1
        }
    }
    let mut t: BTreeMap<&str, Table> = [
        "level",
        "status",
        "product",
        "category",
        "service",
        "tactic",
        "technique",
    ]
    .into_iter()
    .map(|k| (k, Table::new()))
    .collect();
    let mut at = |k: &str, v: &str| t.get_mut(k).map_or(0, |x| x.at(v));
    // Tables in the order the filters list them: levels and statuses by rank, tactics as on the
    // matrix, the rest sorted.
    for l in ["critical", "high", "medium", "low", "informational"] {
        at("level", l);
    }
    for st in [
        "stable",
        "test",
        "experimental",
        "deprecated",
        "unsupported",
    ] {
        at("status", st);
    }
    let mut tactics: Vec<&String> = ix.by_tactic.keys().collect();
    tactics.sort_by_key(|s| (ix.attack.tactic_position(s), (*s).clone()));
    for s in tactics {
        at("tactic", s);
    }
    for id in ix.by_technique.keys() {
        at("technique", id);
    }
    for (kind, map) in [
        ("product", &ix.products),
        ("category", &ix.categories),
        ("service", &ix.services),
    ] {
        for k in map.keys() {
            at(kind, k);
        }
    }
    let mut rows = Vec::with_capacity(ix.listed.len());
    let mut postings: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
    for (row, &i) in ix.listed.iter().enumerate() {
        let r = &ix.cat.rules[i];
        let tags = &ix.tags[i];
        let tactics: Vec<usize> = tags.tactics.iter().map(|s| at("tactic", s)).collect();
        let techniques: Vec<usize> = tags
            .techniques
            .iter()
            .map(|(id, _)| at("technique", id))
            .collect();
        let when = if r.modified.is_empty() {
            &r.date
        } else {
            &r.modified
        };
        rows.push(serde_json::json!([
            r.slug,
            r.title,
            at("level", &r.level),
            at("status", &r.status),
            at("product", &r.product),
            at("category", &r.category),
            at("service", &r.service),
            tactics,
            techniques,
            ix.rule_authors[i],
            when,
            r.findings.len(),
        ]));
        let mut masks: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut add = |text: &str, field: Where| {
            for tok in tokens(text) {
                *masks.entry(tok).or_default() |= field as u32;
            }
        };
        add(&r.title, Where::Title);
        add(&r.id, Where::Id);
        add(&r.name, Where::Id);
        add(&r.description, Where::Description);
        for tag in &r.tags {
            add(tag, Where::Tag);
        }
        for (id, _) in &tags.techniques {
            add(id, Where::Tag);
            if let Some(x) = ix.attack.techniques.get(id) {
                add(&x.name, Where::Tag);
            }
        }
        for s in &tags.tactics {
            if let Some(x) = ix.attack.tactic(s) {
                add(&x.name, Where::Tag);
                add(&x.shortname, Where::Tag);
                add(&x.id, Where::Tag);
            }
        }
        for v in [&r.product, &r.category, &r.service, &r.definition] {
            add(v, Where::Logsource);
        }
        for f in r.detection_fields.iter().chain(&r.fields) {
            add(f, Where::Field);
        }
        for v in &r.search_values {
            add(v, Where::Value);
        }
        for fp in &r.falsepositives {
            add(fp, Where::FalsePositive);
        }
        add(&r.author, Where::Author);
        for reference in &r.references {
            add(reference, Where::Reference);
        }
        for (tok, mask) in masks {
            postings.entry(tok).or_default().push((row, mask));
        }
    }
    let mut tokens_joined = String::new();
    let mut postings_joined = String::new();
    for (n, (tok, list)) in postings.iter_mut().enumerate() {
        if n > 0 {
            tokens_joined.push(' ');
            postings_joined.push(' ');
        }
        tokens_joined.push_str(tok);
        list.sort_unstable();
        let mut prev = 0;
        for &(row, mask) in list.iter() {
            varint(&mut postings_joined, row + 1 - prev);
            varint(&mut postings_joined, mask as usize);
            prev = row + 1;
        }
    }
    let mut tables: BTreeMap<&str, Vec<String>> =
        t.into_iter().map(|(k, v)| (k, v.values)).collect();
    let names = |ids: &[String], name: &dyn Fn(&str) -> Option<String>| -> Vec<String> {
        ids.iter()
            .map(|id| name(id).unwrap_or_else(|| id.clone()))
            .collect()
    };
    let tactic_names = names(&tables["tactic"], &|s| {
        ix.attack.tactic(s).map(|x| x.name.clone())
    });
    let technique_names = names(&tables["technique"], &|id| {
        ix.attack.techniques.get(id).map(|x| x.name.clone())
    });
    tables.insert("tacticName", tactic_names);
    tables.insert("techniqueName", technique_names);
    tables.insert("author", ix.authors.clone());
    let index = serde_json::json!({
        "v": 2,
        "n": ix.listed.len(),
        "s": tables,
        "r": rows,
        "t": tokens_joined,
        "p": postings_joined,
    });
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".to_owned());
    // JSON is a JavaScript expression; U+2028/2029 are escaped for older engines.
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.SIGSCOPE_INDEX = {json};\n")
}

#[derive(Serialize)]
struct CatalogueJson<'a> {
    generator: String,
    attack_version: &'a str,
    rules: Vec<RuleJson<'a>>,
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    slug: &'a str,
    page: String,
    kind: &'static str,
    title: &'a str,
    status: &'a str,
    level: &'a str,
    description: &'a str,
    author: &'a str,
    date: &'a str,
    modified: &'a str,
    path: &'a str,
    logsource: Logsource<'a>,
    tags: &'a [String],
    attack: AttackJson,
    references: &'a [String],
    falsepositives: &'a [String],
    related: Vec<RelatedJson<'a>>,
    findings: FindingsJson,
}

#[derive(Serialize)]
struct Logsource<'a> {
    product: &'a str,
    category: &'a str,
    service: &'a str,
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

#[derive(Serialize)]
struct Named {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct AttackJson {
    tactics: Vec<Named>,
    techniques: Vec<Named>,
}

#[derive(Serialize)]
struct FindingsJson {
    error: usize,
    warning: usize,
    info: usize,
    codes: Vec<&'static str>,
}

/// `catalogue.json`: every rule's metadata, resolved ATT&CK and lint summary.
pub fn catalogue_json(ix: &Index<'_>) -> String {
    let rules = ix
        .listed
        .iter()
        .chain(ix.deprecated.iter().filter(|&&i| !ix.is_listed[i]))
        .map(|&i| {
            let r = &ix.cat.rules[i];
            let t = &ix.tags[i];
            let mut codes: Vec<&'static str> = r.findings.iter().map(|d| d.code).collect();
            codes.sort_unstable();
            codes.dedup();
            let sev = |s: &str| r.findings.iter().filter(|d| d.severity == s).count();
            RuleJson {
                id: &r.id,
                slug: &r.slug,
                page: ix.rule_href(i),
                kind: match r.kind {
                    crate::sigma::Kind::Detection => "rule",
                    crate::sigma::Kind::Correlation => "correlation",
                    crate::sigma::Kind::Filter => "filter",
                },
                title: &r.title,
                status: &r.status,
                level: &r.level,
                description: &r.description,
                author: &r.author,
                date: &r.date,
                modified: &r.modified,
                path: &r.path,
                logsource: Logsource {
                    product: &r.product,
                    category: &r.category,
                    service: &r.service,
                },
                tags: &r.tags,
                attack: AttackJson {
                    tactics: t
                        .tactics
                        .iter()
                        .filter_map(|s| ix.attack.tactic(s))
                        .map(|x| Named {
                            id: x.id.clone(),
                            name: x.name.clone(),
                        })
                        .collect(),
                    techniques: t
                        .techniques
                        .iter()
                        .map(|(id, _)| Named {
                            id: id.clone(),
                            name: ix
                                .attack
                                .techniques
                                .get(id)
                                .map(|x| x.name.clone())
                                .unwrap_or_default(),
                        })
                        .collect(),
                },
                references: &r.references,
                falsepositives: &r.falsepositives,
                related: r
                    .related
                    .iter()
                    .map(|(id, kind)| RelatedJson { id, kind })
                    .collect(),
                findings: FindingsJson {
                    error: sev("error"),
                    warning: sev("warning"),
                    info: sev("info"),
                    codes,
                },
            }
        })
        .collect();
    let doc = CatalogueJson {
        generator: format!("sigscope {}", env!("CARGO_PKG_VERSION")),
        attack_version: &ix.attack.version,
        rules,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// One CSV field: quoted, quotes doubled, and a leading `=`, `+`, `-`, `@`, tab or CR
/// neutralised with `'` so a spreadsheet does not run rule text as a formula.
fn csv_field(out: &mut String, v: &str) {
    out.push('"');
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    out.push_str(&v.replace('"', "\"\""));
    out.push('"');
}

/// `rules.csv`: the rule index as a spreadsheet.
pub fn csv(ix: &Index<'_>) -> String {
    let mut out = String::from(
        "id,title,status,level,product,category,service,tactics,techniques,author,date,modified,path,page\r\n",
    );
    for &i in &ix.listed {
        let r = &ix.cat.rules[i];
        let t = &ix.tags[i];
        let tactics = t.tactics.join(" ");
        let techniques: Vec<&str> = t.techniques.iter().map(|(id, _)| id.as_str()).collect();
        let page = ix.rule_href(i);
        let fields = [
            r.id.as_str(),
            &r.title,
            &r.status,
            &r.level,
            &r.product,
            &r.category,
            &r.service,
            &tactics,
            &techniques.join(" "),
            &r.author,
            &r.date,
            &r.modified,
            &r.path,
            &page,
        ];
        for (n, f) in fields.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            csv_field(&mut out, f);
        }
        out.push_str("\r\n");
    }
    out
}

/// Rule titles listed in a layer technique's metadata.
const LAYER_RULES: usize = 20;

/// `attack-layer.json`: ATT&CK Navigator layer format 4.5. Scores are the number of rules
/// tagged with exactly that technique (no roll-up; the Navigator can aggregate
/// sub-techniques itself). Links go to rule pages when `--base-url` is set.
pub fn navigator_layer(ix: &Index<'_>) -> String {
    let base = ix
        .opts
        .base_url
        .as_deref()
        .and_then(safe_href)
        .filter(|u| !u.starts_with("mailto:"))
        .map(|u| u.trim_end_matches('/').to_owned());
    let mut max = 1;
    let techniques: Vec<serde_json::Value> = ix
        .by_technique
        .iter()
        .map(|(id, rules)| {
            max = max.max(rules.len());
            let links: Vec<serde_json::Value> = match &base {
                Some(b) => ix
                    .links(rules)
                    .into_iter()
                    .take(LAYER_RULES)
                    .map(
                        |l| serde_json::json!({"label": l.title, "url": format!("{b}/{}", l.href)}),
                    )
                    .collect(),
                None => Vec::new(),
            };
            let metadata: Vec<serde_json::Value> = ix
                .links(rules)
                .into_iter()
                .take(LAYER_RULES)
                .map(|l| serde_json::json!({"name": "rule", "value": l.title}))
                .collect();
            let has_subs = ix
                .attack
                .subs
                .get(id)
                .is_some_and(|s| s.iter().any(|x| ix.by_technique.contains_key(x)));
            let n = rules.len();
            serde_json::json!({
                "techniqueID": id,
                "score": n,
                "comment": format!("{n} rule{}", if n == 1 { "" } else { "s" }),
                "enabled": true,
                "metadata": metadata,
                "links": links,
                "showSubtechniques": has_subs,
            })
        })
        .collect();
    // Parents of scored sub-techniques need an entry to expand, even without their own rules.
    let mut extra: Vec<serde_json::Value> = Vec::new();
    for id in ix.by_technique.keys() {
        if let Some(parent) = ix.attack.techniques.get(id).and_then(|t| t.parent.as_ref())
            && !ix.by_technique.contains_key(parent)
            && !extra.iter().any(|e| e["techniqueID"] == parent.as_str())
        {
            extra.push(serde_json::json!({
                "techniqueID": parent,
                "enabled": true,
                "showSubtechniques": true,
                "comment": "",
                "metadata": [],
                "links": [],
            }));
        }
    }
    let mut techniques = techniques;
    techniques.extend(extra);
    techniques.sort_by(|a, b| {
        a["techniqueID"]
            .as_str()
            .unwrap_or_default()
            .cmp(b["techniqueID"].as_str().unwrap_or_default())
    });
    let mut versions = serde_json::json!({"navigator": "5.1.0", "layer": "4.5"});
    if !ix.attack.version.is_empty() {
        versions["attack"] = serde_json::json!(ix.attack.version);
    }
    let description = format!(
        "Rules per ATT&CK technique in {} ({} rules). A score counts the rules tagged with exactly that technique; rules tagged with a sub-technique count for the sub-technique only.{}",
        ix.opts.title,
        ix.listed.len(),
        if base.is_some() {
            ""
        } else {
            " Build with --base-url to link each technique to its rule pages."
        }
    );
    let layer = serde_json::json!({
        "name": ix.opts.title,
        "versions": versions,
        "domain": "enterprise-attack",
        "description": description,
        "sorting": 3,
        "layout": {"layout": "side", "aggregateFunction": "sum", "showID": true, "showName": true, "showAggregateScores": true, "countUnscored": false, "expandedSubtechniques": "annotated"},
        "hideDisabled": false,
        "techniques": techniques,
        "gradient": {"colors": ["#dbeafeff", "#1d4ed8ff"], "minValue": 0, "maxValue": max},
        "legendItems": [],
        "metadata": [{"name": "generator", "value": format!("sigscope {}", env!("CARGO_PKG_VERSION"))}],
        "links": [],
        "showTacticRowBackground": false,
        "tacticRowBackground": "#dddddd",
        "selectTechniquesAcrossTactics": true,
        "selectSubtechniquesWithParent": false,
        "selectVisibleTechniques": false,
    });
    let mut s = serde_json::to_string_pretty(&layer).unwrap_or_default();
    s.push('\n');
    s
}
