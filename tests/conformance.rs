//! Conformance against real rules: the SigmaHQ corpus (validated by SigmaHQ's own CI against the
//! official schema) and the specification's schema examples must produce no diagnostic at all;
//! the older `deprecated/` and `unsupported/` rules may fail but must never panic the checker or
//! produce a span outside the file.
//!
//! The corpora live next to the project in `../shared`; when they are absent each test says so
//! on stderr and returns.

// The skip notice is printed from a helper, outside the `#[test]` functions clippy.toml covers.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};

use sigscope::check::{Report, Settings, check_paths};

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel)
}

/// The folder, or `None` after printing why the test is skipped.
fn require(rel: &str, test: &str) -> Option<PathBuf> {
    let path = shared(rel);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "skipping: ../shared/{rel} not found ({} does not exist); {test} did not run",
            path.display()
        );
        None
    }
}

fn diagnostic_count(report: &Report) -> usize {
    report.files.iter().map(|f| f.diagnostics.len()).sum()
}

/// `path:line:col code message` of the first `n` diagnostics.
fn first_diagnostics(report: &Report, n: usize) -> String {
    let mut out = String::new();
    for file in &report.files {
        for d in &file.diagnostics {
            if out.lines().count() >= n {
                return out;
            }
            let at = file.source.line_col(d.span.start);
            out.push_str(&format!(
                "{}:{}:{} {} {}\n",
                file.source.display_path(),
                at.line,
                at.column,
                d.code(),
                d.message
            ));
        }
    }
    out
}

fn assert_clean(report: &Report, what: &str) {
    let n = diagnostic_count(report);
    assert!(
        n == 0,
        "{what}: expected no diagnostics, found {n} in {} of {} files; first 20:\n{}",
        report
            .files
            .iter()
            .filter(|f| !f.diagnostics.is_empty())
            .count(),
        report.files.len(),
        first_diagnostics(report, 20)
    );
}

#[test]
fn sigmahq_rules_folders_are_clean() {
    let Some(corpus) = require("corpus/sigmahq", "sigmahq_rules_folders_are_clean") else {
        return;
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("read corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("rules"))
        })
        .collect();
    folders.sort();
    assert!(
        folders.iter().any(|p| p.ends_with("rules")),
        "no `rules` folder in {}",
        corpus.display()
    );
    let report = check_paths(&folders, &Settings::default()).expect("corpus paths exist");
    assert!(
        report.files.len() > 3500,
        "only {} files found under {folders:?}; is the corpus complete?",
        report.files.len()
    );
    assert_clean(&report, "SigmaHQ rules* folders");
}

#[test]
fn specification_schema_examples_are_clean() {
    let Some(examples) = require(
        "spec/tests/schema",
        "specification_schema_examples_are_clean",
    ) else {
        return;
    };
    let report = check_paths(&[examples], &Settings::default()).expect("examples path exists");
    assert!(!report.files.is_empty(), "no example found");
    assert_clean(&report, "specification schema examples");
}

#[test]
fn older_rules_have_valid_spans() {
    let Some(corpus) = require("corpus/sigmahq", "older_rules_have_valid_spans") else {
        return;
    };
    let folders: Vec<PathBuf> = ["deprecated", "unsupported"]
        .iter()
        .map(|f| corpus.join(f))
        .filter(|p| p.is_dir())
        .collect();
    if folders.is_empty() {
        eprintln!(
            "skipping older_rules_have_valid_spans: no deprecated/ or unsupported/ in {}",
            corpus.display()
        );
        return;
    }
    // A panic inside the checker fails this test.
    let report = check_paths(&folders, &Settings::default()).expect("corpus paths exist");
    assert!(!report.files.is_empty());

    let mut bad = Vec::new();
    for file in &report.files {
        let text: &str = &file.source.text;
        for d in &file.diagnostics {
            let spans = std::iter::once((&d.span, "primary"))
                .chain(d.secondary.iter().map(|l| (&l.span, "secondary")));
            for (span, kind) in spans {
                let ok = span.start <= span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end);
                if !ok {
                    bad.push(format!(
                        "{} {} {kind} span {span:?} (text is {} bytes): {}",
                        file.source.display_path(),
                        d.code(),
                        text.len(),
                        d.message
                    ));
                }
            }
            assert!(!d.message.is_empty(), "{}: empty message", d.code());
        }
    }
    assert!(
        bad.is_empty(),
        "{} diagnostics with invalid spans; first 20:\n{}",
        bad.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}
