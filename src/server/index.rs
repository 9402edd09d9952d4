//! The workspace index: what the pack-wide lints know of every rule file of the workspace
//! folders (path, text, document summaries), found by the walk and the configurations of
//! `check`, so that an open document is checked against the rest of its pack. Open documents
//! replace their file's entry with their text as it is in the editor.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{Range, Uri};

use crate::check::{FileReport, check_files_with, check_input};
use crate::config::{Configs, LoadError};
use crate::lints::pack::{PackFile, id_key};
use crate::sigma::summary::DocSummary;
use crate::source::FileIdentity;
use crate::walk::{Input, is_rule_file};

use super::position::LineIndex;

/// One rule file as the pack-wide lints see it.
#[derive(Debug)]
pub struct IndexedFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub docs: Vec<DocSummary>,
    pub identity: Option<FileIdentity>,
}

impl IndexedFile {
    pub fn of_report(report: FileReport) -> Self {
        Self {
            path: report.source.path,
            text: report.source.text,
            docs: report.docs,
            identity: report.identity,
        }
    }
}

/// The rule files of the workspace folders, by path (the walk's order).
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// The workspace folders, absolute.
    pub roots: Vec<PathBuf>,
    pub files: BTreeMap<PathBuf, Arc<IndexedFile>>,
    /// Whether the folders were walked: until then references are not resolved.
    pub ready: bool,
}

/// Where a rule that a `rules:` entry names is written.
#[derive(Debug, Clone)]
pub struct RuleLocation {
    pub uri: Uri,
    /// The rule's `id` (or `name`, when the entry named it by name).
    pub range: Range,
    pub title: Option<String>,
}

impl Index {
    /// Whether `path` is in a workspace folder: it is part of the indexed pack.
    pub fn covers(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(r))
    }

    /// The files of the pack other than the one at `path` (which is also `identity` on disk),
    /// for a check of that file; none outside the workspace or before the walk.
    pub fn others(&self, path: &Path, identity: Option<FileIdentity>) -> Vec<PackFile<'_>> {
        if !self.ready || !self.covers(path) {
            return Vec::new();
        }
        self.files
            .values()
            .filter(|f| f.path != path && (identity.is_none() || f.identity != identity))
            .map(|f| PackFile {
                path: &f.path,
                text: &f.text,
                identity: f.identity,
                docs: &f.docs,
            })
            .collect()
    }

    /// The rule a correlation's or filter's `rules:` entry names, as pySigma resolves it: by
    /// `id` (any case) first, then by `name`; the first in path order.
    pub fn rule_location(&self, reference: &str) -> Option<RuleLocation> {
        let reference = reference.trim();
        if reference.is_empty() {
            return None;
        }
        let key = id_key(reference);
        let by_id = |d: &DocSummary| {
            d.id.as_ref()
                .filter(|id| id_key(&id.value) == key)
                .map(|id| id.span.clone())
        };
        let by_name = |d: &DocSummary| {
            d.name
                .as_ref()
                .filter(|n| n.value.trim() == reference)
                .map(|n| n.span.clone())
        };
        let find = |pick: &dyn Fn(&DocSummary) -> Option<std::ops::Range<usize>>| {
            self.files
                .values()
                .find_map(|f| f.docs.iter().find_map(|d| Some((f, d, pick(d)?))))
        };
        let (file, doc, span) = find(&by_id).or_else(|| find(&by_name))?;
        Some(RuleLocation {
            uri: super::uri_of(&file.path)?,
            range: LineIndex::new(&file.text).range(&span),
            title: doc.title.as_ref().map(|t| t.value.clone()),
        })
    }
}

/// The rule files under `roots`, checked with their configurations; `on_doc` is called for
/// each Sigma document as it is read.
pub fn build(
    roots: &[PathBuf],
    configs: &Configs,
    on_doc: &(dyn Fn() + Sync),
) -> Result<Vec<IndexedFile>, LoadError> {
    Ok(check_files_with(roots, configs, on_doc)?
        .into_iter()
        .filter(|f| !f.docs.is_empty())
        .map(IndexedFile::of_report)
        .collect())
}

/// The entry of the file at `path` as it is on disk now: `None` when it is gone, excluded or
/// holds no rule.
pub fn read(path: &Path, configs: &Configs) -> Option<IndexedFile> {
    if !is_rule_file(path) || !path.is_file() {
        return None;
    }
    let own = configs.for_file(path).ok()?;
    if own.settings.exclude.matches(path) {
        return None;
    }
    let report = check_input(&Input::File(path.to_path_buf()), &own.settings);
    (!report.docs.is_empty()).then(|| IndexedFile::of_report(report))
}

/// Which file is at `path` on disk (device and inode), to tell it apart from the index's entry.
pub fn identity(path: &Path) -> Option<FileIdentity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
