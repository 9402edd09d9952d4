//! The `check` pipeline: walk → read → parse → schema → model → lints, per file in parallel.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::lint::{Lint, Severity};
use crate::lints::file::{
    duplicate_key::DUPLICATE_KEY, empty_file::EMPTY_FILE, file_too_large::FILE_TOO_LARGE,
    invalid_utf8::INVALID_UTF8, nesting_too_deep::NESTING_TOO_DEEP, not_a_mapping::NOT_A_MAPPING,
    unreadable_file::UNREADABLE_FILE, unsupported_yaml::UNSUPPORTED_YAML, yaml_syntax::YAML_SYNTAX,
};
use crate::lints::pack::PackFile;
use crate::lints::{Active, DocContext, V1Collection};
use crate::settings::Settings;
use crate::sigma::summary::DocSummary;
use crate::sigma::{Kind, SigmaDoc};
use crate::source::{FileIdentity, SourceFile};
use crate::walk::{self, Input, MissingPath};
use crate::yaml::{self, MAX_DEPTH, NodeKind, YamlError};

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

/// Checks every rule file under `paths`. Only a path that does not exist is an error; every
/// problem with a file is a diagnostic in that file's report.
pub fn check_paths(paths: &[PathBuf], settings: &Settings) -> Result<Report, MissingPath> {
    let mut files = check_walked(paths, settings)?;
    // Pack-wide phase: after every file, over the summaries, in input order. References to
    // rules outside the checked set are only reported when a directory was checked (see the
    // SC8xx lint docs).
    let options = crate::lints::pack::Options {
        resolve_references: paths.iter().any(|p| p.is_dir()),
    };
    pack_phase(&mut files, &options, settings);
    Ok(Report { files })
}

/// The per-file phase over every input of the walk, in walk order. The walk runs on its own
/// thread and feeds the workers as it goes, and the one-time set-up (the schema validator) is
/// built on another, so neither holds up the workers; each report is put back in its walk
/// position, so the result does not depend on scheduling.
fn check_walked(paths: &[PathBuf], settings: &Settings) -> Result<Vec<FileReport>, MissingPath> {
    // A missing path stops the run before any file is checked, as when the walk came first
    // (the walk checks again, in the same order).
    if let Some(missing) = paths.iter().find(|p| std::fs::symlink_metadata(p).is_err()) {
        return Err(MissingPath(missing.clone()));
    }
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Input)>();
    std::thread::scope(|scope| {
        scope.spawn(crate::lints::schema::warm_up);
        let walker = scope.spawn(move || {
            let mut n = 0;
            walk::for_each_excluding(paths, &|p| settings.exclude.matches(p), &mut |input| {
                // The receiver lives until every input is taken; a failed send cannot happen.
                let _ = tx.send((n, input));
                n += 1;
            })
        });
        let active = Active::of(|l| settings.enabled(l));
        let mut done: Vec<(usize, FileReport)> = rx
            .into_iter()
            .par_bridge()
            .map(|(i, input)| (i, check_input_with(&input, settings, &active)))
            .collect();
        // The walk is over once the channel is closed; it only fails on a missing path.
        walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        done.sort_unstable_by_key(|(i, _)| *i);
        Ok(done.into_iter().map(|(_, f)| f).collect())
    })
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
    pack_phase(&mut files, &options, settings);
    Report { files }
}

fn pack_phase(
    files: &mut [FileReport],
    options: &crate::lints::pack::Options,
    settings: &Settings,
) {
    let summaries: Vec<PackFile<'_>> = files
        .iter()
        .map(|f| PackFile {
            path: &f.source.path,
            identity: f.identity,
            docs: &f.docs,
        })
        .collect();
    let mut found = Active::of(|l| settings.enabled(l)).check_pack(&summaries, options);
    drop(summaries);
    found.retain(|(i, d)| *i < files.len() && settings.enabled(d.lint));
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
    files.par_iter_mut().for_each(|f| finalize(f, settings));
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
            .retain(|d| !ignored.iter().any(|c| d.code().starts_with(c.as_str())));
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
                .any(|c| d.code().starts_with(c.as_str()))
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
    check_input_with(input, settings, &Active::of(|l| settings.enabled(l)))
}

fn check_input_with(input: &Input, settings: &Settings, active: &Active) -> FileReport {
    match input {
        Input::File(path) => match read(path, settings.max_file_size) {
            Ok((source, identity)) => {
                let (diagnostics, docs) = check_source_docs_with(&source, settings, active);
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
    }
}

fn unreadable(path: &Path, reason: &str) -> FileReport {
    FileReport {
        source: SourceFile::new(path, ""),
        diagnostics: vec![
            Diagnostic::new(
                &UNREADABLE_FILE,
                0..0,
                format!("cannot read file: {reason}"),
            )
            .with_help("fix the permissions or the link, or remove the file from the pack"),
        ],
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
        diagnostics: vec![
            Diagnostic::new(
                &FILE_TOO_LARGE,
                0..0,
                format!("file is {size}, over the limit of {max} bytes; it was not checked"),
            )
            .with_help("rule files are a few KiB; raise the limit with `--max-file-size` if this one is really a rule"),
        ],
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
            let bad = e.as_bytes()[at];
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let message = if e.as_bytes().contains(&0) {
                format!(
                    "file is not valid UTF-8 (byte 0x{bad:02X} at offset {at}); it looks like a binary file"
                )
            } else {
                format!("file is not valid UTF-8: byte 0x{bad:02X} at offset {at}")
            };
            let source = SourceFile::new(path, text);
            Err(Box::new(FileReport {
                source,
                diagnostics: vec![
                    Diagnostic::new(&INVALID_UTF8, at..end, message)
                        .with_label("invalid byte")
                        .with_help("save the file as UTF-8"),
                ],
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
    check_source_docs_with(source, settings, &Active::of(|l| settings.enabled(l)))
}

fn check_source_docs_with(
    source: &SourceFile,
    settings: &Settings,
    active: &Active,
) -> (Vec<Diagnostic>, Vec<DocSummary>) {
    let text: &str = &source.text;
    let parsed = yaml::parse(text);
    // Kept for every file until the pack-wide phase: a pushed `Vec` would hold room for four
    // summaries of ~0.5 kB each, 7 MB more heap on SigmaHQ's corpus.
    let mut summaries = Vec::with_capacity(parsed.documents.len());
    let mut out: Vec<Diagnostic> = parsed.errors.iter().map(yaml_diagnostic).collect();
    let docs: Vec<_> = parsed
        .documents
        .iter()
        .filter(|d| !d.is_null() || parsed.documents.len() == 1)
        .collect();
    if docs.iter().all(|d| d.is_null()) && parsed.errors.is_empty() {
        if settings.enabled(&EMPTY_FILE) {
            let span = docs.first().map_or(0..0, |d| d.span.clone());
            out.push(
                Diagnostic::new(&EMPTY_FILE, span, "file contains no Sigma rule")
                    .with_help("write the rule, or delete the file"),
            );
        }
        return (out, summaries);
    }
    let collection = V1Collection::of(docs.iter().copied());
    for &root in &docs {
        if !matches!(root.kind, NodeKind::Mapping(_)) {
            out.push(
                Diagnostic::new(
                    &NOT_A_MAPPING,
                    root.span.clone(),
                    format!(
                        "a Sigma document must be a mapping of keys, found {}",
                        root.type_name()
                    ),
                )
                .with_help("start the document with `title:`, `logsource:` and `detection:`"),
            );
            continue;
        }
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
            collection,
        };
        active.check_document(&ctx, &mut out);
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

/// A document `--fix` may edit: one with a `detection`, `correlation` or `filter` section, or a
/// v1 collection's `action`. Other YAML in a pack (a Kubernetes manifest, a pipeline's field
/// mappings) is still checked, but its findings carry no fix.
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

fn yaml_diagnostic(err: &YamlError) -> Diagnostic {
    match err {
        YamlError::Syntax {
            message,
            span,
            help,
        } => {
            let d = Diagnostic::new(&YAML_SYNTAX, span.clone(), message.clone());
            match help {
                Some(h) => d.with_help(h.clone()),
                None => d,
            }
        }
        YamlError::DuplicateKey { key, span, first } => Diagnostic::new(
            &DUPLICATE_KEY,
            span.clone(),
            format!("duplicate key `{key}`"),
        )
        .with_label("defined again here")
        .with_secondary(first.clone(), "first defined here")
        .with_help("merge the values into one key (a list is an OR), or remove one of them"),
        YamlError::Unsupported { what, span } => Diagnostic::new(
            &UNSUPPORTED_YAML,
            span.clone(),
            format!("YAML {what}s are not supported in Sigma rules"),
        )
        .with_help(match *what {
            "tag" => "remove the tag; quote the value if it must stay a string",
            _ => "write the values out instead of using anchors and aliases",
        }),
        YamlError::TooDeep { span } => Diagnostic::new(
            &NESTING_TOO_DEEP,
            span.clone(),
            format!(
                "YAML is nested deeper than {MAX_DEPTH} levels; the file was not checked further"
            ),
        )
        .with_help("Sigma rules need only a few levels of nesting"),
    }
}
