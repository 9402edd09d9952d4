//! The `check` pipeline: walk → read → parse → schema → model → lints, per file in parallel.

use std::collections::HashSet;
use std::convert::Infallible;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::config::{Configs, LoadError, Resolved};
use crate::diagnostics::Diagnostic;
use crate::lint::{Lint, Severity};
use crate::lints::file::empty_file::{self, EMPTY_FILE};
use crate::lints::file::not_a_rule::{self, NOT_A_RULE};
use crate::lints::file::unknown_collection_action;
use crate::lints::file::{
    duplicate_key, file_too_large, invalid_utf8, nesting_too_deep, not_a_mapping, unreadable_file,
    unsupported_yaml, yaml_syntax,
};
use crate::lints::pack::PackFile;
use crate::lints::{Active, DocContext};
use crate::settings::Settings;
use crate::sigma::classify::{Class, GENERIC, classify};
use crate::sigma::summary::DocSummary;
use crate::sigma::{Kind, SigmaDoc};
use crate::source::{FileIdentity, SourceFile};
use crate::walk::{self, Input};
use crate::yaml::{self, NodeKind, YamlError};

/// All findings of one file, sorted by position.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// One summary per Sigma document of the file, for the pack-wide phase.
    pub docs: Vec<DocSummary>,
    /// Device and inode of a file read from disk: the pack-wide phase counts a file named by
    /// two paths (`rules/x.yml`, `./rules/x.yml`, a link) once.
    pub identity: Option<FileIdentity>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
}

/// Number of diagnostics per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }

    /// Whether any finding is at or above `level`.
    pub fn fails(&self, level: Severity) -> bool {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.severity >= level)
    }
}

/// Checks every rule file under `paths`. Every problem with a path, one that does not exist
/// included, is a diagnostic in that path's report.
pub fn check_paths(paths: &[PathBuf], settings: &Settings) -> Report {
    check_paths_extracting(paths, settings, &|_, _| ()).0
}

/// [`check_paths`], and what `extract` makes of each Sigma document of each file while its
/// parse is at hand (per file, in document order), so that a front end (the site) needs no
/// second parse.
pub fn check_paths_extracting<T: Send>(
    paths: &[PathBuf],
    settings: &Settings,
    extract: &(dyn Fn(&SourceFile, &SigmaDoc<'_>) -> T + Sync),
) -> (Report, Vec<Vec<T>>) {
    let one = one_scope(settings);
    infallible(check_scoped(paths, &|_| Ok(Arc::clone(&one)), extract))
}

/// [`check_paths`], each file with its own configuration ([`Configs`]): the one of the
/// directory it is in decides whether it is excluded and how it is checked. A configuration
/// file found on the way that cannot be used stops the check.
pub fn check_paths_with(paths: &[PathBuf], configs: &Configs) -> Result<Report, LoadError> {
    Ok(check_scoped(paths, &|p| configs.for_file(p), &|_, _| ())?.0)
}

/// The configuration of a path the walk meets: that of the directory it is in.
type ScopeOf<'a, E> = dyn Fn(&Path) -> Result<Arc<Resolved>, E> + Sync + 'a;

/// A file's report and the configuration it was checked with.
type Scoped = (FileReport, Arc<Resolved>);

/// One configuration for every file: `settings` as they are.
fn one_scope(settings: &Settings) -> Arc<Resolved> {
    Arc::new(Resolved::of_settings(settings.clone()))
}

fn infallible<T>(result: Result<T, Infallible>) -> T {
    match result {
        Ok(value) => value,
        Err(never) => match never {},
    }
}

fn check_scoped<T: Send, E: Send>(
    paths: &[PathBuf],
    scope_of: &ScopeOf<'_, E>,
    extract: &(dyn Fn(&SourceFile, &SigmaDoc<'_>) -> T + Sync),
) -> Result<(Report, Vec<Vec<T>>), E> {
    let (files, extracted) =
        check_walked_extracting(paths, scope_of, &|_| false, &|_| true, extract)?;
    // Pack-wide phase: after every file, over the summaries, in input order. References to
    // rules outside the checked set are only reported when a directory was checked (see the
    // SC8xx lint docs).
    let resolve_references = paths.iter().any(|p| p.is_dir());
    Ok((
        report_last(Vec::new(), files, resolve_references),
        extracted,
    ))
}

/// Checks the files under `paths` as members of the pack under `pack` (`check --pack`: a hook
/// or an editor that checks some files of a pack): every rule of the pack is checked and seen by the
/// pack-wide lints, and only the reports of the files under `paths` are returned, with what
/// the pack-wide lints found in them against any rule of the pack. The pack comes first in
/// input order, so a pack-wide lint that keeps the first of a group (SC801 keeps an id for the
/// first rule that uses it) reports the file under `paths`: the newcomer. A pack path that
/// does not exist or cannot be read is reported, as if it were under `paths`: the pack would
/// be incomplete.
pub fn check_in_pack(paths: &[PathBuf], pack: &[PathBuf], settings: &Settings) -> Report {
    let one = one_scope(settings);
    infallible(in_pack(paths, pack, &|_| Ok(Arc::clone(&one))))
}

/// [`check_in_pack`], each file (of the pack or not) with its own configuration, as
/// [`check_paths_with`].
pub fn check_in_pack_with(
    paths: &[PathBuf],
    pack: &[PathBuf],
    configs: &Configs,
) -> Result<Report, LoadError> {
    in_pack(paths, pack, &|p| configs.for_file(p))
}

fn in_pack<E: Send>(
    paths: &[PathBuf],
    pack: &[PathBuf],
    scope_of: &ScopeOf<'_, E>,
) -> Result<Report, E> {
    let (unreadable, pack) = readable_roots(pack);
    let named_paths: Vec<PathBuf> = paths.iter().cloned().chain(unreadable).collect();
    let named = check_walked(&named_paths, scope_of, &|_| false, &|_| true)?;
    // The named files (and folders) are left out of the pack's walk, so each is checked once,
    // under the name it was given.
    let cwd = working_directory();
    let absolute = |p: &Path| walk::normalise(&cwd.join(p));
    let names: HashSet<&OsStr> = named_paths
        .iter()
        .map(PathBuf::as_path)
        .chain(named.iter().map(|(f, _)| f.source.path.as_path()))
        .filter_map(Path::file_name)
        .collect();
    let named_at: HashSet<PathBuf> = named_paths
        .iter()
        .map(PathBuf::as_path)
        .chain(named.iter().map(|(f, _)| f.source.path.as_path()))
        .map(absolute)
        .collect();
    let is_named = |p: &Path| {
        p.file_name().is_some_and(|n| names.contains(n)) && named_at.contains(&absolute(p))
    };
    let mut files = check_walked(&pack, scope_of, &is_named, &|_| true)?;
    // Names the lexical comparison cannot match (a link, a path through `..` over a link).
    let identities: HashSet<FileIdentity> = named.iter().filter_map(|(f, _)| f.identity).collect();
    files.retain(|(f, _)| f.identity.is_none_or(|id| !identities.contains(&id)));
    let resolve_references = pack.iter().chain(paths).any(|p| p.is_dir());
    Ok(report_last(files, named, resolve_references))
}

/// What git will commit, for `check --staged`: absolute paths, lexically normalised
/// ([`walk::normalise`]), with no symbolic link in the working tree's own path.
#[derive(Debug, Clone, Default)]
pub struct Staged {
    /// Every file in git's index. The pack is made of the rule files under the checked paths
    /// that are among them: untracked and ignored files are not part of it.
    pub tracked: HashSet<PathBuf>,
    /// The staged files (added, copied, modified, renamed, changed type): the files reported.
    pub staged: HashSet<PathBuf>,
}

/// Checks the pack under `paths` as git will commit it (`check --staged`, the pre-commit hook):
/// the tracked rule files, with the staged files last in input order so that the pack-wide
/// lints that keep the first of a group (SC801 keeps an id for the first rule that uses it)
/// report the staged one. Only the staged files' reports are returned; with nothing staged
/// (`pre-commit run --all-files`, CI), every report. A path in `paths` that does not exist or
/// cannot be read is always reported.
pub fn check_staged(paths: &[PathBuf], git: &Staged, settings: &Settings) -> Report {
    let one = one_scope(settings);
    infallible(staged(paths, git, &|_| Ok(Arc::clone(&one))))
}

/// [`check_staged`], each file with its own configuration, as [`check_paths_with`].
pub fn check_staged_with(
    paths: &[PathBuf],
    git: &Staged,
    configs: &Configs,
) -> Result<Report, LoadError> {
    staged(paths, git, &|p| configs.for_file(p))
}

fn staged<E: Send>(
    paths: &[PathBuf],
    git: &Staged,
    scope_of: &ScopeOf<'_, E>,
) -> Result<Report, E> {
    let (unreadable, pack) = readable_roots(paths);
    let cwd = working_directory();
    let roots: Vec<(&Path, PathBuf)> = pack
        .iter()
        .map(|p| {
            let real = std::fs::canonicalize(p).unwrap_or_else(|_| cwd.join(p));
            (p.as_path(), real)
        })
        .collect();
    // Where a walked path is, through the real path of its root: a pack named through a
    // symbolic link is still the repository's files.
    let absolute = |p: &Path| {
        let real = roots
            .iter()
            .find_map(|(root, real)| Some(real.join(p.strip_prefix(root).ok()?)))
            .unwrap_or_else(|| cwd.join(p));
        walk::normalise(&real)
    };
    let tracked = |input: &Input| git.tracked.contains(&absolute(input.path()));
    let files = check_walked(&pack, scope_of, &|_| false, &tracked)?;
    let problems = check_walked(&unreadable, scope_of, &|_| false, &|_| true)?;
    let resolve_references = pack.iter().any(|p| p.is_dir());
    if git.staged.is_empty() {
        return Ok(report_last(
            Vec::new(),
            [files, problems].concat(),
            resolve_references,
        ));
    }
    let (mut staged, rest): (Vec<Scoped>, Vec<Scoped>) = files
        .into_iter()
        .partition(|(f, _)| git.staged.contains(&absolute(&f.source.path)));
    staged.extend(problems);
    Ok(report_last(rest, staged, resolve_references))
}

/// The pack paths that do not exist or cannot be read (reported: the pack would be incomplete),
/// and those that can be walked.
fn readable_roots(pack: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    pack.iter()
        .cloned()
        .partition(|p| match std::fs::metadata(p) {
            Ok(m) => m.is_dir() && std::fs::read_dir(p).is_err(),
            Err(_) => true,
        })
}

/// The working directory without symbolic links, as git names the working tree.
fn working_directory() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    std::fs::canonicalize(&cwd).unwrap_or(cwd)
}

/// The pack-wide phase over `rest` then `reported`, each file with its configuration, returning
/// the reports of `reported` alone.
fn report_last(
    mut files: Vec<Scoped>,
    mut reported: Vec<Scoped>,
    resolve_references: bool,
) -> Report {
    let rest = files.len();
    files.append(&mut reported);
    let (mut files, scopes): (Vec<FileReport>, Vec<Arc<Resolved>>) = files.into_iter().unzip();
    let mut distinct: Vec<&Settings> = Vec::new();
    for s in &scopes {
        if !distinct.iter().any(|d| std::ptr::eq(*d, &s.settings)) {
            distinct.push(&s.settings);
        }
    }
    let options = crate::lints::pack::Options { resolve_references };
    pack_phase(&mut files, &options, &distinct, &|i| &scopes[i].settings);
    files.drain(..rest);
    Report { files }
}

/// The per-file phase over every input of the walk, in walk order, each file with the
/// configuration of its directory (which comes back with it). The walk runs on its own thread
/// and feeds the workers as it goes, and the one-time set-up (the schema validator) is built on
/// another, so neither holds up the workers; each report is put back in its walk position, so
/// the result does not depend on scheduling. `skip` leaves out paths (files and folders) on top
/// of the `exclude` globs; of the inputs found, only those `keep` holds for are checked. The
/// first configuration that cannot be used ends the walk and is the error.
fn check_walked<E: Send>(
    paths: &[PathBuf],
    scope_of: &ScopeOf<'_, E>,
    skip: &(dyn Fn(&Path) -> bool + Sync),
    keep: &(dyn Fn(&Input) -> bool + Sync),
) -> Result<Vec<Scoped>, E> {
    Ok(check_walked_extracting(paths, scope_of, skip, keep, &|_, _| ())?.0)
}

/// [`check_walked`], with what `extract` makes of each Sigma document, per file.
fn check_walked_extracting<T: Send, E: Send>(
    paths: &[PathBuf],
    scope_of: &ScopeOf<'_, E>,
    skip: &(dyn Fn(&Path) -> bool + Sync),
    keep: &(dyn Fn(&Input) -> bool + Sync),
    extract: &(dyn Fn(&SourceFile, &SigmaDoc<'_>) -> T + Sync),
) -> Result<(Vec<Scoped>, Vec<Vec<T>>), E> {
    let failed: Mutex<Option<E>> = Mutex::new(None);
    let has_failed = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Input, Arc<Resolved>)>();
    let done = std::thread::scope(|scope| {
        scope.spawn(crate::lints::schema::warm_up);
        let (failed, has_failed) = (&failed, &has_failed);
        let walker = scope.spawn(move || {
            let scope_of = |path: &Path| {
                if has_failed.load(Ordering::Relaxed) {
                    return None;
                }
                scope_of(path)
                    .map_err(|e| {
                        *failed.lock().unwrap_or_else(PoisonError::into_inner) = Some(e);
                        has_failed.store(true, Ordering::Relaxed);
                    })
                    .ok()
            };
            let excluded =
                |p: &Path| skip(p) || scope_of(p).is_none_or(|r| r.settings.exclude.matches(p));
            let mut n = 0;
            walk::for_each_excluding(paths, &excluded, &mut |input| {
                if keep(&input)
                    && let Some(r) = scope_of(input.path())
                {
                    // The receiver lives until every input is taken; a failed send cannot
                    // happen.
                    let _ = tx.send((n, input, r));
                    n += 1;
                }
            });
        });
        let mut done: Vec<(usize, Scoped, Vec<T>)> = rx
            .into_iter()
            .par_bridge()
            .map(|(i, input, r)| {
                let mut extracted = Vec::new();
                let report =
                    check_input_with(&input, &r.settings, &r.active, &mut |source, doc| {
                        extracted.push(extract(source, doc));
                    });
                (i, (report, r), extracted)
            })
            .collect();
        // The walk is over once the channel is closed.
        walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        done.sort_unstable_by_key(|(i, ..)| *i);
        done
    });
    if let Some(e) = failed.into_inner().unwrap_or_else(PoisonError::into_inner) {
        return Err(e);
    }
    Ok(done.into_iter().map(|(_, f, t)| (f, t)).unzip())
}

/// Checks one file's contents that did not come from disk (`--stdin-filename`): same limits,
/// same diagnostics as a file at `path`, with the pack-wide phase over that one file.
pub fn check_text(path: &Path, bytes: Vec<u8>, settings: &Settings) -> Report {
    let file = match source_from_bytes(path, bytes, settings.max_file_size) {
        Ok(source) => {
            let (diagnostics, docs) = check_source_docs(&source, settings);
            FileReport {
                source,
                diagnostics,
                docs,
                identity: None,
            }
        }
        Err(report) => *report,
    };
    let mut files = vec![file];
    let options = crate::lints::pack::Options {
        resolve_references: false,
    };
    pack_phase(&mut files, &options, &[settings], &|_| settings);
    Report { files }
}

/// Checks the text of one file of a pack whose other files are `others` (the language server's
/// workspace index, which keeps their summaries, not their findings): [`check_text`], with what
/// the pack-wide lints find in this file against the others. The file comes last in input
/// order, as in [`check_in_pack`], so a lint that keeps the first of a group (SC801) reports
/// it. `others` must not hold this file. References that resolve to nothing are reported when
/// `resolve_references` (a whole workspace is indexed).
pub fn check_text_in_pack(
    path: &Path,
    bytes: Vec<u8>,
    settings: &Settings,
    identity: Option<FileIdentity>,
    others: &[PackFile<'_>],
    resolve_references: bool,
) -> FileReport {
    let mut file = match source_from_bytes(path, bytes, settings.max_file_size) {
        Ok(source) => {
            let (diagnostics, docs) = check_source_docs(&source, settings);
            FileReport {
                source,
                diagnostics,
                docs,
                identity,
            }
        }
        Err(report) => *report,
    };
    let mut files: Vec<PackFile<'_>> = Vec::with_capacity(others.len() + 1);
    files.extend_from_slice(others);
    files.push(PackFile {
        path: &file.source.path,
        text: &file.source.text,
        identity,
        docs: &file.docs,
    });
    let me = files.len() - 1;
    let options = crate::lints::pack::Options { resolve_references };
    let found = Active::of(|l| settings.enabled(l)).check_pack(&files, &options);
    drop(files);
    let before = file.diagnostics.len();
    file.diagnostics.extend(
        found
            .into_iter()
            .filter(|(i, d)| *i == me && settings.enabled(d.lint))
            .map(|(_, d)| d),
    );
    if file.diagnostics.len() != before {
        sort_diagnostics(&mut file.diagnostics);
    }
    finalize(&mut file, settings);
    file
}

/// The per-file phase alone over the rule files under `paths`, each with the configuration of
/// its directory, which also decides what is excluded: what an index of the pack (the language
/// server's workspace) needs, with no pack-wide phase. `on_doc` is called for each Sigma
/// document as it is checked, from the worker threads.
pub fn check_files_with(
    paths: &[PathBuf],
    configs: &Configs,
    on_doc: &(dyn Fn() + Sync),
) -> Result<Vec<FileReport>, LoadError> {
    let scope_of = |p: &Path| configs.for_file(p);
    let (files, _) =
        check_walked_extracting(paths, &scope_of, &|_| false, &|_| true, &|_, _| on_doc())?;
    Ok(files.into_iter().map(|(f, _)| f).collect())
}

/// The pack-wide lints, then [`finalize`] on every file. `settings_of(i)` are the settings of
/// file `i`, `distinct` every one of them once: a pack-wide lint runs when some file's
/// configuration selects it, and its findings are kept in the files whose configuration does.
fn pack_phase<'s>(
    files: &mut [FileReport],
    options: &crate::lints::pack::Options,
    distinct: &[&Settings],
    settings_of: &(dyn Fn(usize) -> &'s Settings + Sync),
) {
    let summaries: Vec<PackFile<'_>> = files
        .iter()
        .map(|f| PackFile {
            path: &f.source.path,
            text: &f.source.text,
            identity: f.identity,
            docs: &f.docs,
        })
        .collect();
    let mut found =
        Active::of(|l| distinct.iter().any(|s| s.enabled(l))).check_pack(&summaries, options);
    drop(summaries);
    found.retain(|(i, d)| *i < files.len() && settings_of(*i).enabled(d.lint));
    if !found.is_empty() {
        // Room for exactly what each file gains: a pushed `Vec` of diagnostics holds four
        // (~0.7 kB), for every file that had none, until the end of the run.
        let mut gained = vec![0usize; files.len()];
        for (i, _) in &found {
            gained[*i] += 1;
        }
        for (f, &n) in files.iter_mut().zip(&gained) {
            f.diagnostics.reserve_exact(n);
        }
        for (i, d) in found {
            files[i].diagnostics.push(d);
        }
        for (f, n) in files.iter_mut().zip(gained) {
            if n > 0 {
                sort_diagnostics(&mut f.diagnostics);
            }
        }
    }
    files
        .par_iter_mut()
        .enumerate()
        .for_each(|(i, f)| finalize(f, settings_of(i)));
}

/// The last step for each file, after every lint: inline suppressions (which add SC010/SC011),
/// `per-file-ignores`, then severity overrides.
pub fn finalize(file: &mut FileReport, settings: &Settings) {
    let before = file.diagnostics.len();
    crate::suppress::apply(&file.source, &mut file.diagnostics, settings);
    let ignored: Vec<&String> = settings
        .per_file_ignores
        .iter()
        .filter(|p| p.glob.matches(&file.source.path))
        .flat_map(|p| &p.codes)
        .collect();
    if !ignored.is_empty() {
        file.diagnostics
            .retain(|d| !ignored.iter().any(|c| d.lint.selected_by(c).is_some()));
    }
    if !settings.severity.is_empty() {
        for d in &mut file.diagnostics {
            d.severity = crate::settings::severity_for(d.lint, &settings.severity);
        }
    }
    if !settings.unfixable.is_empty() {
        for d in &mut file.diagnostics {
            if settings
                .unfixable
                .iter()
                .any(|c| d.lint.selected_by(c).is_some())
            {
                d.fix = None;
            }
        }
    }
    if file.diagnostics.len() != before {
        sort_diagnostics(&mut file.diagnostics);
    }
}

pub fn check_input(input: &Input, settings: &Settings) -> FileReport {
    check_input_with(
        input,
        settings,
        &Active::of(|l| settings.enabled(l)),
        &mut |_, _| {},
    )
}

/// A callback on each Sigma document of a file, while its parse is at hand.
type OnDoc<'f> = &'f mut dyn FnMut(&SourceFile, &SigmaDoc<'_>);

fn check_input_with(
    input: &Input,
    settings: &Settings,
    active: &Active,
    on_doc: OnDoc<'_>,
) -> FileReport {
    match input {
        Input::File(path) => match read(path, settings.max_file_size) {
            Ok((source, identity)) => {
                let (diagnostics, docs) = check_source_docs_with(&source, settings, active, on_doc);
                if !diagnostics.is_empty() {
                    // The report will place them: build the line table here, in parallel,
                    // rather than on the main thread as it renders.
                    source.line_count();
                }
                FileReport {
                    source,
                    diagnostics,
                    docs,
                    identity,
                }
            }
            Err(report) => *report,
        },
        Input::Unreadable { path, reason } => unreadable(path, reason),
        Input::Missing(path) => missing(path),
    }
}

fn missing(path: &Path) -> FileReport {
    FileReport {
        source: SourceFile::new(path, ""),
        diagnostics: vec![unreadable_file::missing(path)],
        docs: Vec::new(),
        identity: None,
    }
}

fn unreadable(path: &Path, reason: &str) -> FileReport {
    FileReport {
        source: SourceFile::new(path, ""),
        diagnostics: vec![unreadable_file::diagnostic(reason)],
        docs: Vec::new(),
        identity: None,
    }
}

/// Reads a file within the size limit, with its [`FileReport::identity`]. Invalid UTF-8 is
/// reported at its first bad byte and the file is not checked further; the report still carries
/// a lossy copy of the text for display.
fn read(path: &Path, max: u64) -> Result<(SourceFile, Option<FileIdentity>), Box<FileReport>> {
    let file = std::fs::File::open(path).map_err(|e| Box::new(unreadable(path, &e.to_string())))?;
    let meta = file
        .metadata()
        .map_err(|e| Box::new(unreadable(path, &e.to_string())))?;
    if !meta.is_file() {
        return Err(Box::new(unreadable(path, "not a regular file")));
    }
    if meta.len() > max {
        return Err(Box::new(too_large(
            path,
            max,
            format!("{} bytes", meta.len()),
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file is read as large as it was when measured, which is within the limit, whatever
    // it grows to meanwhile; and with that many bytes read, `take` ends the read without the
    // system call that `read_to_end` would otherwise make to see the end of the file.
    file.take(meta.len())
        .read_to_end(&mut bytes)
        .map_err(|e| Box::new(unreadable(path, &e.to_string())))?;
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    };
    #[cfg(not(unix))]
    let identity = None;
    source_from_bytes(path, bytes, max).map(|source| (source, identity))
}

fn too_large(path: &Path, max: u64, size: String) -> FileReport {
    FileReport {
        source: SourceFile::new(path, ""),
        diagnostics: vec![file_too_large::diagnostic(&size, max)],
        docs: Vec::new(),
        identity: None,
    }
}

/// The checks on a file's bytes before parsing: the size limit (for input read without a
/// length, such as stdin) and UTF-8.
fn source_from_bytes(path: &Path, bytes: Vec<u8>, max: u64) -> Result<SourceFile, Box<FileReport>> {
    if bytes.len() as u64 > max {
        return Err(Box::new(too_large(
            path,
            max,
            String::from("larger than the limit"),
        )));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let diagnostic = invalid_utf8::diagnostic(e.as_bytes(), at, at..end);
            let source = SourceFile::new(path, text);
            Err(Box::new(FileReport {
                source,
                diagnostics: vec![diagnostic],
                docs: Vec::new(),
                identity: None,
            }))
        }
    }
}

/// Checks the text of one file (all of its documents).
pub fn check_source(source: &SourceFile, settings: &Settings) -> Vec<Diagnostic> {
    check_source_docs(source, settings).0
}

/// Checks the text of one file and summarises each of its documents for the pack-wide phase.
pub fn check_source_docs(
    source: &SourceFile,
    settings: &Settings,
) -> (Vec<Diagnostic>, Vec<DocSummary>) {
    check_source_docs_with(
        source,
        settings,
        &Active::of(|l| settings.enabled(l)),
        &mut |_, _| {},
    )
}

fn check_source_docs_with(
    source: &SourceFile,
    settings: &Settings,
    active: &Active,
    on_doc: OnDoc<'_>,
) -> (Vec<Diagnostic>, Vec<DocSummary>) {
    let text: &str = &source.text;
    let parsed = yaml::parse(text);
    // Kept for every file until the pack-wide phase: a pushed `Vec` would hold room for four
    // summaries of ~0.5 kB each, 7 MB more heap on SigmaHQ's corpus.
    let mut summaries = Vec::with_capacity(parsed.documents.len());
    let all: Vec<_> = parsed
        .documents
        .iter()
        .filter(|d| !d.is_null() || parsed.documents.len() == 1)
        .collect();
    // Other YAML (a pipeline, a playbook, a CI workflow) is not linted: only what keeps it
    // from parsing is reported, and the file is named once as not a rule.
    let (docs, mut others) = sigma_documents(&all);
    others.extend(
        parsed
            .unsupported
            .iter()
            .filter(|d| classify(d) != Class::Sigma),
    );
    others.sort_by_key(|d| d.span.start);
    let in_other = |at: usize| {
        others
            .iter()
            .any(|d| (d.span.start..=d.span.end).contains(&at))
    };
    let mut out: Vec<Diagnostic> = parsed
        .errors
        .iter()
        .filter(|e| match e {
            // What only a Sigma document must not hold: in other YAML, none of our business.
            YamlError::DuplicateKey { span, .. } | YamlError::Unsupported { span, .. } => {
                !in_other(span.start)
            }
            YamlError::Syntax { .. } | YamlError::TooDeep { .. } => true,
        })
        .map(yaml_diagnostic)
        .collect();
    if let Some(first) = others.first()
        && settings.enabled(&NOT_A_RULE)
    {
        let what = match classify(first) {
            Class::Other(what) => what,
            Class::Sigma => GENERIC,
        };
        let at = first.span.start..first.span.start;
        out.push(not_a_rule::diagnostic(at, what, others.len() - 1));
    }
    if all.iter().all(|d| d.is_null()) && parsed.errors.is_empty() {
        if settings.enabled(&EMPTY_FILE) {
            let span = all.first().map_or(0..0, |d| d.span.clone());
            out.push(empty_file::diagnostic(span));
        }
        return (out, summaries);
    }
    let mut mappings = Vec::with_capacity(docs.len());
    for &root in &docs {
        if matches!(root.kind, NodeKind::Mapping(_)) {
            mappings.push(root);
        } else {
            out.push(not_a_mapping::diagnostic(root));
        }
    }
    for value in crate::sigma::collection::unknown_actions(&mappings) {
        out.push(unknown_collection_action::diagnostic(text, value));
    }
    // Sigma v1 collections are checked as the rules they merge into.
    let rules = crate::sigma::collection::rules(&mappings);
    let merged = rules
        .iter()
        .any(|r| matches!(r, std::borrow::Cow::Owned(_)));
    for root in &rules {
        // A Hayabusa rule is linted as the Sigma rule it means (sigma::dialect).
        let dialect = crate::sigma::dialect::as_sigma(root);
        let root: &yaml::Node = dialect.as_ref().unwrap_or(root);
        let kind = Kind::of(root);
        if active.schema {
            crate::lints::schema::check(text, root, kind, &mut out);
        }
        let doc = SigmaDoc::new(text, root);
        summaries.push(DocSummary::new(&source.path, summaries.len(), &doc));
        let ctx = DocContext {
            source,
            doc: &doc,
            settings,
        };
        active.check_document(&ctx, &mut out);
        on_doc(source, &doc);
    }
    if merged {
        // What the global document of a collection holds is reported once, not once per
        // rule it went into.
        let mut seen: Vec<Diagnostic> = Vec::with_capacity(out.len());
        out.retain(|d| {
            let new = !seen.contains(d);
            if new {
                seen.push(d.clone());
            }
            new
        });
    }
    // A lint turned off does not hide the schema error it would have replaced.
    out.retain(|d| settings.enabled(d.lint));
    drop_replaced(&mut out);
    drop_fixes_outside_sigma(&docs, &mut out);
    out.shrink_to_fit();
    sort_diagnostics(&mut out);
    (out, summaries)
}

/// Drops the findings that another finding replaces ([`crate::lint::Lint::replaces`]): one at
/// exactly the span of a finding of a lint that replaces its lint.
fn drop_replaced(out: &mut Vec<Diagnostic>) {
    let replacing: Vec<(&'static [&'static Lint], std::ops::Range<usize>)> = out
        .iter()
        .filter(|d| !d.lint.replaces.is_empty())
        .map(|d| (d.lint.replaces, d.span.clone()))
        .collect();
    if replacing.is_empty() {
        return;
    }
    out.retain(|d| {
        !replacing
            .iter()
            .any(|(lints, span)| *span == d.span && lints.iter().any(|l| std::ptr::eq(*l, d.lint)))
    });
}

/// Splits a file's documents into the Sigma documents (see [`classify`]) and the others. Every
/// document of a v1 collection is part of it: a rule that inherits its sections from the
/// collection's `action: global` document has none of its own.
fn sigma_documents<'a>(all: &[&'a yaml::Node]) -> (Vec<&'a yaml::Node>, Vec<&'a yaml::Node>) {
    if all.iter().any(|d| d.entry("action").is_some()) {
        return (all.to_vec(), Vec::new());
    }
    all.iter()
        .partition(|d| d.is_null() || classify(d) == Class::Sigma)
}

/// A document `--fix` may edit: one with a `detection`, `correlation` or `filter` section, or a
/// v1 collection's `action`. A Sigma document without them (a rule that lost its sections) is
/// still checked, but its findings carry no fix.
fn is_sigma_document(root: &yaml::Node) -> bool {
    ["detection", "correlation", "filter", "action"]
        .iter()
        .any(|k| root.entry(k).is_some())
}

/// Drops every fix with an edit in a document that is not a Sigma document, so `--fix`,
/// `--diff` and every report agree. A document owns the text from its start to the next one's.
fn drop_fixes_outside_sigma(docs: &[&yaml::Node], out: &mut [Diagnostic]) {
    if docs.iter().all(|d| is_sigma_document(d)) {
        return;
    }
    let starts: Vec<usize> = docs.iter().map(|d| d.span.start).collect();
    let owner = |at: usize| starts.partition_point(|&s| s <= at).saturating_sub(1);
    let editable = |e: &crate::diagnostics::Edit| {
        let last = e.span.end.saturating_sub(1).max(e.span.start);
        docs[owner(e.span.start)..=owner(last)]
            .iter()
            .all(|d| is_sigma_document(d))
    };
    for d in out {
        if d.fix
            .as_ref()
            .is_some_and(|f| !f.edits.iter().all(editable))
        {
            d.fix = None;
        }
    }
}

fn sort_diagnostics(out: &mut [Diagnostic]) {
    out.sort_by(|a, b| {
        (a.span.start, a.lint.code, a.span.end).cmp(&(b.span.start, b.lint.code, b.span.end))
    });
}

/// The finding of the file and YAML lint that a parse error is.
fn yaml_diagnostic(err: &YamlError) -> Diagnostic {
    match err {
        YamlError::Syntax {
            message,
            span,
            help,
        } => yaml_syntax::diagnostic(span.clone(), message, help.as_deref()),
        YamlError::DuplicateKey { key, span, first } => {
            duplicate_key::diagnostic(key, span.clone(), first.clone())
        }
        YamlError::Unsupported { what, span } => unsupported_yaml::diagnostic(what, span.clone()),
        YamlError::TooDeep { span } => nesting_too_deep::diagnostic(span.clone()),
    }
}
