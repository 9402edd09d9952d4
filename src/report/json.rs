//! `--format json`: one object with every diagnostic, lines and columns 1-based, columns in
//! characters.

use serde::Serialize;

use crate::check::Report;
use crate::diagnostics::{Applicability, Severity};

#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    /// The fix `--fix` would apply, if the lint has one for this finding.
    fix: Option<JsonFix<'a>>,
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
    let mut diagnostics = Vec::new();
    for file in &report.files {
        let path = file.source.display_path();
        for d in &file.diagnostics {
            let start = file.source.line_col(d.span.start);
            let end = file.source.line_col(d.span.end);
            diagnostics.push(JsonDiagnostic {
                code: d.code(),
                severity: d.severity,
                message: &d.message,
                path: path.clone(),
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
            });
        }
    }
    let c = report.counts();
    let out = JsonReport {
        version: 1,
        files: report.files.len(),
        diagnostics,
        summary: Summary {
            error: c.error,
            warning: c.warning,
            info: c.info,
        },
    };
    let mut s = serde_json::to_string(&out).unwrap_or_default();
    s.push('\n');
    s
}
