//! `--format json`: one object with every diagnostic, lines and columns 1-based, columns in
//! characters.

use std::collections::HashMap;

use serde::Serialize;

use rayon::prelude::*;

use crate::check::{FileReport, Report};
use crate::diagnostics::Applicability;
use crate::lint::Severity;
use crate::source::{LineCol, SourceFile, escape_json_controls};

#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    /// The fix `--fix` would apply, if the lint has one for this finding.
    fix: Option<JsonFix<'a>>,
    /// The other places the finding involves (the first definition of a duplicate id, every
    /// other copy of a file), each with what it is.
    related: Vec<JsonRelated<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonRelated<'a> {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Debug, Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

/// Replace the text from (`line`, `column`) up to (`end_line`, `end_column`), exclusive, with
/// `content`; 1-based, columns in characters.
#[derive(Debug, Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'a str,
}

#[derive(Debug, Serialize)]
struct Summary {
    error: usize,
    warning: usize,
    info: usize,
}

pub fn render(report: &Report) -> String {
    render_parts(report).concat()
}

/// [`render`]'s text in pieces, to be written one after the other: a large report is never
/// copied into one string (17.5 MB for 44,000 findings). The text is what serialising one
/// `{version, files, diagnostics, summary}` object gives.
pub fn render_parts(report: &Report) -> Vec<String> {
    // Each file's diagnostics are serialised on the pool, each one after a comma; the first
    // file's leading comma is dropped below.
    // Only labels in other files need the map; most reports have none. Keyed by the path's
    // bytes: hashing a `Path` walks its components, thousands of times per report.
    let elsewhere = report.files.iter().any(|f| {
        f.diagnostics
            .iter()
            .any(|d| d.secondary.iter().any(|l| l.path.is_some()))
    });
    let sources: Sources<'_> = if elsewhere {
        report
            .files
            .iter()
            .map(|f| (f.source.path.as_os_str().as_encoded_bytes(), &f.source))
            .collect()
    } else {
        Sources::default()
    };
    let files: Vec<String> = report
        .files
        .par_iter()
        .map(|f| render_file(f, &sources))
        .collect();
    let c = report.counts();
    let summary = Summary {
        error: c.error,
        warning: c.warning,
        info: c.info,
    };
    let mut parts = Vec::with_capacity(files.len() + 2);
    parts.push(format!(
        "{{\"version\":1,\"files\":{},\"diagnostics\":[",
        report.files.len()
    ));
    for mut part in files.into_iter().filter(|p| !p.is_empty()) {
        if parts.len() == 1 {
            part.remove(0);
        }
        parts.push(part);
    }
    parts.push(format!(
        "],\"summary\":{}}}\n",
        serde_json::to_string(&summary).unwrap_or_default()
    ));
    parts
}

/// One file's diagnostics as JSON objects, each after a comma (empty without any).
type Sources<'a> = HashMap<&'a [u8], &'a SourceFile, foldhash::fast::RandomState>;

fn render_file(file: &FileReport, sources: &Sources<'_>) -> String {
    let mut out = Vec::new();
    if file.diagnostics.is_empty() {
        return String::new();
    }
    let path = file.source.display_path();
    for d in &file.diagnostics {
        let start = file.source.line_col(d.span.start);
        let end = file.source.line_col(d.span.end);
        let diagnostic = JsonDiagnostic {
            code: d.code(),
            severity: d.severity,
            message: &d.message,
            path: &path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            help: d.help.as_deref(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                message: &f.message,
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let start = file.source.line_col(e.span.start);
                        let end = file.source.line_col(e.span.end);
                        JsonEdit {
                            line: start.line,
                            column: start.column,
                            end_line: end.line,
                            end_column: end.column,
                            content: &e.content,
                        }
                    })
                    .collect(),
            }),
            related: d
                .secondary
                .iter()
                .map(|label| {
                    let src = match &label.path {
                        Some(p) => sources.get(p.as_os_str().as_encoded_bytes()).copied(),
                        None => Some(&file.source),
                    };
                    let path = match (src, &label.path) {
                        (Some(src), _) => src.display_path(),
                        (None, Some(p)) => p.to_string_lossy().replace('\\', "/"),
                        (None, None) => path.clone(),
                    };
                    // A label in a file the report does not hold has no text to count lines
                    // in: it names the file, at its start.
                    let start_of = LineCol { line: 1, column: 1 };
                    let (start, end) = src.map_or((start_of, start_of), |src| {
                        (src.line_col(label.span.start), src.line_col(label.span.end))
                    });
                    JsonRelated {
                        path,
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        message: &label.message,
                    }
                })
                .collect(),
        };
        let mark = out.len();
        out.push(b',');
        if serde_json::to_writer(&mut out, &diagnostic).is_err() {
            // Serialising strings and numbers into memory cannot fail; were it to, the object
            // is dropped whole rather than left half-written.
            out.truncate(mark);
        }
    }
    escape_json_controls(String::from_utf8(out).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::lints::pack::duplicate_detection::DUPLICATE_DETECTION as LINT;
    use crate::source::SourceFile;

    fn file(path: &str, findings: usize) -> FileReport {
        FileReport {
            source: SourceFile::new(path, "title: x\nid: y\n"),
            diagnostics: (0..findings)
                .map(|i| Diagnostic::new(&LINT, i..i + 1, format!("finding \"{i}\"")))
                .collect(),
            docs: Vec::new(),
            identity: None,
        }
    }

    #[test]
    fn parts_are_one_json_document_in_file_order() {
        // Clean files first, between and last: only the first file with findings loses the
        // comma in front of its first object.
        let report = Report {
            files: vec![
                file("a.yml", 0),
                file("b.yml", 2),
                file("c.yml", 0),
                file("d.yml", 1),
                file("e.yml", 0),
            ],
        };
        let parts = render_parts(&report);
        assert_eq!(parts.len(), 4, "head, two files with findings, tail");
        // Only the first file's piece starts without a comma.
        assert!(parts[1].starts_with('{'), "{}", parts[1]);
        assert!(parts[2].starts_with(",{"), "{}", parts[2]);
        let text = parts.concat();
        let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(v["files"], 5);
        let found: Vec<(String, String)> = v["diagnostics"]
            .as_array()
            .expect("array")
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap_or_default().to_owned(),
                    d["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let want = [
            ("b.yml", "finding \"0\""),
            ("b.yml", "finding \"1\""),
            ("d.yml", "finding \"0\""),
        ];
        assert_eq!(
            found,
            want.map(|(p, m)| (p.to_owned(), m.to_owned())).to_vec()
        );
        assert_eq!(v["summary"]["warning"], 3);
    }

    #[test]
    fn no_findings_is_an_empty_list() {
        let report = Report {
            files: vec![file("a.yml", 0)],
        };
        assert_eq!(
            render(&report),
            "{\"version\":1,\"files\":1,\"diagnostics\":[],\"summary\":{\"error\":0,\"warning\":0,\"info\":0}}\n"
        );
    }
}
