//! SC8xx: pack-wide lints. They run once after every file was checked, over the
//! [`DocSummary`] each file's report carries, and label every file involved.
//!
//! Everything here is a hash-map lookup keyed by id, name, title, file name or logic
//! fingerprint: no pairwise comparison of documents. Output order follows the input order
//! (files as walked, documents in file order), so it is deterministic.
//!
//! **Checked set.** A reference (`rules:` of a correlation or filter, a `related` id, an alias
//! rule) that resolves to nothing is only reported when at least one directory was checked.
//! `sigscope check one_file.yml` (a pre-commit hook on the changed files) cannot know the rest
//! of the pack, so there an unresolved reference is expected, not a finding.

pub mod correlation_cycle;
pub mod deprecated_rule_reference;
pub mod duplicate_detection;
pub mod duplicate_file_name;
pub mod duplicate_id;
pub mod duplicate_name;
pub mod duplicate_title;
pub mod inconsistent_related;
pub mod unresolved_related;
pub mod unresolved_rule_reference;

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::lint::Lint;
use crate::lints::correlation;
use crate::sigma::summary::DocSummary;
use crate::source::FileIdentity;

pub static LINTS: &[&Lint] = &[
    &duplicate_id::DUPLICATE_ID,
    &duplicate_name::DUPLICATE_NAME,
    &duplicate_title::DUPLICATE_TITLE,
    &duplicate_file_name::DUPLICATE_FILE_NAME,
    &duplicate_detection::DUPLICATE_DETECTION,
    &unresolved_rule_reference::UNRESOLVED_RULE_REFERENCE,
    &deprecated_rule_reference::DEPRECATED_RULE_REFERENCE,
    &unresolved_related::UNRESOLVED_RELATED,
    &inconsistent_related::INCONSISTENT_RELATED,
    &correlation_cycle::CORRELATION_CYCLE,
];

/// Findings of the pack phase: (index of the file in the report, diagnostic in that file).
pub type Found = Vec<(usize, Diagnostic)>;

/// A check over the whole pack, and the lint it reports: skipped when that lint is off.
#[derive(Debug)]
pub struct PackCheck {
    pub run: fn(&Pack<'_>, &mut Found),
    pub lint: &'static Lint,
}

macro_rules! pack_check {
    ($run:path, $lint:path) => {
        PackCheck {
            run: $run,
            lint: &$lint,
        }
    };
}

/// Every pack-wide check, in code order; SC7xx checks that need the other rules run here too.
pub static PACK_CHECKS: &[PackCheck] = &[
    pack_check!(
        correlation::unknown_alias_rule::check_pack,
        correlation::unknown_alias_rule::UNKNOWN_ALIAS_RULE
    ),
    pack_check!(
        correlation::filter_never_applies::check_pack,
        correlation::filter_never_applies::FILTER_NEVER_APPLIES
    ),
    pack_check!(duplicate_id::check, duplicate_id::DUPLICATE_ID),
    pack_check!(duplicate_name::check, duplicate_name::DUPLICATE_NAME),
    pack_check!(duplicate_title::check, duplicate_title::DUPLICATE_TITLE),
    pack_check!(
        duplicate_file_name::check,
        duplicate_file_name::DUPLICATE_FILE_NAME
    ),
    pack_check!(
        duplicate_detection::check,
        duplicate_detection::DUPLICATE_DETECTION
    ),
    pack_check!(
        unresolved_rule_reference::check,
        unresolved_rule_reference::UNRESOLVED_RULE_REFERENCE
    ),
    pack_check!(
        deprecated_rule_reference::check,
        deprecated_rule_reference::DEPRECATED_RULE_REFERENCE
    ),
    pack_check!(
        unresolved_related::check,
        unresolved_related::UNRESOLVED_RELATED
    ),
    pack_check!(
        inconsistent_related::check,
        inconsistent_related::INCONSISTENT_RELATED
    ),
    pack_check!(
        correlation_cycle::check,
        correlation_cycle::CORRELATION_CYCLE
    ),
];

/// How the pack phase runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Report references that resolve to nothing (true when a directory was checked).
    pub resolve_references: bool,
}

/// Most other places one diagnostic labels; the message counts the rest.
pub const MAX_LABELS: usize = 10;

/// What the pack phase knows of one checked file: its path, which file it is on disk, and the
/// summaries of its Sigma documents.
#[derive(Debug, Clone, Copy)]
pub struct PackFile<'a> {
    pub path: &'a Path,
    pub identity: Option<FileIdentity>,
    pub docs: &'a [DocSummary],
}

/// One document of the pack.
#[derive(Debug)]
pub struct PackDoc<'a> {
    /// Index of its file in the report.
    pub file: usize,
    pub path: &'a Path,
    pub doc: &'a DocSummary,
}

/// Every document of the checked files, indexed for lookups.
#[derive(Debug)]
pub struct Pack<'a> {
    /// In input order: files as walked, documents in file order.
    pub docs: Vec<PackDoc<'a>>,
    pub options: &'a Options,
    by_id: Map<String, Vec<usize>>,
    by_name: Map<&'a str, Vec<usize>>,
    /// Each file's path as labels carry it, made on first use and then shared.
    shared_paths: Vec<OnceLock<Arc<Path>>>,
}

/// The maps of this module are keyed by short strings from the pack, not by anything an
/// attacker picks to collide, and are hashed thousands of times per run: foldhash, not SipHash.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Ids are compared without case and surrounding blanks (UUIDs are case-insensitive).
pub fn id_key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

impl<'a> Pack<'a> {
    pub fn new(files: &[PackFile<'a>], options: &'a Options) -> Self {
        // The same file named twice (`rules/x.yml`, `./rules/x.yml`, a link to it) is one
        // file: files read from disk are told apart by device and inode, taken when they were
        // read; anything else by its canonical path (a system call per path component).
        #[derive(PartialEq, Eq, Hash)]
        enum FileKey {
            Inode(u64, u64),
            Path(OsString),
        }
        let key = |file: &PackFile<'_>| match file.identity {
            Some((dev, ino)) => FileKey::Inode(dev, ino),
            None => {
                let path = file.path;
                let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                FileKey::Path(canonical.components().collect::<PathBuf>().into_os_string())
            }
        };
        // Sized up front: this runs on the main thread once every file is checked, and a
        // growing table rehashes into fresh memory (page faults are dear on a VM).
        let mut seen: HashSet<FileKey, foldhash::fast::RandomState> =
            HashSet::with_capacity_and_hasher(files.len(), Default::default());
        let mut docs = Vec::with_capacity(files.iter().map(|f| f.docs.len()).sum());
        for (file, f) in files.iter().enumerate() {
            if f.docs.is_empty() || !seen.insert(key(f)) {
                continue;
            }
            let path = f.path;
            docs.extend(f.docs.iter().map(|doc| PackDoc { file, path, doc }));
        }
        let mut by_id: Map<String, Vec<usize>> =
            Map::with_capacity_and_hasher(docs.len(), Default::default());
        let mut by_name: Map<&'a str, Vec<usize>> = Map::default();
        for (i, d) in docs.iter().enumerate() {
            // Blank ids and names identify nothing (the schema reports them).
            if let Some(id) = &d.doc.id
                && !id.value.trim().is_empty()
            {
                by_id.entry(id_key(&id.value)).or_default().push(i);
            }
            if let Some(name) = &d.doc.name
                && !name.value.trim().is_empty()
            {
                by_name.entry(name.value.trim()).or_default().push(i);
            }
        }
        Self {
            docs,
            options,
            by_id,
            by_name,
            shared_paths: std::iter::repeat_with(OnceLock::new)
                .take(files.len())
                .collect(),
        }
    }

    /// Documents with this id (any case).
    pub fn with_id(&self, id: &str) -> &[usize] {
        self.by_id.get(&id_key(id)).map_or(&[], Vec::as_slice)
    }

    /// Documents with this `name`.
    pub fn with_name(&self, name: &str) -> &[usize] {
        self.by_name.get(name.trim()).map_or(&[], Vec::as_slice)
    }

    /// Every `name` in the pack, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.by_name.keys().copied()
    }

    /// A rule reference as pySigma resolves it: by id first, then by `name`. With duplicates,
    /// the first document in input order (the duplicates are reported separately).
    pub fn resolve(&self, reference: &str) -> Option<usize> {
        if reference.trim().is_empty() {
            return None;
        }
        self.with_id(reference)
            .first()
            .or_else(|| self.with_name(reference).first())
            .copied()
    }

    /// Adds a label at `span` of document `target`, in the same file as document `me` or in
    /// another one.
    pub fn label(
        &self,
        d: Diagnostic,
        me: usize,
        target: usize,
        span: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        let (Some(a), Some(b)) = (self.docs.get(me), self.docs.get(target)) else {
            return d;
        };
        if a.file == b.file {
            d.with_secondary(span, message)
        } else {
            let path = match self.shared_paths.get(b.file) {
                Some(shared) => Arc::clone(shared.get_or_init(|| Arc::from(b.path))),
                None => Arc::from(b.path),
            };
            d.with_secondary_in(path, span, message)
        }
    }

    /// Labels the other documents of a group with `message`, at most [`MAX_LABELS`]; returns
    /// how many were left out.
    pub fn label_group(
        &self,
        mut d: Diagnostic,
        me: usize,
        group: &[usize],
        span: impl Fn(&DocSummary) -> Range<usize>,
        message: &'static str,
    ) -> (Diagnostic, usize) {
        // `me` is one of the group: O(1) count, so a large group stays linear overall.
        let left = group.len().saturating_sub(1 + MAX_LABELS);
        d.secondary
            .reserve_exact(group.len().saturating_sub(1).min(MAX_LABELS));
        for &j in group.iter().filter(|&&j| j != me).take(MAX_LABELS) {
            d = self.label(d, me, j, span(self.docs[j].doc), message);
        }
        (d, left)
    }

    /// Orders a group of duplicates so that active documents come before retired ones
    /// (`deprecated`, `unsupported`), otherwise in input order: the first keeps the id, title
    /// or file name, and the stale copies are the ones reported.
    pub fn active_first(&self, group: &mut [usize]) {
        group.sort_by_key(|&i| (is_retired(self.docs[i].doc), i));
    }
}

/// Whether a document's status says it is no longer in use.
pub fn is_retired(doc: &DocSummary) -> bool {
    matches!(doc.status(), Some("deprecated" | "unsupported"))
}

/// The groups of documents that share a key (two or more each), in order of first occurrence;
/// each group in input order.
pub fn groups<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = (usize, K)>) -> Vec<Vec<usize>> {
    // Each key maps to its first document and the rank of that first occurrence, and to its
    // group once it has a second document: only shared keys allocate a group.
    let (low, high) = keys.size_hint();
    let mut index: Map<K, (usize, usize, Option<usize>)> =
        Map::with_capacity_and_hasher(high.unwrap_or(low), Default::default());
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, k) in keys {
        let rank = index.len();
        match index.entry(k) {
            Entry::Occupied(mut e) => {
                let (first, rank, group) = *e.get();
                match group {
                    Some(g) => groups[g].1.push(i),
                    None => {
                        e.get_mut().2 = Some(groups.len());
                        groups.push((rank, vec![first, i]));
                    }
                }
            }
            Entry::Vacant(e) => {
                e.insert((i, rank, None));
            }
        }
    }
    groups.sort_unstable_by_key(|g| g.0);
    groups.into_iter().map(|(_, g)| g).collect()
}

/// ` (and 3 more)` when labels were left out.
pub fn more(left: usize) -> String {
    if left == 0 {
        String::new()
    } else {
        format!(" (and {left} more not shown)")
    }
}

/// Runs every pack-wide check whose lint is `enabled`. The checks are independent: they run in
/// parallel, and their findings are put together in [`PACK_CHECKS`] order, as if they had run
/// in turn.
pub fn run(files: &[PackFile<'_>], options: &Options, enabled: impl Fn(&Lint) -> bool) -> Found {
    let checks: Vec<&PackCheck> = PACK_CHECKS.iter().filter(|c| enabled(c.lint)).collect();
    if checks.is_empty() {
        return Found::new();
    }
    let pack = Pack::new(files, options);
    let found: Vec<Found> = checks
        .par_iter()
        .map(|check| {
            let mut out = Found::new();
            (check.run)(&pack, &mut out);
            out
        })
        .collect();
    found.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::groups;

    #[test]
    fn groups_are_listed_by_first_occurrence_each_in_input_order() {
        let keys = [
            (7, "b"),
            (2, "a"),
            (5, "c"),
            (1, "b"),
            (9, "a"),
            (3, "b"),
            (4, "d"),
        ];
        assert_eq!(groups(keys.into_iter()), vec![vec![7, 1, 3], vec![2, 9]]);
        assert!(groups([(0, "x"), (1, "y")].into_iter()).is_empty());
    }
}
