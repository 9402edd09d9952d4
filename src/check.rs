//! The `check` pipeline: walk → read → parse → schema → model → lints, per file in parallel.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Severity};
use crate::lints::file::{
    duplicate_key::DUPLICATE_KEY, empty_file::EMPTY_FILE, file_too_large::FILE_TOO_LARGE,
    invalid_utf8::INVALID_UTF8, nesting_too_deep::NESTING_TOO_DEEP, not_a_mapping::NOT_A_MAPPING,
    unreadable_file::UNREADABLE_FILE, unsupported_yaml::UNSUPPORTED_YAML, yaml_syntax::YAML_SYNTAX,
};
use crate::lints::{DocContext, doc_checks};
use crate::sigma::{Kind, SigmaDoc};
use crate::source::SourceFile;
use crate::walk::{self, Input, MissingPath};
use crate::yaml::{self, MAX_DEPTH, NodeKind, YamlError};

/// Default for [`Settings::max_file_size`]: real rules are a few KiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Settings {
    pub max_file_size: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// All findings of one file, sorted by position.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
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
    let inputs = walk::collect(paths)?;
    let files = inputs
        .par_iter()
        .map(|input| check_input(input, settings))
        .collect();
    Ok(Report { files })
}

pub fn check_input(input: &Input, settings: &Settings) -> FileReport {
    match input {
        Input::File(path) => match read(path, settings.max_file_size) {
            Ok(source) => {
                let diagnostics = check_source(&source, settings);
                FileReport {
                    source,
                    diagnostics,
                }
            }
            Err(report) => report,
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
    }
}

/// Reads a file within the size limit. Invalid UTF-8 is reported at its first bad byte and the
/// file is not checked further; the report still carries a lossy copy of the text for display.
fn read(path: &Path, max: u64) -> Result<SourceFile, FileReport> {
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e.to_string()))?;
    let meta = file
        .metadata()
        .map_err(|e| unreadable(path, &e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable(path, "not a regular file"));
    }
    let too_large = |size: String| {
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
    }
    };
    if meta.len() > max {
        return Err(too_large(format!("{} bytes", meta.len())));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow between stat and read; never read past the limit.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(path, &e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(too_large(String::from("larger than the limit")));
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
            Err(FileReport {
                source,
                diagnostics: vec![
                    Diagnostic::new(&INVALID_UTF8, at..end, message)
                        .with_label("invalid byte")
                        .with_help("save the file as UTF-8"),
                ],
            })
        }
    }
}

/// Checks the text of one file (all of its documents).
pub fn check_source(source: &SourceFile, settings: &Settings) -> Vec<Diagnostic> {
    let text: &str = &source.text;
    let parsed = yaml::parse(text);
    let mut out: Vec<Diagnostic> = parsed.errors.iter().map(yaml_diagnostic).collect();
    let docs: Vec<_> = parsed
        .documents
        .iter()
        .filter(|d| !d.is_null() || parsed.documents.len() == 1)
        .collect();
    if docs.iter().all(|d| d.is_null()) && parsed.errors.is_empty() {
        let span = docs.first().map_or(0..0, |d| d.span.clone());
        out.push(
            Diagnostic::new(&EMPTY_FILE, span, "file contains no Sigma rule")
                .with_help("write the rule, or delete the file"),
        );
        return out;
    }
    for root in docs {
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
        crate::schema::check(text, root, kind, &mut out);
        let doc = SigmaDoc::new(text, root);
        let ctx = DocContext {
            source,
            doc: &doc,
            settings,
        };
        for check in doc_checks() {
            check(&ctx, &mut out);
        }
    }
    out.sort_by(|a, b| {
        (a.span.start, a.lint.code, a.span.end).cmp(&(b.span.start, b.lint.code, b.span.end))
    });
    out
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
