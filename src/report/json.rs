//! `--format json`: one object with every diagnostic, lines and columns 1-based, columns in
//! characters.

use serde::Serialize;

use crate::check::Report;
use crate::diagnostics::Severity;

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
