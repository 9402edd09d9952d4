//! `--format gitlab`: a GitLab Code Quality report, the JSON array a merge request widget reads
//! (`artifacts: reports: codequality`). Each finding has a `description`, a `check_name` (the
//! lint code), a `severity` (`major` for errors, `minor` for warnings, `info`), a
//! `location` with the path and the first line, and a `fingerprint` that GitLab uses to tell
//! new findings from fixed ones between two pipelines.
//!
//! The fingerprint is the baseline's (the code, the text the finding points at, its line's
//! text and its occurrence among equal ones) with the path added: it survives edits elsewhere
//! in the file and lines moving, as a baseline entry does, and two findings never share one.

use serde::Serialize;

use crate::baseline::{entries, fnv1a};
use crate::check::Report;
use crate::lint::Severity;
use crate::source::escape_json_controls;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub fn render(report: &Report) -> String {
    let paths: Vec<String> = report
        .files
        .iter()
        .map(|f| f.source.display_path())
        .collect();
    let mut issues = Vec::new();
    for (file, path) in report.files.iter().zip(&paths) {
        for (d, entry) in file.diagnostics.iter().zip(entries(file, path)) {
            issues.push(Issue {
                description: format!("{} {}", d.code(), d.message.replace(['\r', '\n'], " ")),
                check_name: d.code(),
                fingerprint: format!("{:016x}", fnv1a(&[path, &entry.code, &entry.fingerprint])),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: Location {
                    path,
                    lines: Lines {
                        begin: file.source.line_col(d.span.start).line,
                    },
                },
            });
        }
    }
    let json = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| String::from("[]"));
    escape_json_controls(json) + "\n"
}
