//! Baselines: record the findings of today (`--write-baseline FILE`) and later report only new
//! ones (`--baseline FILE`), so a team can adopt sigscope on a large pack and fix the backlog
//! over time.
//!
//! A finding is identified by its code, its file's path and a fingerprint that survives moving
//! lines around: a hash of the code, the text under the primary span, the trimmed text of its
//! line and its occurrence index among the file's findings with the same three. Editing the
//! offending text itself makes the finding new.
//!
//! Paths are stored relative to the baseline file's directory, with `/` separators and
//! lexically normalised ([`Anchor::key`]), so `rules/x.yml`, `./rules/x.yml`, an absolute path
//! and a run from inside `rules/` all name one entry. Version 1 stored paths as reported,
//! relative to the working directory of the run that wrote it; they are read relative to the
//! working directory of the run that reads it, which is right when both run from one place.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::{FileReport, Report};
use crate::diagnostics::Diagnostic;
use crate::settings::Settings;

pub const VERSION: u32 = 2;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    /// Relative to the baseline file's directory (see [`Anchor::key`]).
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

/// What applying a baseline to a report did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings removed from the report because the baseline holds them.
    pub hidden: usize,
    /// Entries that match no finding although they could have: their file was checked (or no
    /// longer exists) and their lint ran.
    pub stale: usize,
}

/// The directory a baseline's paths are relative to: the baseline file's, as an absolute,
/// lexically normal path.
#[derive(Debug, Clone)]
pub struct Anchor {
    cwd: String,
    dir: String,
    /// `dir` with symbolic links resolved, for paths that reach it through a link.
    real_dir: Option<String>,
}

impl Anchor {
    /// The anchor of the baseline file `file`, relative paths read against the working
    /// directory.
    pub fn new(file: &Path) -> Result<Self, BaselineError> {
        let cwd = std::env::current_dir()
            .map_err(|e| BaselineError(format!("cannot read the working directory: {e}")))?;
        Ok(Self::with_cwd(file, &cwd))
    }

    pub fn with_cwd(file: &Path, cwd: &Path) -> Self {
        let cwd = absolute(&slashes(cwd), "/");
        let file = absolute(&slashes(file), &cwd);
        let dir = match file.rfind('/') {
            Some(0) => String::from("/"),
            Some(i) if !file[..i].ends_with(':') => file[..i].to_string(),
            Some(i) => file[..=i].to_string(),
            None => file.clone(),
        };
        let real_dir = std::fs::canonicalize(&dir).ok().map(|p| slashes(&p));
        Self { cwd, dir, real_dir }
    }

    /// `path` (as reported: relative to the working directory, or absolute) in the form a
    /// baseline stores: relative to the baseline's directory when under it, with `..` steps
    /// when beside it; `/` separators (`\` is read as one), no `.` or empty components.
    pub fn key(&self, path: &str) -> String {
        let abs = absolute(&path.replace('\\', "/"), &self.cwd);
        if let Some(rel) = under(&abs, &self.dir) {
            return rel.to_string();
        }
        if let Some(real_dir) = &self.real_dir
            && let Ok(real) = std::fs::canonicalize(&abs)
            && let Some(rel) = under(&slashes(&real), real_dir)
        {
            return rel.to_string();
        }
        relative(&abs, &self.dir)
    }

    /// Whether the file an entry names exists.
    fn exists(&self, key: &str) -> bool {
        Path::new(&absolute(key, &self.dir)).exists()
    }
}

/// A path as a string with `/` separators; Windows' verbatim prefix `\\?\` dropped.
fn slashes(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix(r"\\?\").unwrap_or(&s);
    s.replace('\\', "/")
}

/// Length of the root of a `/`-separated path: `/`, `C:/` or `C:`; 0 when relative.
fn root_len(path: &str) -> usize {
    let b = path.as_bytes();
    if b.first() == Some(&b'/') {
        1
    } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        if b.get(2) == Some(&b'/') { 3 } else { 2 }
    } else {
        0
    }
}

/// `path` made absolute against `cwd` (itself absolute) and lexically normalised: no `.`, no
/// empty components, and `..` removing the component before it (at the root it is dropped).
/// Symbolic links are not resolved.
fn absolute(path: &str, cwd: &str) -> String {
    let (root, parts): (&str, Vec<&str>) = match root_len(path) {
        0 => {
            let r = root_len(cwd);
            (
                &cwd[..r],
                cwd[r..].split('/').chain(path.split('/')).collect(),
            )
        }
        r => (&path[..r], path[r..].split('/').collect()),
    };
    let mut out: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            _ => out.push(part),
        }
    }
    format!("{root}{}", out.join("/"))
}

/// `path` relative to `dir` when it is `dir` or under it.
fn under<'a>(path: &'a str, dir: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(dir)?;
    if dir.ends_with('/') || rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix('/')
    }
}

/// `path` relative to `dir` with `..` steps; `path` itself when the roots differ.
fn relative(path: &str, dir: &str) -> String {
    let (pr, dr) = (root_len(path), root_len(dir));
    if path[..pr] != dir[..dr] {
        return path.to_string();
    }
    let p: Vec<&str> = path[pr..].split('/').filter(|c| !c.is_empty()).collect();
    let d: Vec<&str> = dir[dr..].split('/').filter(|c| !c.is_empty()).collect();
    let common = p.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; d.len() - common];
    out.extend(&p[common..]);
    out.join("/")
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
pub(crate) fn fnv1a(parts: &[&str]) -> u64 {
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

/// The baseline entries of one file's findings, in the order of its diagnostics, under the
/// path `path`.
pub fn entries(file: &FileReport, path: &str) -> Vec<Entry> {
    entries_as(file, path, |d| Some(d.code()))
        .into_iter()
        .flatten()
        .collect()
}

/// The entries of one file's findings as if each were reported under the code `code_of` gives
/// it (`None`: no entry, and not counted among the occurrences), in the order of its
/// diagnostics.
fn entries_as(
    file: &FileReport,
    path: &str,
    code_of: impl Fn(&Diagnostic) -> Option<&'static str>,
) -> Vec<Option<Entry>> {
    let text: &str = &file.source.text;
    let mut seen: HashMap<(&'static str, String, String), usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let code = code_of(d)?;
            let spanned = slice(text, &d.span);
            let line_no = file.source.line_col(d.span.start).line - 1;
            let line_start = file.source.line_start(line_no).unwrap_or(0);
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i);
            let line = text[line_start..line_end].trim().to_string();
            let n = seen
                .entry((code, spanned.clone(), line.clone()))
                .or_default();
            let index = n.to_string();
            *n += 1;
            Some(Entry {
                code: code.to_string(),
                path: path.to_string(),
                fingerprint: format!("{:016x}", fnv1a(&[code, &spanned, &line, &index])),
            })
        })
        .collect()
}

impl Baseline {
    /// Every finding of `report`, paths relative to `anchor`.
    pub fn of(report: &Report, anchor: &Anchor) -> Self {
        Self {
            version: VERSION,
            findings: report
                .files
                .iter()
                .flat_map(|f| entries(f, &anchor.key(&f.source.display_path())))
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads the baseline file `path`; the paths of a version-1 baseline are taken relative to
    /// the working directory and turned into this version's form.
    pub fn read(path: &Path, anchor: &Anchor) -> Result<Self, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            BaselineError(format!("cannot read baseline `{}`: {e}", path.display()))
        })?;
        let mut b: Self = serde_json::from_str(&text).map_err(|e| {
            BaselineError(format!(
                "`{}` is not a sigscope baseline: {e}",
                path.display()
            ))
        })?;
        match b.version {
            1 => {
                for e in &mut b.findings {
                    e.path = anchor.key(&e.path);
                }
                b.version = VERSION;
            }
            VERSION => {}
            v => {
                return Err(BaselineError(format!(
                    "baseline `{}` has version {v}; this sigscope reads versions 1 and {VERSION}: \
                     update sigscope or write the baseline again with `--write-baseline`",
                    path.display()
                )));
            }
        }
        Ok(b)
    }

    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        std::fs::write(path, self.to_json())
            .map_err(|e| BaselineError(format!("cannot write baseline `{}`: {e}", path.display())))
    }

    /// Removes the findings recorded in the baseline from `report`, and counts the entries
    /// that no longer match: those whose file was checked, or no longer exists, and whose lint
    /// ran (`settings`), but that matched no finding.
    ///
    /// An entry recorded under a retired code (`SC104`, by an older sigscope) matches the
    /// finding of a lint that took over its findings as it matched then: the fingerprint is
    /// computed under the retired code, counting occurrences among all of them.
    pub fn apply(&self, report: &mut Report, anchor: &Anchor, settings: &Settings) -> Applied {
        let known: HashSet<&Entry> = self.findings.iter().collect();
        let retired: Vec<&'static str> = crate::lints::RETIRED
            .iter()
            .map(|r| r.code)
            .filter(|code| self.findings.iter().any(|e| e.code == *code))
            .collect();
        let mut matched: HashSet<&Entry> = HashSet::new();
        let mut checked: HashSet<String> = HashSet::new();
        let mut hidden = 0;
        for file in &mut report.files {
            let path = anchor.key(&file.source.display_path());
            let mut keys = vec![entries_as(file, &path, |d| Some(d.code()))];
            for &old in &retired {
                keys.push(entries_as(file, &path, |d| {
                    d.lint.formerly.iter().any(|r| r.code == old).then_some(old)
                }));
            }
            checked.insert(path);
            let mut keep = (0..file.diagnostics.len()).map(|i| {
                let mut found = false;
                for key in keys.iter().filter_map(|k| k[i].as_ref()) {
                    if let Some(&e) = known.get(key) {
                        matched.insert(e);
                        found = true;
                    }
                }
                !found
            });
            let before = file.diagnostics.len();
            file.diagnostics.retain(|_| keep.next().unwrap_or(true));
            hidden += before - file.diagnostics.len();
        }
        let ran = |code: &str| match (crate::lints::by_code(code), crate::lints::retired(code)) {
            (Some(l), _) => settings.enabled(l),
            (None, Some(r)) => crate::lints::successors(r)
                .iter()
                .any(|l| settings.enabled(l)),
            (None, None) => true,
        };
        let stale = self
            .findings
            .iter()
            .filter(|e| !matched.contains(e) && ran(&e.code))
            .filter(|e| checked.contains(&e.path) || !anchor.exists(&e.path))
            .count();
        Applied { hidden, stale }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_take_one_form() {
        let a = Anchor::with_cwd(Path::new("baseline.json"), Path::new("/repo"));
        for p in [
            "rules/x.yml",
            "./rules/x.yml",
            "rules//x.yml",
            "rules/./sub/../x.yml",
            "rules\\x.yml",
            "/repo/rules/x.yml",
            "/repo/../repo/rules/x.yml",
        ] {
            assert_eq!(a.key(p), "rules/x.yml", "{p}");
        }
        assert_eq!(a.key("../other/x.yml"), "../other/x.yml");
        assert_eq!(a.key("/elsewhere/x.yml"), "../elsewhere/x.yml");
        // From inside `rules/`, with the baseline one level up.
        let a = Anchor::with_cwd(Path::new("../baseline.json"), Path::new("/repo/rules"));
        assert_eq!(a.key("x.yml"), "rules/x.yml");
        assert_eq!(a.key("./sub/y.yml"), "rules/sub/y.yml");
        // A baseline in a folder of its own; at the root.
        let a = Anchor::with_cwd(Path::new("/repo/.ci/baseline.json"), Path::new("/tmp"));
        assert_eq!(a.key("/repo/rules/x.yml"), "../rules/x.yml");
        let a = Anchor::with_cwd(Path::new("/baseline.json"), Path::new("/repo"));
        assert_eq!(a.key("rules/x.yml"), "repo/rules/x.yml");
        // Windows paths.
        let a = Anchor::with_cwd(Path::new("C:\\repo\\baseline.json"), Path::new("/"));
        assert_eq!(a.key("C:\\repo\\rules\\x.yml"), "rules/x.yml");
        assert_eq!(a.key("D:\\x.yml"), "D:/x.yml");
    }
}
