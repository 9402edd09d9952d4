//! Baselines: record the findings of today (`--write-baseline FILE`) and later report only new
//! ones (`--baseline FILE`), so a team can adopt sigscope on a large pack and fix the backlog
//! over time.
//!
//! A finding is identified by its code, its file's path (as reported) and a fingerprint that
//! survives moving lines around: a hash of the code, the text under the primary span, the
//! trimmed text of its line and its occurrence index among the file's findings with the same
//! three. Editing the offending text itself makes the finding new.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::{FileReport, Report};
use crate::diagnostics::Diagnostic;

pub const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    pub path: String,
    pub fingerprint: String,
}

/// The contents of a baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// A baseline file that cannot be read or written.
#[derive(Debug)]
pub struct BaselineError(pub String);

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaselineError {}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Text under `span`, clamped to character boundaries.
fn slice(text: &str, span: &std::ops::Range<usize>) -> String {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].to_string()
}

/// The baseline entries of one file's findings, in the order of its diagnostics.
pub fn entries(file: &FileReport) -> Vec<Entry> {
    let text: &str = &file.source.text;
    let path = file.source.display_path();
    let mut seen: HashMap<(&'static str, String, String), usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let spanned = slice(text, &d.span);
            let line_no = file.source.line_col(d.span.start).line - 1;
            let line_start = file.source.line_start(line_no).unwrap_or(0);
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i);
            let line = text[line_start..line_end].trim().to_string();
            let n = seen
                .entry((d.code(), spanned.clone(), line.clone()))
                .or_default();
            let index = n.to_string();
            *n += 1;
            Entry {
                code: d.code().to_string(),
                path: path.clone(),
                fingerprint: format!("{:016x}", fnv1a(&[d.code(), &spanned, &line, &index])),
            }
        })
        .collect()
}

impl Baseline {
    /// Every finding of `report`.
    pub fn of(report: &Report) -> Self {
        Self {
            version: VERSION,
            findings: report.files.iter().flat_map(entries).collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn read(path: &Path) -> Result<Self, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            BaselineError(format!("cannot read baseline `{}`: {e}", path.display()))
        })?;
        let b: Self = serde_json::from_str(&text).map_err(|e| {
            BaselineError(format!(
                "`{}` is not a sigscope baseline: {e}",
                path.display()
            ))
        })?;
        if b.version != VERSION {
            return Err(BaselineError(format!(
                "baseline `{}` has version {}; this sigscope reads version {VERSION}",
                path.display(),
                b.version
            )));
        }
        Ok(b)
    }

    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        std::fs::write(path, self.to_json())
            .map_err(|e| BaselineError(format!("cannot write baseline `{}`: {e}", path.display())))
    }

    /// Removes the findings recorded in the baseline from `report`; returns how many.
    pub fn apply(&self, report: &mut Report) -> usize {
        let known: HashSet<&Entry> = self.findings.iter().collect();
        let mut removed = 0;
        for file in &mut report.files {
            let keys = entries(file);
            let mut keep = keys.iter().map(|k| !known.contains(k));
            let before = file.diagnostics.len();
            file.diagnostics
                .retain(|_: &Diagnostic| keep.next().unwrap_or(true));
            removed += before - file.diagnostics.len();
        }
        removed
    }
}
