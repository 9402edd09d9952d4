//! Collect: lint report + parsed documents → the catalogue model (owned data per rule).

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::check::{FileReport, Report};
use crate::sigma::{Kind, SearchBody, SigmaDoc};
use crate::source::SourceFile;
use crate::yaml::{self, Node, NodeKind};

use super::highlight::{self, Highlighted};
use super::logic;
use super::slug;
use super::views::DetectionView;

/// Search values kept per rule for the search index.
const MAX_SEARCH_VALUES: usize = 64;

/// One finding, resolved to a line and column.
#[derive(Debug, Clone)]
pub struct FindingData {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CorrelationData {
    pub kind: String,
    pub rules: Vec<String>,
    pub group_by: Vec<String>,
    pub timespan: String,
    pub condition: Vec<(String, String)>,
    pub generate: Option<String>,
    pub aliases: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub slug: String,
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub title: String,
    pub status: String,
    pub level: String,
    pub description: String,
    pub author: String,
    pub authors: Vec<String>,
    pub date: String,
    pub modified: String,
    pub references: Vec<String>,
    pub falsepositives: Vec<String>,
    pub tags: Vec<String>,
    pub product: String,
    pub category: String,
    pub service: String,
    pub definition: String,
    /// `(id, type)` pairs of `related`.
    pub related: Vec<(String, String)>,
    pub fields: Vec<String>,
    /// Field names used in the detection, first occurrence order.
    pub detection_fields: Vec<String>,
    /// String values of the detection, for search.
    pub search_values: Vec<String>,
    pub path: String,
    /// Index into [`Catalogue::files`].
    pub file: usize,
    pub doc_index: usize,
    pub doc_count: usize,
    pub detection: Option<DetectionView>,
    pub correlation: Option<CorrelationData>,
    pub filter_rules: Vec<String>,
    pub yaml_detection: Option<Highlighted>,
    pub yaml_full: Highlighted,
    pub findings: Vec<FindingData>,
    pub deprecated: bool,
}

#[derive(Debug)]
pub struct FileData {
    pub path: String,
    pub text: std::sync::Arc<str>,
    pub findings: Vec<FindingData>,
    /// Indices into [`Catalogue::rules`].
    pub rules: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Catalogue {
    /// Sorted by path, then position in the file.
    pub rules: Vec<Rule>,
    pub files: Vec<FileData>,
    /// Lowercase id → rule index (the first rule with that id).
    pub by_id: HashMap<String, usize>,
    /// `name` → rule index, for correlation references.
    pub by_name: HashMap<String, usize>,
}

impl Catalogue {
    /// The rule a reference (an id or a `name`) points to.
    pub fn lookup(&self, reference: &str) -> Option<usize> {
        let r = reference.trim();
        self.by_id
            .get(&r.to_ascii_lowercase())
            .or_else(|| self.by_name.get(r))
            .copied()
    }
}

/// Builds the catalogue from the lint report; every file is parsed again here (the report keeps
/// only the text and findings).
pub fn collect(report: &Report) -> Catalogue {
    let per_file: Vec<(FileData, Vec<Rule>)> = report
        .files
        .par_iter()
        .map(|f| {
            let findings: Vec<(Range<usize>, FindingData)> = f
                .diagnostics
                .iter()
                .map(|d| (d.span.clone(), finding(&f.source, d)))
                .collect();
            let rules = rules_of(f, &findings);
            let file = FileData {
                path: shown_path(&f.source),
                text: f.source.text.clone(),
                findings: findings.into_iter().map(|(_, d)| d).collect(),
                rules: Vec::new(),
            };
            (file, rules)
        })
        .collect();

    let mut cat = Catalogue::default();
    for (file_index, (mut file, rules)) in per_file.into_iter().enumerate() {
        for mut rule in rules {
            rule.file = file_index;
            file.rules.push(cat.rules.len());
            cat.rules.push(rule);
        }
        cat.files.push(file);
    }
    assign_slugs(&mut cat);
    for (i, r) in cat.rules.iter().enumerate() {
        if !r.id.is_empty() {
            cat.by_id.entry(r.id.to_ascii_lowercase()).or_insert(i);
        }
        if !r.name.is_empty() {
            cat.by_name.entry(r.name.clone()).or_insert(i);
        }
    }
    cat
}

/// Permalinks: the lowercase UUID when the id is one and unique, otherwise a name from the file
/// name plus a counter. Never the raw id or path.
fn assign_slugs(cat: &mut Catalogue) {
    let mut uuid_count: HashMap<String, usize> = HashMap::new();
    for r in &cat.rules {
        if let Some(u) = slug::uuid_slug(&r.id) {
            *uuid_count.entry(u).or_default() += 1;
        }
    }
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut fallback = Vec::new();
    for (i, r) in cat.rules.iter_mut().enumerate() {
        match slug::uuid_slug(&r.id) {
            Some(u) if uuid_count.get(&u) == Some(&1) => {
                used.insert(u.clone());
                r.slug = u;
            }
            _ => fallback.push(i),
        }
    }
    for i in fallback {
        let r = &cat.rules[i];
        let stem = r
            .path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".yml")
            .trim_end_matches(".yaml");
        let mut base = format!("x-{}", slug::text_slug(stem));
        if r.doc_count > 1 {
            base = format!("{base}-{}", r.doc_index + 1);
        }
        let mut s = base.clone();
        let mut n = 2;
        while used.contains(&s) {
            s = format!("{base}-{n}");
            n += 1;
        }
        used.insert(s.clone());
        cat.rules[i].slug = s;
    }
}

fn finding(source: &SourceFile, d: &crate::diagnostics::Diagnostic) -> FindingData {
    let lc = source.line_col(d.span.start);
    FindingData {
        code: d.lint.code,
        name: d.lint.name,
        severity: d.severity.as_str(),
        line: lc.line,
        column: lc.column,
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

fn rules_of(f: &FileReport, findings: &[(Range<usize>, FindingData)]) -> Vec<Rule> {
    let text: &str = &f.source.text;
    if text.is_empty() {
        return Vec::new();
    }
    let parsed = yaml::parse(text);
    let docs: Vec<&Node> = parsed
        .documents
        .iter()
        .filter(|d| matches!(d.kind, NodeKind::Mapping(_)))
        .collect();
    let count = docs.len();
    docs.iter()
        .enumerate()
        .map(|(i, root)| {
            // A finding belongs to the document it points into; findings outside every
            // document (a syntax error, an empty file) belong to all of them.
            let inside = |span: &Range<usize>| {
                docs.iter()
                    .position(|d| span.start >= d.span.start && span.start <= d.span.end)
            };
            let mine = findings
                .iter()
                .filter(|(span, _)| inside(span).is_none_or(|k| k == i))
                .map(|(_, d)| d.clone())
                .collect();
            rule(f, text, root, i, count, mine)
        })
        .collect()
}

fn string(node: Option<&Node>) -> String {
    node.and_then(Node::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// A list of strings, or a single string as a one-item list.
fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.kind) {
        Some(NodeKind::Sequence(items)) => items
            .iter()
            .filter_map(Node::as_str)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        Some(NodeKind::Scalar(s))
            if !s.value.trim().is_empty() && !node.is_some_and(Node::is_null) =>
        {
            vec![s.value.trim().to_owned()]
        }
        _ => Vec::new(),
    }
}

fn rule(
    f: &FileReport,
    text: &str,
    root: &Node,
    doc_index: usize,
    doc_count: usize,
    findings: Vec<FindingData>,
) -> Rule {
    let doc = SigmaDoc::new(text, root);
    let get = |k: &str| root.get(k);
    let logsource = get("logsource");
    let ls = |k: &str| string(logsource.and_then(|l| l.get(k)));
    let author = string(get("author"));
    let authors = author
        .split([',', ';'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let related = get("related")
        .and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            let id = string(r.get("id"));
            (!id.is_empty()).then(|| (id, string(r.get("type"))))
        })
        .collect();

    let mut detection_fields: Vec<String> = Vec::new();
    let mut search_values: Vec<String> = Vec::new();
    let mut detection = None;
    let mut yaml_detection = None;
    if let Some(det) = &doc.detection {
        let mut push_value = |n: &Node| {
            if search_values.len() < MAX_SEARCH_VALUES
                && let Some(s) = n.as_str()
                && !s.is_empty()
            {
                search_values.push(s.chars().take(80).collect());
            }
        };
        for s in &det.search_ids {
            let groups: Vec<&Vec<_>> = match &s.body {
                SearchBody::Fields(f) => vec![f],
                SearchBody::FieldsList(l) => l.iter().collect(),
                SearchBody::Keywords(k) => {
                    k.iter().for_each(|n| push_value(n));
                    Vec::new()
                }
                SearchBody::Other => Vec::new(),
            };
            for fm in groups.into_iter().flatten() {
                if !fm.field.is_empty() && !detection_fields.iter().any(|x| x == fm.field) {
                    detection_fields.push(fm.field.to_owned());
                }
                fm.values.iter().for_each(|n| push_value(n));
            }
        }
        detection = Some(logic::detection_view(det));
        let (range, first) = highlight::line_range(text, det.key.span.start..det.node.span.end);
        yaml_detection = Some(highlight::highlight(text, &[root], range, first));
    }
    let (range, first) = highlight::line_range(text, root.span.clone());
    let yaml_full = highlight::highlight(text, &[root], range, first);

    let correlation = (doc.kind == Kind::Correlation).then(|| correlation(get("correlation")));
    let filter_rules = if doc.kind == Kind::Filter {
        strings(get("filter").and_then(|f| f.get("rules")))
    } else {
        Vec::new()
    };
    let status = string(get("status")).to_ascii_lowercase();
    let path = shown_path(&f.source);
    Rule {
        slug: String::new(),
        id: string(get("id")),
        name: string(get("name")),
        kind: doc.kind,
        title: {
            let t = string(get("title"));
            if t.is_empty() {
                format!("(untitled: {path})")
            } else {
                t
            }
        },
        deprecated: status == "deprecated",
        status,
        level: string(get("level")).to_ascii_lowercase(),
        description: string(get("description")),
        author,
        authors,
        date: string(get("date")),
        modified: string(get("modified")),
        references: strings(get("references")),
        falsepositives: strings(get("falsepositives")),
        tags: strings(get("tags")),
        product: ls("product"),
        category: ls("category"),
        service: ls("service"),
        definition: ls("definition"),
        related,
        fields: strings(get("fields")),
        detection_fields,
        search_values,
        path,
        file: 0,
        doc_index,
        doc_count,
        detection,
        correlation,
        filter_rules,
        yaml_detection,
        yaml_full,
        findings,
    }
}

fn correlation(node: Option<&Node>) -> CorrelationData {
    let Some(c) = node else {
        return CorrelationData::default();
    };
    let pairs = |n: Option<&Node>| -> Vec<(String, String)> {
        n.and_then(Node::as_mapping)
            .unwrap_or_default()
            .iter()
            .filter_map(|e| {
                let k = e.key.as_str()?.to_owned();
                let v = match &e.value.kind {
                    NodeKind::Scalar(s) => s.value.clone(),
                    NodeKind::Sequence(items) => items
                        .iter()
                        .filter_map(Node::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                    NodeKind::Mapping(m) => m
                        .iter()
                        .filter_map(|e| Some(format!("{}: {}", e.key.as_str()?, e.value.as_str()?)))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                Some((k, v))
            })
            .collect()
    };
    CorrelationData {
        kind: string(c.get("type")),
        rules: strings(c.get("rules")),
        group_by: strings(c.get("group-by")),
        timespan: string(c.get("timespan")),
        condition: pairs(c.get("condition")),
        generate: c.get("generate").and_then(Node::as_str).map(str::to_owned),
        aliases: pairs(c.get("aliases")),
    }
}

/// The path a page shows for a rule file: relative to the working directory when the file is
/// under it, so a published catalogue does not reveal the build machine's directories.
fn shown_path(source: &crate::source::SourceFile) -> String {
    if source.path.is_absolute()
        && let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = source.path.strip_prefix(&cwd)
    {
        return rel.to_string_lossy().replace('\\', "/");
    }
    source.display_path()
}
