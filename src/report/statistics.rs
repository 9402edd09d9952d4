//! `--statistics`: how many findings each lint produced, most frequent first (ties by code), as
//! a table or, with `--format json`, a JSON array.

use std::collections::HashMap;

use serde::Serialize;

use crate::check::Report;
use crate::lint::Lint;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
}

/// Counts per lint, most frequent first, then by code.
pub fn rows(report: &Report) -> Vec<Row> {
    let mut counts: HashMap<&'static str, (&'static Lint, usize)> = HashMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        counts.entry(d.code()).or_insert((d.lint, 0)).1 += 1;
    }
    let mut rows: Vec<Row> = counts
        .into_values()
        .map(|(lint, count)| Row {
            code: lint.code,
            name: lint.name,
            count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// `count  code  name` per line, counts right-aligned, then a total line.
pub fn render_text(report: &Report) -> String {
    let rows = rows(report);
    let width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for r in &rows {
        out.push_str(&format!("{:>width$}  {}  {}\n", r.count, r.code, r.name));
    }
    let total: usize = rows.iter().map(|r| r.count).sum();
    let files = report.files.len();
    out.push_str(&format!(
        "{total} {} in {files} {}\n",
        if total == 1 { "finding" } else { "findings" },
        if files == 1 { "file" } else { "files" },
    ));
    out
}

pub fn render_json(report: &Report) -> String {
    let mut s = serde_json::to_string(&rows(report)).unwrap_or_default();
    s.push('\n');
    s
}
