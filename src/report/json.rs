//! `--format json`: one object with every diagnostic, lines and columns 1-based, columns in
//! characters.

use serde::Serialize;

use rayon::prelude::*;

use crate::check::{FileReport, Report};
use crate::diagnostics::{Applicability, Severity};

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
    // Each file's diagnostics are serialised on the pool, then put together in file order:
    // the text is what serialising one `{version, files, diagnostics, summary}` object gives.
    let parts: Vec<String> = report.files.par_iter().map(render_file).collect();
    let c = report.counts();
    let summary = Summary {
        error: c.error,
        warning: c.warning,
        info: c.info,
    };
    // Sized up front: on a large pack the text runs to megabytes, and growing it by doubling
    // would copy it several times and hold twice its size at the last step.
    let len: usize = parts.iter().map(|p| p.len() + 1).sum();
    let mut s = String::with_capacity(len + 128);
    s.push_str(&format!(
        "{{\"version\":1,\"files\":{},\"diagnostics\":[",
        report.files.len()
    ));
    let mut first = true;
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !first {
            s.push(',');
        }
        first = false;
        s.push_str(part);
    }
    s.push_str("],\"summary\":");
    s.push_str(&serde_json::to_string(&summary).unwrap_or_default());
    s.push_str("}\n");
    s
}

/// One file's diagnostics as JSON objects separated by commas (empty without any).
fn render_file(file: &FileReport) -> String {
    let mut out = String::new();
    if file.diagnostics.is_empty() {
        return out;
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
        };
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(&diagnostic).unwrap_or_default());
    }
    out
}
