//! Collect: lint report + parsed documents → the catalogue model (owned data per rule).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::Report;
use crate::sigma::{Kind, SearchBody, SigmaDoc};
use crate::source::SourceFile;
use crate::yaml::{Entry, Node, NodeKind};

use super::highlight::{self, Highlighted};
use super::logic;
use super::slug;
use super::views::DetectionView;

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
    /// Field names used in the detection (a correlation's group-by and counted fields), first
    /// occurrence order.
    pub detection_fields: Vec<String>,
    /// Whether the detection searches keywords (any field, full text).
    pub keywords: bool,
    /// Every scalar value of the detection, for search.
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
    /// Relative to its pack root (to the repository root with `--repo-url`).
    pub path: String,
    /// Relative to the repository root, or why there is none.
    pub repo_path: Result<String, &'static str>,
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

/// What a rule page needs of one Sigma document, made by [`draft`] while the check's parse of
/// the file is at hand.
#[derive(Debug)]
pub struct Draft {
    rule: Rule,
    /// The document's span, to tell which findings are its own.
    span: Range<usize>,
}

/// Where the rule files are shown and linked from: each input path given (a pack root), and
/// the repository it lies in when source links are wanted.
#[derive(Debug)]
pub struct Locator {
    roots: Vec<Root>,
}

#[derive(Debug)]
struct Root {
    given: PathBuf,
    /// Shown before the paths under it when several roots are given (its directory name).
    prefix: String,
    /// Its path from the repository root (`Ok("")` for the root itself), or why there is none.
    repo: Result<String, &'static str>,
}

impl Locator {
    /// `repo`: whether `--repo-url` asks for repository paths.
    pub fn new(paths: &[PathBuf], repo: bool) -> Self {
        let several = paths.len() > 1;
        let roots = paths
            .iter()
            .map(|given| {
                let real = std::fs::canonicalize(given).ok();
                let prefix = if several {
                    real.as_deref()
                        .and_then(Path::file_name)
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                let repo = if repo {
                    repo_dir(real.as_deref())
                } else {
                    Err("no --repo-url")
                };
                Root {
                    given: crate::walk::normalise(given),
                    prefix,
                    repo,
                }
            })
            .collect();
        Self { roots }
    }

    /// The root a file was found under (the longest given path it starts with).
    fn root(&self, path: &Path) -> Option<(&Root, String)> {
        let path = crate::walk::normalise(path);
        let root = self
            .roots
            .iter()
            .filter(|r| path.starts_with(&r.given))
            .max_by_key(|r| r.given.components().count())?;
        let rel = path.strip_prefix(&root.given).ok()?;
        Some((root, slash(rel)))
    }

    /// `(shown path, repository path or why there is none)` of a file: relative to the pack
    /// root it was found under, or with `--repo-url` to the repository root; never the build
    /// machine's absolute path.
    pub fn locate(&self, path: &Path) -> (String, Result<String, &'static str>) {
        let name = || {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let Some((root, rel)) = self.root(path) else {
            return (name(), Err("not under an input path"));
        };
        let join = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_owned(),
            (_, true) => a.to_owned(),
            _ => format!("{a}/{b}"),
        };
        let repo = root
            .repo
            .as_deref()
            .map(|dir| join(dir, &rel))
            .map_err(|e| *e);
        let shown = match &repo {
            Ok(p) if !p.is_empty() => p.clone(),
            _ if rel.is_empty() => name(),
            _ => join(&root.prefix, &rel),
        };
        (shown, repo)
    }

    /// Files without a repository path, by reason, for the `--repo-url` warning.
    pub fn missing_repo_paths(&self, files: &[FileData]) -> Vec<(&'static str, usize)> {
        let mut out: Vec<(&'static str, usize)> = Vec::new();
        for f in files {
            if let Err(why) = &f.repo_path {
                match out.iter_mut().find(|(w, _)| *w == *why) {
                    Some((_, n)) => *n += 1,
                    None => out.push((*why, 1)),
                }
            }
        }
        out
    }
}

/// `/`-separated, whatever the platform.
fn slash(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The path of a (canonical) directory or file from the root of the git work tree holding it,
/// else from the current directory when it is under it (a checkout without `.git`, built from
/// its root).
fn repo_dir(real: Option<&Path>) -> Result<String, &'static str> {
    let real = real.ok_or("the input path cannot be resolved")?;
    if let Some(top) = real.ancestors().find(|a| a.join(".git").exists())
        && let Ok(rel) = real.strip_prefix(top)
    {
        return Ok(slash(rel));
    }
    std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .ok()
        .and_then(|cwd| real.strip_prefix(cwd).ok().map(slash))
        .ok_or("neither inside a git work tree nor under the current directory")
}

/// Builds the catalogue from the lint report and the drafts of each file's documents.
pub fn collect(report: &Report, drafts: Vec<Vec<Draft>>, locator: &Locator) -> Catalogue {
    let per_file: Vec<(FileData, Vec<Rule>)> = report
        .files
        .par_iter()
        .zip(drafts)
        .map(|(f, drafts)| {
            let findings: Vec<(Range<usize>, FindingData)> = f
                .diagnostics
                .iter()
                .map(|d| (d.span.clone(), finding(&f.source, d)))
                .collect();
            let (path, repo_path) = locator.locate(&f.source.path);
            let mut rules = rules_of(drafts, &findings);
            for r in &mut rules {
                if r.title.is_empty() {
                    r.title = format!("(untitled: {path})");
                }
                r.path.clone_from(&path);
            }
            let file = FileData {
                path,
                repo_path,
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

fn rules_of(drafts: Vec<Draft>, findings: &[(Range<usize>, FindingData)]) -> Vec<Rule> {
    let count = drafts.len();
    // A finding belongs to the document it points into; findings outside every document (a
    // syntax error, an empty file) belong to all of them.
    let inside = |span: &Range<usize>| {
        drafts
            .iter()
            .position(|d| span.start >= d.span.start && span.start <= d.span.end)
    };
    let mine: Vec<Vec<FindingData>> = (0..count)
        .map(|i| {
            findings
                .iter()
                .filter(|(span, _)| inside(span).is_none_or(|k| k == i))
                .map(|(_, d)| d.clone())
                .collect()
        })
        .collect();
    drafts
        .into_iter()
        .zip(mine)
        .enumerate()
        .map(|(i, (d, findings))| Rule {
            doc_index: i,
            doc_count: count,
            findings,
            ..d.rule
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

/// The rule page data of one document (its findings, and its place among the file's
/// documents, are added by [`collect`]).
pub fn draft(source: &SourceFile, doc: &SigmaDoc<'_>) -> Draft {
    Draft {
        rule: rule(source, doc),
        span: doc.root.span.clone(),
    }
}

fn rule(source: &SourceFile, doc: &SigmaDoc<'_>) -> Rule {
    let text: &str = &source.text;
    let root = doc.root;
    let meta = &doc.meta;
    let ls = doc.logsource;
    let author = string(meta.author.node());
    let authors = author
        .split([',', ';'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let related = meta
        .related()
        .filter_map(|r| {
            let id = string(r.id);
            (!id.is_empty()).then(|| (id, string(r.kind)))
        })
        .collect();

    let mut detection_fields: Vec<String> = Vec::new();
    let mut keywords = false;
    let mut search_values: Vec<String> = Vec::new();
    let mut detection = None;
    let mut yaml_detection = None;
    if let Some(det) = &doc.detection {
        let mut push_value = |n: &Node| {
            if let Some(s) = n.as_str()
                && !s.is_empty()
            {
                search_values.push(s.to_owned());
            }
        };
        for s in &det.search_ids {
            if let SearchBody::Keywords(k) = &s.body {
                keywords = true;
                k.iter().for_each(|n| push_value(n));
            }
            for fm in s.body.field_matches() {
                if fm.field.is_empty() {
                    keywords = true;
                } else if !detection_fields.iter().any(|x| x == fm.field) {
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

    let correlation = (doc.kind == Kind::Correlation).then(|| correlation(doc));
    if let Some(c) = &correlation {
        let counted = c.condition.iter().filter(|(k, _)| k == "field");
        for f in c.group_by.iter().chain(counted.map(|(_, v)| v)) {
            if !detection_fields.contains(f) {
                detection_fields.push(f.clone());
            }
        }
    }
    let filter_rules = doc
        .filter
        .map(|f| strings(f.rules.node()))
        .unwrap_or_default();
    let status = string(meta.status.node()).to_ascii_lowercase();
    Rule {
        slug: String::new(),
        id: string(meta.id.node()),
        name: string(meta.name.node()),
        kind: doc.kind,
        // An empty title becomes "(untitled: path)" in `collect`, which knows the shown path.
        title: string(meta.title.node()),
        deprecated: status == "deprecated",
        status,
        level: string(meta.level.node()).to_ascii_lowercase(),
        description: string(meta.description.node()),
        author,
        authors,
        date: string(meta.date.node()),
        modified: string(meta.modified.node()),
        references: strings(meta.references.node()),
        falsepositives: strings(meta.falsepositives.node()),
        tags: strings(meta.tags.node()),
        product: string(ls.and_then(|l| l.product.node())),
        category: string(ls.and_then(|l| l.category.node())),
        service: string(ls.and_then(|l| l.service.node())),
        definition: string(ls.and_then(|l| l.definition.node())),
        related,
        fields: strings(meta.fields.node()),
        detection_fields,
        keywords,
        search_values,
        path: String::new(),
        file: 0,
        doc_index: 0,
        doc_count: 0,
        detection,
        correlation,
        filter_rules,
        yaml_detection,
        yaml_full,
        findings: Vec::new(),
    }
}

/// The value of an entry.
fn value(entry: Option<&Entry>) -> Option<&Node> {
    entry.map(|e| &e.value)
}

fn correlation(doc: &SigmaDoc<'_>) -> CorrelationData {
    let Some(c) = &doc.correlation else {
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
        kind: string(value(c.type_entry)),
        rules: strings(value(c.rules)),
        group_by: strings(value(c.group_by)),
        timespan: string(value(c.timespan)),
        condition: pairs(value(c.condition)),
        generate: value(c.generate).and_then(Node::as_str).map(str::to_owned),
        aliases: pairs(value(c.aliases)),
    }
}
