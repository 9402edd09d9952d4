//! `sigscope site --compare REF`: what changed in the pack since a git revision or an older copy
//! of it, for the "Changes" page.
//!
//! Both sides are reduced to a [`Snapshot`] per Sigma document with the same model the site
//! uses (the old side is parsed, not linted). A git revision is read with `git ls-tree` and
//! `git cat-file --batch`, never a checkout: the user's working tree, index and HEAD are not
//! touched. Rules are matched by id, else by their path relative to the pack root.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use rayon::prelude::*;
use serde::Serialize;

use crate::sigma::SigmaDoc;
use crate::sigma::classify::{Class, classify};
use crate::walk::{self, Input};
use crate::yaml::{self, Node, NodeKind};

use super::SiteError;
use super::highlight::line_range;
use super::index::Index;
use super::views::RuleLink;

/// Diff lines of context around each change.
const CONTEXT: usize = 3;

/// What the comparison needs of one Sigma document.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub id: String,
    pub title: String,
    pub level: String,
    pub status: String,
    /// The file's path relative to the pack root, `/`-separated.
    pub path: String,
    /// Position among the file's documents.
    pub doc: usize,
    /// The `detection:` section's text (`filter:` of a filter, `correlation:` of a
    /// correlation), whole lines.
    pub logic: String,
    /// Line number of the section's first line in the file.
    pub logic_line: usize,
}

impl Snapshot {
    /// Deprecated by its status, or by being kept in a `deprecated` folder (SigmaHQ's layout).
    fn deprecated(&self) -> bool {
        self.status == "deprecated"
            || self
                .path
                .split('/')
                .rev()
                .skip(1)
                .any(|c| c.eq_ignore_ascii_case("deprecated"))
    }
}

/// The snapshot of one document (its path and position are set by the caller).
pub fn snapshot(text: &str, doc: &SigmaDoc<'_>) -> Snapshot {
    let meta = &doc.meta;
    let s = |n: Option<&Node>| {
        n.and_then(Node::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let section = ["detection", "filter", "correlation"]
        .into_iter()
        .find_map(|k| doc.root.entry(k));
    let (logic, logic_line) = section
        .map(|e| {
            let (range, first) = line_range(text, e.key.span.start..e.value.span.end);
            (text.get(range).unwrap_or_default().to_owned(), first)
        })
        .unwrap_or_default();
    Snapshot {
        id: s(meta.id.node()),
        title: s(meta.title.node()),
        level: s(meta.level.node()).to_ascii_lowercase(),
        status: s(meta.status.node()).to_ascii_lowercase(),
        path: String::new(),
        doc: 0,
        logic,
        logic_line,
    }
}

/// The snapshots of a file's Sigma documents, chosen as `check` chooses them: other YAML is
/// left out, v1 collections are merged, a Hayabusa rule is read as the Sigma rule it means.
fn snapshots_of(text: &str, path: &str) -> Vec<Snapshot> {
    let parsed = yaml::parse(text);
    let all: Vec<&Node> = parsed.documents.iter().filter(|d| !d.is_null()).collect();
    let collection = all.iter().any(|d| d.entry("action").is_some());
    let mappings: Vec<&Node> = all
        .into_iter()
        .filter(|d| matches!(d.kind, NodeKind::Mapping(_)))
        .filter(|d| collection || classify(d) == Class::Sigma)
        .collect();
    crate::sigma::collection::rules(&mappings)
        .iter()
        .enumerate()
        .map(|(i, root)| {
            let dialect = crate::sigma::dialect::as_sigma(root);
            let root: &Node = dialect.as_ref().unwrap_or(root);
            let mut s = snapshot(text, &SigmaDoc::new(text, root));
            s.path = path.to_owned();
            s.doc = i;
            s
        })
        .collect()
}

/// Where the inputs sit in the pack: each input as given, and its path relative to the pack
/// root (the input itself when it is the one directory given, else the inputs' deepest common
/// directory).
#[derive(Debug, Clone)]
pub struct Roots {
    inputs: Vec<(PathBuf, String)>,
}

impl Roots {
    pub fn new(paths: &[PathBuf]) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let abs: Vec<PathBuf> = paths
            .iter()
            .map(|p| walk::normalise(&cwd.join(p)))
            .collect();
        let dirs: Vec<&Path> = paths
            .iter()
            .zip(&abs)
            .map(|(p, a)| {
                if p.is_dir() {
                    a.as_path()
                } else {
                    a.parent().unwrap_or(a)
                }
            })
            .collect();
        let mut root: PathBuf = dirs.first().map(|d| d.to_path_buf()).unwrap_or_default();
        for d in dirs.iter().skip(1) {
            while !d.starts_with(&root) && root.pop() {}
        }
        let inputs = paths
            .iter()
            .zip(&abs)
            .map(|(p, a)| {
                let rel = a.strip_prefix(&root).map(slashed).unwrap_or_default();
                (p.clone(), rel)
            })
            .collect();
        Self { inputs }
    }

    /// The path of a walked file relative to the pack root.
    pub fn key(&self, walked: &Path) -> String {
        self.inputs
            .iter()
            .find_map(|(p, rel)| Some(join(rel, &slashed(walked.strip_prefix(p).ok()?))))
            .unwrap_or_else(|| slashed(walked))
    }
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}/{b}"),
    }
}

/// The older side of the comparison.
#[derive(Debug, Default)]
pub struct Old {
    /// `--compare` as given.
    pub reference: String,
    /// Whether it is a directory rather than a git revision.
    pub directory: bool,
    pub rules: Vec<Snapshot>,
    /// Paths (relative to the pack root) that git does not version: symbolic links out of
    /// the repository. Left out of both sides.
    pub unversioned: HashSet<String>,
}

/// Reads the pack as it was at `reference`: an existing directory is an older copy of the pack
/// root, anything else a git revision of the repository holding the inputs.
pub fn load(reference: &str, paths: &[PathBuf], max_size: u64) -> Result<Old, SiteError> {
    let roots = Roots::new(paths);
    let dir = Path::new(reference);
    let mut old = if dir.is_dir() {
        from_directory(dir, &roots, max_size)
    } else {
        from_git(reference, paths, &roots, max_size)?
    };
    old.reference = reference.to_owned();
    Ok(old)
}

fn from_directory(dir: &Path, roots: &Roots, max_size: u64) -> Old {
    let bases: Vec<(PathBuf, &str)> = roots
        .inputs
        .iter()
        .map(|(_, rel)| (dir.join(rel), rel.as_str()))
        .filter(|(p, _)| p.exists())
        .collect();
    let walked = walk::collect(&bases.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
    let files: Vec<(String, PathBuf)> = walked
        .into_iter()
        .filter_map(|input| match input {
            Input::File(p) => {
                let key = bases.iter().find_map(|(base, rel)| {
                    Some(join(rel, &slashed(p.strip_prefix(base).ok()?)))
                })?;
                Some((key, p))
            }
            _ => None,
        })
        .collect();
    let rules = files
        .par_iter()
        .flat_map_iter(|(key, p)| {
            let text = std::fs::metadata(p)
                .ok()
                .filter(|m| m.len() <= max_size)
                .and_then(|_| std::fs::read_to_string(p).ok());
            text.map(|t| snapshots_of(&t, key)).unwrap_or_default()
        })
        .collect();
    Old {
        directory: true,
        rules,
        ..Old::default()
    }
}

fn git_error(reference: &str, what: String) -> SiteError {
    SiteError::Option(format!(
        "--compare `{reference}` reads the pack at that git revision, but {what}"
    ))
}

/// Runs git in `dir` and returns its standard output.
fn git(reference: &str, dir: &Path, args: &[&str]) -> Result<Vec<u8>, SiteError> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| git_error(reference, format!("git cannot run: {e}")))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        return Err(git_error(
            reference,
            format!("`git {}` failed: {}", args.join(" "), msg.trim()),
        ));
    }
    Ok(out.stdout)
}

fn path_of(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

fn from_git(
    reference: &str,
    paths: &[PathBuf],
    roots: &Roots,
    max_size: u64,
) -> Result<Old, SiteError> {
    if reference.is_empty() || reference.starts_with('-') {
        return Err(git_error(
            reference,
            "it is neither a directory nor a revision name".to_owned(),
        ));
    }
    // Each input in the repository, through its real path: a pack named through a symbolic
    // link is still the repository's files.
    let mut top: Option<PathBuf> = None;
    let mut prefixes: Vec<(String, &str)> = Vec::new();
    for ((p, rel), given) in roots.inputs.iter().zip(paths) {
        let real = std::fs::canonicalize(p).map_err(|e| SiteError::Io {
            path: p.clone(),
            message: e.to_string(),
        })?;
        let dir = if real.is_dir() {
            real.clone()
        } else {
            real.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let out = Command::new("git")
            .current_dir(&dir)
            .args(["rev-parse", "--show-toplevel"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| git_error(reference, format!("git cannot run: {e}")))?;
        if !out.status.success() {
            return Err(git_error(
                reference,
                format!("`{}` is not in a git repository", given.display()),
            ));
        }
        let t = path_of(out.stdout.strip_suffix(b"\n").unwrap_or(&out.stdout));
        let t = std::fs::canonicalize(&t).unwrap_or(t);
        match &top {
            Some(first) if *first != t => {
                return Err(git_error(
                    reference,
                    format!(
                        "`{}` is in another git repository (`{}`) than `{}`",
                        given.display(),
                        t.display(),
                        first.display()
                    ),
                ));
            }
            Some(_) => {}
            None => top = Some(t.clone()),
        }
        let in_repo = real.strip_prefix(&t).map(slashed).map_err(|_| {
            git_error(
                reference,
                format!("`{}` is outside the repository", given.display()),
            )
        })?;
        prefixes.push((in_repo, rel.as_str()));
    }
    let Some(top) = top else {
        return Ok(Old::default());
    };
    let spec = format!("{reference}^{{commit}}");
    let commit = Command::new("git")
        .current_dir(&top)
        .args([
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| git_error(reference, format!("git cannot run: {e}")))?;
    if !commit.status.success() {
        return Err(git_error(
            reference,
            format!(
                "the repository at `{}` has no commit of that name",
                top.display()
            ),
        ));
    }
    let commit = String::from_utf8_lossy(&commit.stdout).trim().to_owned();

    let mut args = vec![
        "--literal-pathspecs",
        "ls-tree",
        "-r",
        "-z",
        "--full-tree",
        &commit,
        "--",
    ];
    // The repository's top itself is every path.
    if prefixes.iter().all(|(p, _)| !p.is_empty()) {
        args.extend(prefixes.iter().map(|(p, _)| p.as_str()));
    }
    let listing = git(reference, &top, &args)?;
    let mut blobs: Vec<(String, String)> = Vec::new();
    let mut links: Vec<(String, String, String)> = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let head = String::from_utf8_lossy(&entry[..tab]);
        let name = String::from_utf8_lossy(&entry[tab + 1..]).into_owned();
        let mut parts = head.split(' ');
        let (Some(mode), Some("blob"), Some(oid)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(key) = key_in_pack(&prefixes, &name) else {
            continue;
        };
        if !walk::is_rule_file(Path::new(&name)) {
            continue;
        }
        if mode == "120000" {
            links.push((key, name, oid.to_owned()));
        } else {
            blobs.push((key, oid.to_owned()));
        }
    }
    let mut requests: Vec<String> = blobs.iter().map(|(_, oid)| oid.clone()).collect();
    requests.extend(links.iter().map(|(_, _, oid)| oid.clone()));
    let mut contents = cat_files(reference, &top, &requests, max_size)?;
    let link_targets = contents.split_off(blobs.len());

    // A link inside the repository is read at its target as of the revision; one that leaves
    // the repository is not versioned.
    let mut unversioned = HashSet::new();
    let mut resolved: Vec<(String, String)> = Vec::new();
    for ((key, name, _), target) in links.into_iter().zip(link_targets) {
        let target = target.unwrap_or_default();
        let from = Path::new(&name).parent().unwrap_or(Path::new(""));
        let inside = (!Path::new(&target).is_absolute())
            .then(|| {
                Path::new(&target)
                    .components()
                    .try_fold(from.to_path_buf(), |mut acc, c| match c {
                        Component::Normal(s) => {
                            acc.push(s);
                            Some(acc)
                        }
                        Component::CurDir => Some(acc),
                        Component::ParentDir => acc.pop().then_some(acc),
                        _ => None,
                    })
            })
            .flatten();
        match inside {
            Some(p) if !target.is_empty() && !slashed(&p).contains('\n') => {
                resolved.push((key, format!("{commit}:{}", slashed(&p))));
            }
            _ => {
                unversioned.insert(key);
            }
        }
    }
    let requests: Vec<String> = resolved.iter().map(|(_, r)| r.clone()).collect();
    let linked = cat_files(reference, &top, &requests, max_size)?;

    let files: Vec<(String, String)> = blobs
        .into_iter()
        .map(|(key, _)| key)
        .zip(contents)
        .chain(resolved.into_iter().map(|(key, _)| key).zip(linked))
        .filter_map(|(key, text)| Some((key, text?)))
        .collect();
    let rules = files
        .par_iter()
        .flat_map_iter(|(key, text)| snapshots_of(text, key))
        .collect();
    Ok(Old {
        directory: false,
        rules,
        unversioned,
        ..Old::default()
    })
}

/// The path of a repository file relative to the pack root, when it is under an input and
/// not hidden (the walk skips hidden files and folders).
fn key_in_pack(prefixes: &[(String, &str)], name: &str) -> Option<String> {
    prefixes.iter().find_map(|(prefix, rel)| {
        let tail = if prefix.is_empty() {
            name
        } else if name == prefix {
            ""
        } else {
            name.strip_prefix(prefix.as_str())?.strip_prefix('/')?
        };
        if tail.split('/').any(|c| c.starts_with('.')) {
            return None;
        }
        Some(join(rel, tail))
    })
}

/// The text of each object named (`<oid>` or `<commit>:<path>`), through one
/// `git cat-file --batch`; `None` for a missing object, one that is not a blob, one larger than
/// `max_size` or not UTF-8.
fn cat_files(
    reference: &str,
    top: &Path,
    names: &[String],
    max_size: u64,
) -> Result<Vec<Option<String>>, SiteError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let failed = |e: std::io::Error| git_error(reference, format!("`git cat-file` failed: {e}"));
    let mut child = Command::new("git")
        .current_dir(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| git_error(reference, format!("git cannot run: {e}")))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(git_error(
            reference,
            "`git cat-file` has no pipes".to_owned(),
        ));
    };
    let input: String = names.iter().map(|n| format!("{n}\n")).collect();
    // Written from another thread: git answers as it reads, and a full pipe either way would
    // block both.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(names.len());
    let mut header = Vec::new();
    for _ in names {
        header.clear();
        reader.read_until(b'\n', &mut header).map_err(failed)?;
        let head = String::from_utf8_lossy(&header);
        let fields: Vec<&str> = head.trim_end().split(' ').collect();
        let size = match fields.as_slice() {
            [_, kind, size] => size.parse::<u64>().ok().map(|s| (*kind, s)),
            _ => None,
        };
        let Some((kind, size)) = size else {
            // `<name> missing` (or ambiguous): no content follows.
            if header.is_empty() {
                return Err(git_error(
                    reference,
                    "`git cat-file` stopped early".to_owned(),
                ));
            }
            out.push(None);
            continue;
        };
        let mut data = Vec::new();
        (&mut reader)
            .take(size + 1)
            .read_to_end(&mut data)
            .map_err(failed)?;
        data.pop();
        out.push(
            (kind == "blob" && size <= max_size)
                .then(|| String::from_utf8(data).ok())
                .flatten(),
        );
    }
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

/// A rule of the new side that changed, with what changed.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Index into the catalogue's rules.
    pub rule: usize,
    pub old: Snapshot,
}

#[derive(Debug, Default)]
pub struct Changes {
    pub reference: String,
    pub directory: bool,
    pub added: Vec<usize>,
    pub removed: Vec<Snapshot>,
    /// Deprecated since (its status, or moved into a `deprecated` folder).
    pub deprecated: Vec<Changed>,
    pub detection: Vec<Changed>,
    /// Only the title, level, status or id changed.
    pub metadata: Vec<Changed>,
}

/// Matches the catalogue's rules (`new`, one snapshot per rule, in catalogue order) with the
/// old side's: by id, then, for the rules left, by path and position in the file.
pub fn compare(new: &[Snapshot], old: Old) -> Changes {
    let Old {
        reference,
        directory,
        rules: old_rules,
        unversioned,
    } = old;
    let old_rules: Vec<Snapshot> = old_rules
        .into_iter()
        .filter(|s| !unversioned.contains(&s.path))
        .collect();
    let skip: Vec<bool> = new.iter().map(|s| unversioned.contains(&s.path)).collect();
    let mut by_id: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (j, s) in old_rules.iter().enumerate() {
        if !s.id.is_empty() {
            by_id
                .entry(s.id.to_ascii_lowercase())
                .or_default()
                .push_back(j);
        }
    }
    let mut pair: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old_rules.len()];
    for (i, s) in new.iter().enumerate() {
        if skip[i] {
            continue;
        }
        if let Some(j) = by_id
            .get_mut(&s.id.to_ascii_lowercase())
            .and_then(VecDeque::pop_front)
            .filter(|_| !s.id.is_empty())
        {
            pair[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut by_place: HashMap<(&str, usize), usize> = HashMap::new();
    for (j, s) in old_rules.iter().enumerate() {
        if !taken[j] {
            by_place.entry((s.path.as_str(), s.doc)).or_insert(j);
        }
    }
    for (i, s) in new.iter().enumerate() {
        if pair[i].is_none()
            && !skip[i]
            && let Some(j) = by_place.remove(&(s.path.as_str(), s.doc))
        {
            pair[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut changes = Changes {
        reference,
        directory,
        ..Changes::default()
    };
    for (i, s) in new.iter().enumerate() {
        if skip[i] {
            continue;
        }
        let Some(j) = pair[i] else {
            changes.added.push(i);
            continue;
        };
        let o = &old_rules[j];
        let changed = Changed {
            rule: i,
            old: o.clone(),
        };
        if s.deprecated() && !o.deprecated() {
            changes.deprecated.push(changed);
        } else if s.logic != o.logic {
            changes.detection.push(changed);
        } else if s.title != o.title
            || s.level != o.level
            || s.status != o.status
            || !s.id.eq_ignore_ascii_case(&o.id)
        {
            changes.metadata.push(changed);
        }
    }
    let mut removed: Vec<Snapshot> = old_rules
        .into_iter()
        .zip(taken)
        .filter(|(_, t)| !t)
        .map(|(s, _)| s)
        .collect();
    removed.sort_by(|a, b| a.path.cmp(&b.path).then(a.doc.cmp(&b.doc)));
    changes.removed = removed;
    changes
}

/// The counts the navigation and the home page show.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeCounts {
    /// `--compare` as given.
    pub reference: String,
    /// `git revision` or `directory`.
    pub kind: &'static str,
    pub added: usize,
    pub removed: usize,
    pub deprecated: usize,
    pub detection: usize,
    pub metadata: usize,
    pub total: usize,
}

/// One field that changed: `title`, `level`, `status`, `id`, `path`.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffLine {
    /// `add`, `del` or `ctx`.
    pub kind: &'static str,
    /// `+`, `-` or a space.
    pub sign: &'static str,
    pub text: String,
    /// Line numbers in the old and the new file.
    pub old: Option<usize>,
    pub new: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffHunk {
    /// `@@ -12,4 +12,5 @@`, in file line numbers.
    pub header: String,
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeItem {
    pub rule: RuleLink,
    pub fields: Vec<FieldChange>,
    /// The detection's diff; empty when it did not change.
    pub diff: Vec<DiffHunk>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RemovedItem {
    pub id: String,
    pub title: String,
    pub path: String,
    pub level: String,
    pub status: String,
}

/// Deprecated rules, rules whose detection changed, rules with other changes.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeGroup {
    /// The section's element id: `deprecated`, `detection`, `metadata`.
    pub anchor: &'static str,
    pub heading: &'static str,
    pub items: Vec<ChangeItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    pub counts: ChangeCounts,
    pub added: Vec<ChangeItem>,
    pub removed: Vec<RemovedItem>,
    pub groups: Vec<ChangeGroup>,
}

pub fn counts(c: &Changes) -> ChangeCounts {
    let (added, removed) = (c.added.len(), c.removed.len());
    let (deprecated, detection, metadata) =
        (c.deprecated.len(), c.detection.len(), c.metadata.len());
    ChangeCounts {
        reference: c.reference.clone(),
        kind: if c.directory {
            "directory"
        } else {
            "git revision"
        },
        added,
        removed,
        deprecated,
        detection,
        metadata,
        total: added + removed + deprecated + detection + metadata,
    }
}

pub fn view(ix: &Index<'_>, new: &[Snapshot], c: &Changes) -> ChangesView {
    let item = |ch: &Changed| {
        let s = &new[ch.rule];
        let o = &ch.old;
        let mut fields = Vec::new();
        for (field, old, new) in [
            ("id", &o.id, &s.id),
            ("title", &o.title, &s.title),
            ("level", &o.level, &s.level),
            ("status", &o.status, &s.status),
            ("path", &o.path, &s.path),
        ] {
            if old != new && !(field == "id" && old.eq_ignore_ascii_case(new)) {
                fields.push(FieldChange {
                    field,
                    old: old.clone(),
                    new: new.clone(),
                });
            }
        }
        ChangeItem {
            rule: ix.link(ch.rule),
            fields,
            diff: diff(o, s),
        }
    };
    ChangesView {
        counts: counts(c),
        added: c
            .added
            .iter()
            .map(|&i| ChangeItem {
                rule: ix.link(i),
                fields: Vec::new(),
                diff: Vec::new(),
            })
            .collect(),
        removed: c
            .removed
            .iter()
            .map(|s| RemovedItem {
                id: s.id.clone(),
                title: s.title.clone(),
                path: s.path.clone(),
                level: s.level.clone(),
                status: s.status.clone(),
            })
            .collect(),
        groups: [
            ("deprecated", "Deprecated", &c.deprecated),
            ("detection", "Detection changed", &c.detection),
            (
                "metadata",
                "Title, level, status or id changed",
                &c.metadata,
            ),
        ]
        .into_iter()
        .filter(|(_, _, list)| !list.is_empty())
        .map(|(anchor, heading, list)| ChangeGroup {
            anchor,
            heading,
            items: list.iter().map(item).collect(),
        })
        .collect(),
    }
}

/// The unified diff of the two sections' text, numbered as lines of their files.
fn diff(old: &Snapshot, new: &Snapshot) -> Vec<DiffHunk> {
    if old.logic == new.logic {
        return Vec::new();
    }
    let with_newline = |s: &str| {
        if s.is_empty() || s.ends_with('\n') {
            s.to_owned()
        } else {
            format!("{s}\n")
        }
    };
    let (a, b) = (with_newline(&old.logic), with_newline(&new.logic));
    let d = similar::TextDiff::from_lines(&a, &b);
    d.grouped_ops(CONTEXT)
        .iter()
        .map(|group| {
            let (first, last) = (&group[0], &group[group.len() - 1]);
            let old_range = first.old_range().start..last.old_range().end;
            let new_range = first.new_range().start..last.new_range().end;
            let header = format!(
                "@@ -{} +{} @@",
                hunk_range(old.logic_line, &old_range),
                hunk_range(new.logic_line, &new_range)
            );
            let lines = group
                .iter()
                .flat_map(|op| d.iter_changes(op))
                .map(|ch| {
                    let (kind, sign) = match ch.tag() {
                        similar::ChangeTag::Insert => ("add", "+"),
                        similar::ChangeTag::Delete => ("del", "-"),
                        similar::ChangeTag::Equal => ("ctx", " "),
                    };
                    DiffLine {
                        kind,
                        sign,
                        text: ch.value().trim_end_matches(['\n', '\r']).to_owned(),
                        old: ch.old_index().map(|i| i + old.logic_line),
                        new: ch.new_index().map(|i| i + new.logic_line),
                    }
                })
                .collect();
            DiffHunk { header, lines }
        })
        .collect()
}

/// `start,count` of a unified diff header, in file line numbers.
fn hunk_range(first_line: usize, r: &std::ops::Range<usize>) -> String {
    let len = r.end - r.start;
    let start = if len == 0 {
        first_line + r.start - 1
    } else {
        first_line + r.start
    };
    if len == 1 {
        start.to_string()
    } else {
        format!("{start},{len}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(path: &str, text: &str) -> Vec<Snapshot> {
        snapshots_of(text, path)
    }

    const RULE: &str = "title: T\nid: 11111111-1111-1111-1111-111111111111\nstatus: test\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Image: a.exe\n    condition: sel\nlevel: high\n";

    #[test]
    fn snapshot_takes_the_detection_lines() {
        let s = &snap("a.yml", RULE)[0];
        assert_eq!(s.logic_line, 6);
        assert_eq!(
            s.logic,
            "detection:\n    sel:\n        Image: a.exe\n    condition: sel\n"
        );
        assert_eq!((s.level.as_str(), s.status.as_str()), ("high", "test"));
    }

    #[test]
    fn other_yaml_has_no_snapshot() {
        assert!(snap("ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n").is_empty());
    }

    #[test]
    fn id_change_at_the_same_place_is_one_change() {
        let new = snap("a.yml", &RULE.replace("1111-1111-1111", "2222-2222-2222"));
        let old = Old {
            rules: snap("a.yml", RULE),
            ..Old::default()
        };
        let c = compare(&new, old);
        assert!(c.added.is_empty() && c.removed.is_empty());
        assert_eq!(c.metadata.len(), 1);
    }

    #[test]
    fn diff_is_numbered_as_the_files() {
        let old = &snap("a.yml", RULE)[0];
        let new = &snap(
            "a.yml",
            &format!("# a comment\n{}", RULE.replace("a.exe", "b.exe")),
        )[0];
        let d = diff(old, new);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].header, "@@ -6,4 +7,4 @@");
        let changed: Vec<(&str, Option<usize>, Option<usize>)> = d[0]
            .lines
            .iter()
            .filter(|l| l.kind != "ctx")
            .map(|l| (l.kind, l.old, l.new))
            .collect();
        assert_eq!(changed, [("del", Some(8), None), ("add", None, Some(9))]);
    }

    #[test]
    fn keys_in_pack() {
        let prefixes = [("sigma/rules".to_owned(), "rules")];
        assert_eq!(
            key_in_pack(&prefixes, "sigma/rules/windows/a.yml").as_deref(),
            Some("rules/windows/a.yml")
        );
        assert_eq!(key_in_pack(&prefixes, "sigma/rules-x/a.yml"), None);
        assert_eq!(key_in_pack(&prefixes, "sigma/rules/.github/a.yml"), None);
    }
}
