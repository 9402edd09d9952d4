//! `--statistics`: how many findings each lint produced, most frequent first (ties by code), and
//! how many of them `--fix` can fix, as a table or, with `--format json`, a JSON array.

use std::collections::HashMap;

use serde::Serialize;

use crate::check::Report;
use crate::lint::Lint;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// `--fix` applies unsafe fixes too (`unsafe-fixes`): count them as fixable.
    pub unsafe_fixes: bool,
    /// End the table with the total and fixable lines; `--quiet` leaves them out.
    pub summary: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            unsafe_fixes: false,
            summary: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// Findings with a fix that `--fix` applies.
    pub fixable: usize,
}

/// Counts per lint, most frequent first, then by code.
pub fn rows(report: &Report, opts: Options) -> Vec<Row> {
    let applies = crate::fix::Options {
        unsafe_fixes: opts.unsafe_fixes,
    };
    let mut counts: HashMap<&'static str, (&'static Lint, usize, usize)> = HashMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        let entry = counts.entry(d.code()).or_insert((d.lint, 0, 0));
        entry.1 += 1;
        if d.fix.as_ref().is_some_and(|f| applies.applies(f)) {
            entry.2 += 1;
        }
    }
    let mut rows: Vec<Row> = counts
        .into_values()
        .map(|(lint, count, fixable)| Row {
            code: lint.code,
            name: lint.name,
            count,
            fixable,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// `count  code  name` per line, counts right-aligned, then a total line. When some finding can
/// be fixed, each name is preceded by `[*]` (some of the lint's findings can be fixed) or `[ ]`,
/// as ruff does, and a last line says how many.
pub fn render_text(report: &Report, opts: Options) -> String {
    let rows = rows(report, opts);
    let width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let fixable: usize = rows.iter().map(|r| r.fixable).sum();
    let mut out = String::new();
    for r in &rows {
        let marker = match (fixable, r.fixable) {
            (0, _) => "",
            (_, 0) => "[ ] ",
            _ => "[*] ",
        };
        out.push_str(&format!(
            "{:>width$}  {}  {marker}{}\n",
            r.count, r.code, r.name
        ));
    }
    if !opts.summary {
        return out;
    }
    let total: usize = rows.iter().map(|r| r.count).sum();
    let files = report.files.len();
    out.push_str(&format!(
        "{total} {} in {files} {}\n",
        if total == 1 { "finding" } else { "findings" },
        if files == 1 { "file" } else { "files" },
    ));
    if fixable > 0 {
        // When the count includes unsafe fixes, the command must apply them too.
        let command = if super::human::fixable(report, opts.unsafe_fixes).applied_unsafe {
            "sigscope check --fix --unsafe-fixes"
        } else {
            "sigscope check --fix"
        };
        out.push_str(&format!("[*] {fixable} fixable with `{command}`.\n"));
    }
    out
}

pub fn render_json(report: &Report, opts: Options) -> String {
    let mut s = serde_json::to_string(&rows(report, opts)).unwrap_or_default();
    s.push('\n');
    s
}
