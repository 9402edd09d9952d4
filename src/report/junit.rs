//! `--format junit`: JUnit XML, which Jenkins, GitLab, Azure DevOps and most CI servers show as
//! a test report. A `testsuite` per file; a `testcase` per Sigma document (named by its title),
//! and one named after the file for what belongs to no document (a YAML error, a file that is
//! not a rule). A test case fails when it has a finding at or above `--fail-level`, so the
//! failed tests are what made the run fail; the others list their findings in `system-out`.
//!
//! The XML keeps to the elements and attributes of the JUnit schema Jenkins publishes
//! (`testsuites`, `testsuite`, `testcase`, one `failure` with `message` and `type`,
//! `system-out`), which GitLab and the other readers accept.

use std::fmt::Write as _;
use std::ops::Range;

use crate::check::{FileReport, Report};
use crate::diagnostics::Diagnostic;
use crate::lint::Severity;
use crate::source::escape_controls;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Findings at or above this severity fail their test case.
    pub fail_level: Severity,
}

struct Case<'a> {
    name: String,
    /// The document's span; `None` for the file's own test case.
    span: Option<Range<usize>>,
    findings: Vec<&'a Diagnostic>,
}

impl Case<'_> {
    fn fails(&self, level: Severity) -> bool {
        self.findings.iter().any(|d| d.severity >= level)
    }
}

/// The test cases of a file: one per document, and the file's own when a finding lies outside
/// every document or the file has none.
fn cases(file: &FileReport) -> Vec<Case<'_>> {
    let mut cases: Vec<Case<'_>> = file
        .docs
        .iter()
        .map(|doc| Case {
            name: match &doc.title {
                Some(t) if !t.value.trim().is_empty() => t.value.clone(),
                _ => format!("document {}", doc.index + 1),
            },
            span: Some(doc.span.clone()),
            findings: Vec::new(),
        })
        .collect();
    let mut own = Case {
        name: file.source.display_path(),
        span: None,
        findings: Vec::new(),
    };
    for d in &file.diagnostics {
        let home = cases.iter_mut().find(|c| {
            c.span
                .as_ref()
                .is_some_and(|s| s.start <= d.span.start && d.span.start < s.end.max(s.start + 1))
        });
        match home {
            Some(c) => c.findings.push(d),
            None => own.findings.push(d),
        }
    }
    if cases.is_empty() || !own.findings.is_empty() {
        cases.insert(0, own);
    }
    cases
}

/// Text for an XML attribute or element: markup characters as entities, and the characters
/// XML 1.0 cannot hold at all (most controls, U+FFFE, U+FFFF) as Rust escapes them.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape_controls(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "{}", c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

fn finding_line(file: &FileReport, d: &Diagnostic) -> String {
    let at = file.source.line_col(d.span.start);
    format!(
        "{}:{}:{}: {} {} {}",
        file.source.display_path(),
        at.line,
        at.column,
        d.code(),
        d.severity.as_str(),
        d.message.replace(['\r', '\n'], " ")
    )
}

pub fn render(report: &Report, opts: Options) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for file in &report.files {
        let path = xml(&file.source.display_path());
        let cases = cases(file);
        let failed = cases.iter().filter(|c| c.fails(opts.fail_level)).count();
        tests += cases.len();
        failures += failed;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">",
            cases.len()
        );
        for case in &cases {
            let name = xml(&case.name);
            if case.findings.is_empty() {
                let _ = writeln!(
                    suites,
                    "    <testcase name=\"{name}\" classname=\"{path}\"/>"
                );
                continue;
            }
            let _ = writeln!(
                suites,
                "    <testcase name=\"{name}\" classname=\"{path}\">"
            );
            let lines: Vec<String> = case
                .findings
                .iter()
                .map(|d| xml(&finding_line(file, d)))
                .collect();
            if case.fails(opts.fail_level) {
                let failing: Vec<&&Diagnostic> = case
                    .findings
                    .iter()
                    .filter(|d| d.severity >= opts.fail_level)
                    .collect();
                let first = failing[0];
                let message = if failing.len() == 1 {
                    format!(
                        "{} {}",
                        first.code(),
                        first.message.replace(['\r', '\n'], " ")
                    )
                } else {
                    format!(
                        "{} findings at or above {}, first: {} {}",
                        failing.len(),
                        opts.fail_level.as_str(),
                        first.code(),
                        first.message.replace(['\r', '\n'], " ")
                    )
                };
                let _ = writeln!(
                    suites,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    xml(&message),
                    xml(first.code()),
                    lines.join("\n")
                );
            } else {
                let _ = writeln!(
                    suites,
                    "      <system-out>{}</system-out>",
                    lines.join("\n")
                );
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sigscope\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_are_escaped() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1b}\u{fffe}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\\u{1b}\\u{fffe}"
        );
        assert_eq!(xml("tab\tand\nline"), "tab\tand\nline");
    }
}
